package steps

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/config"

	"github.com/bslwiz/bslwiz/aws"
	"github.com/bslwiz/bslwiz/aws/iampolicy"
)

// Step is one step of the guide. Every step has a Preview, which only
// reads: it discovers and computes what Apply would do. Steps that change
// something (Mutates) list the exact calls in their Preview, and Apply makes
// those calls only after the caller has confirmed that Preview. Apply is
// idempotent: it discovers what exists, adopts it, and changes nothing the
// second time.
//
// A step says everything a face needs to show it (Screen, and its preview's
// Change and Artifact), so no face ever asks which step it is.
type Step struct {
	ID      StepID
	Title   string
	Guide   string   // the guide's words, shortened
	Fields  []string // keys of the fields the step asks for
	Mutates bool
	Checks  []CheckID // the live checks that matter on this step
	// Applies says whether the step is part of a plan; nil means always.
	Applies func(Plan) bool
	Screen  Screen

	preview func(ctx context.Context, s *Session) (*Preview, error)
	apply   func(ctx context.Context, s *Session, pv *Preview, progress func(Progress)) error
	// hypothetical previews the step in plan mode from what an earlier step
	// would make (PlanAll); nil when the step can always read for real.
	hypothetical func(s *Session, h *hypothesis) (*Preview, error)
	// prefetch reads ahead what preview will read, while the step before
	// is on screen (Engine.Prefetch); nil when there is nothing to read.
	prefetch func(ctx context.Context, s *Session)
}

// Screen is what a face shows around a step, declared by the step.
type Screen struct {
	// Busy is said while the step's preview runs ("Connecting to Palette").
	Busy string
	// Verb is what continuing past a read-only preview does ("continue",
	// "validate").
	Verb string
	// Applying and Applied describe the step's apply while it runs and once
	// it is done, when it does more than record the step: a read-only step
	// that calls out (validate), or a change that is not a plain list of
	// calls. Empty: the face's generic words.
	Applying, Applied string
	// DraftChecks is set on a step whose fields make the clients the live
	// checks use (Palette's endpoint and key): until the form is submitted
	// its checks run on a draft session made from the form.
	DraftChecks bool
}

// verb returns the step's Verb, "continue" by default.
func (sc Screen) verb() string {
	if sc.Verb == "" {
		return "continue"
	}
	return sc.Verb
}

// Preview reads what the step needs and reports what Apply would do.
func (st Step) Preview(ctx context.Context, s *Session) (*Preview, error) {
	if err := st.validate(s); err != nil {
		return nil, err
	}
	pv, err := st.preview(ctx, s)
	if err != nil {
		if signInError(err) {
			// The first step that needs Account B signs in, whichever it
			// is (step 4 detects the bucket's region): the sign-in's own
			// words say what failed, a step's name would mislead.
			return nil, err
		}
		return nil, fmt.Errorf("%s: %w", st.label(s), err)
	}
	pv.ID, pv.Title, pv.Mutates, pv.Verb = st.ID, st.Title, st.Mutates, st.Screen.verb()
	pv.Number, _ = Position(s.RawPlan(), st.ID)
	if len(pv.Calls) == 0 {
		pv.NoChange = true
	}
	pv.planKey = planKey(s.RawPlan())
	return pv, nil
}

// label names the step in errors: "step 6 (Account B policy and role)".
func (st Step) label(s *Session) string {
	if n, _ := Position(s.RawPlan(), st.ID); n > 0 {
		return fmt.Sprintf("step %d (%s)", n, st.Title)
	}
	return fmt.Sprintf("step %s (%s)", st.ID, st.Title)
}

// planKey fingerprints a plan, so a preview is never applied to a plan that
// changed after it was shown.
func planKey(p Plan) string {
	b, _ := json.Marshal(p)
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// Apply carries out a previewed step. For a mutating step it refuses a plan
// that breaks a rule, so no mutating call ever runs on an invalid plan.
func (st Step) Apply(ctx context.Context, s *Session, pv *Preview, progress func(Progress)) error {
	if pv == nil || pv.ID != st.ID {
		return fmt.Errorf("%s: apply needs this step's preview", st.label(s))
	}
	if err := st.validate(s); err != nil {
		return err
	}
	if pv.planKey != planKey(s.RawPlan()) {
		return fmt.Errorf("%s: the plan changed after the preview; preview the step again", st.label(s))
	}
	if progress == nil {
		progress = func(Progress) {}
	}
	if st.apply != nil {
		if err := st.apply(ctx, s, pv, progress); err != nil {
			return fmt.Errorf("%s: %w", st.label(s), err)
		}
	}
	if s.journal() != nil {
		s.journal().MarkDone(st.ID, s.now())
		if err := s.journal().Save(); err != nil {
			return err
		}
	}
	return nil
}

// validate checks the fields of this step and every step before it.
func (st Step) validate(s *Session) error {
	return s.Plan().ValidateThrough(st.ID).Err()
}

// Preview is what a step found and what its Apply would change.
type Preview struct {
	ID      StepID
	Title   string
	Mutates bool
	// Number is the step's position among the steps of the plan, for
	// display only ("Step 6 of 13"); nothing compares it.
	Number int
	// Verb is what continuing past a read-only preview does.
	Verb string
	// Facts are what the step found, one line each, for display.
	Facts []string
	// Calls are the exact mutating API calls Apply will make, in order.
	Calls []Call
	// Documents are the JSON documents the calls send.
	Documents []Document
	// Change is a document the step changes, before and after.
	Change *DocumentChange
	// TrustEvaluation is who can assume the role before and after a step
	// that writes or adopts its trust policy (see EvaluateTrust).
	TrustEvaluation *TrustEvaluation
	// Artifact is a value the user may copy (the role ARN).
	Artifact *Artifact
	// Warnings are things the user should know but that do not block.
	Warnings []string
	// NoChange is true when Apply would change nothing.
	NoChange bool
	// NoChangeWhy says why nothing changes when it is not that everything
	// already matches (a grant bslwiz cannot aim, say).
	NoChangeWhy string

	// data carried from preview to apply
	data any
	// planKey is the plan the preview was made for.
	planKey string
}

// Artifact is a value a step hands the user to copy or keep, such as the
// role ARN the guide copies from AWS into Palette.
type Artifact struct {
	Label string // "role ARN"
	Value string
	// File is the file name a face writes it to, in the current directory.
	File string
	// Note says what becomes of it ("bslwiz fills it in on step 11 itself.").
	Note string
}

// Call is one API call a step makes, with the account it runs in.
type Call struct {
	Service string // "iam", "palette"
	Action  string // "CreateRole", "POST /v1/users/assets/locations/s3"
	Target  string // what it acts on
	Where   string // "111122223333 (Account B)", "api.spectrocloud.com project Default"
}

// String renders the call for previews and confirmations.
func (c Call) String() string {
	return fmt.Sprintf("%s:%s %s — in %s", c.Service, c.Action, c.Target, c.Where)
}

// Document is a JSON document a step sends, in canonical form.
type Document struct {
	Title string
	Body  string
}

// DocumentChange is a document a step changes: its text before and after
// (canonical), and the line diff between them.
type DocumentChange struct {
	// Name is what the document is, as a face titles it ("trust policy").
	Name   string
	Before string // canonical; empty for a new document
	After  string // canonical
	Diff   iampolicy.Diff
	// ShowDiff is set when the change reads best as a diff: an edit of a
	// document that exists. A new document is shown whole instead.
	ShowDiff bool
}

func newTrustChange(before, after string) *DocumentChange {
	b, a := "", after
	if before != "" {
		if c, err := iampolicy.Canonicalize(before); err == nil {
			b = c
		} else {
			b = before
		}
	}
	if c, err := iampolicy.Canonicalize(after); err == nil {
		a = c
	}
	d := iampolicy.LineDiff(b, a, 3)
	return &DocumentChange{Name: "trust policy", Before: b, After: a, Diff: d, ShowDiff: b != "" && !d.Empty()}
}

// Progress reports what a long Apply is doing, for a spinner or a countdown.
type Progress struct {
	Step    StepID
	Message string
	// Retry is set while waiting for IAM to propagate.
	Retry *Retry
}

// Retry is a bounded wait in progress.
type Retry struct {
	Attempt   int
	Elapsed   time.Duration
	Remaining time.Duration
	Next      time.Duration // until the next attempt
	Reason    string
}

// String renders the retry for a progress line.
func (r Retry) String() string {
	return fmt.Sprintf("attempt %d failed (%s); retrying in %s, %s left — IAM changes take time to propagate",
		r.Attempt, r.Reason, r.Next.Round(time.Second), r.Remaining.Round(time.Second))
}

// Render prints a preview as plain text: facts, calls, documents, the trust
// diff and warnings. The headless plan and the accessible mode use it.
func (pv *Preview) Render() string {
	var b strings.Builder
	if pv.Number > 0 {
		fmt.Fprintf(&b, "Step %d. %s\n", pv.Number, pv.Title)
	} else {
		fmt.Fprintf(&b, "%s\n", pv.Title)
	}
	for _, f := range pv.Facts {
		fmt.Fprintf(&b, "  %s\n", f)
	}
	for _, w := range pv.Warnings {
		fmt.Fprintf(&b, "  warning: %s\n", w)
	}
	if pv.Mutates {
		if pv.NoChange && pv.NoChangeWhy != "" {
			b.WriteString("  no change: " + pv.NoChangeWhy + "\n")
		} else if pv.NoChange {
			b.WriteString("  no change: everything already matches\n")
		} else {
			b.WriteString("  will call:\n")
			for i, c := range pv.Calls {
				fmt.Fprintf(&b, "    %d. %s\n", i+1, c)
			}
		}
	}
	for _, d := range pv.Documents {
		fmt.Fprintf(&b, "  %s:\n", d.Title)
		for _, l := range strings.Split(strings.TrimRight(d.Body, "\n"), "\n") {
			fmt.Fprintf(&b, "    %s\n", l)
		}
	}
	if pv.Change != nil && pv.Change.Before != "" && !pv.Change.Diff.Empty() { // a new document is shown whole above
		b.WriteString("  " + pv.Change.Name + " diff (before → after):\n")
		for _, l := range strings.Split(strings.TrimRight(pv.Change.Diff.Unified(), "\n"), "\n") {
			fmt.Fprintf(&b, "    %s\n", l)
		}
	}
	if ev := pv.TrustEvaluation; ev != nil {
		b.WriteString("  who can assume the role (evaluated):\n")
		for _, l := range ev.TextLines() {
			fmt.Fprintf(&b, "    %s\n", l)
		}
	}
	return b.String()
}

// signInError reports whether err is a failed sign-in to AWS: no or
// refused credentials, an expired SSO session, MFA, or the wrong account.
func signInError(err error) bool {
	var (
		wa  *aws.WrongAccountError
		cre *aws.CredentialsRefusedError
		sso *aws.SSOExpiredError
		mfa *aws.MFARequiredError
		npe config.SharedConfigProfileNotExistError
	)
	return errors.Is(err, aws.ErrNoCredentials) || errors.As(err, &wa) || errors.As(err, &cre) || errors.As(err, &sso) || errors.As(err, &mfa) ||
		errors.As(err, &npe)
}
