package steps

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/bslwiz/bslwiz/aws/iampolicy"
)

// Step is one of the guide's 13 steps. Every step has a Preview, which only
// reads: it connects, discovers and computes what Apply would do. Steps that
// change something (Mutates) list the exact calls in their Preview, and Apply
// makes those calls only after the caller has confirmed that Preview. Apply is
// idempotent: it discovers what exists, adopts it, and changes nothing the
// second time.
type Step struct {
	Number  int
	Title   string
	Guide   string   // the guide's words, shortened
	Fields  []string // keys of the fields the step asks for
	Mutates bool
	Checks  []CheckID // the live checks that matter on this step

	preview func(ctx context.Context, s *Session) (*Preview, error)
	apply   func(ctx context.Context, s *Session, pv *Preview, progress func(Progress)) error
}

// Preview reads what the step needs and reports what Apply would do.
func (st Step) Preview(ctx context.Context, s *Session) (*Preview, error) {
	if err := st.validate(s); err != nil {
		return nil, err
	}
	pv, err := st.preview(ctx, s)
	if err != nil {
		return nil, fmt.Errorf("step %d (%s): %w", st.Number, st.Title, err)
	}
	pv.Step, pv.Title, pv.Mutates = st.Number, st.Title, st.Mutates
	if len(pv.Calls) == 0 {
		pv.NoChange = true
	}
	pv.planKey = planKey(s.RawPlan())
	return pv, nil
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
	if pv == nil || pv.Step != st.Number {
		return fmt.Errorf("step %d (%s): apply needs this step's preview", st.Number, st.Title)
	}
	if err := st.validate(s); err != nil {
		return err
	}
	if pv.planKey != planKey(s.RawPlan()) {
		return fmt.Errorf("step %d (%s): the plan changed after the preview; preview the step again", st.Number, st.Title)
	}
	if progress == nil {
		progress = func(Progress) {}
	}
	if st.apply != nil {
		if err := st.apply(ctx, s, pv, progress); err != nil {
			return fmt.Errorf("step %d (%s): %w", st.Number, st.Title, err)
		}
	}
	if s.journal() != nil {
		s.journal().MarkDone(st.Number, s.now())
		if err := s.journal().Save(); err != nil {
			return err
		}
	}
	return nil
}

// validate checks the fields of this step and every step before it.
func (st Step) validate(s *Session) error {
	return s.Plan().ValidateSteps(st.Number).Err()
}

// Preview is what a step found and what its Apply would change.
type Preview struct {
	Step    int
	Title   string
	Mutates bool
	// Facts are what the step found, one line each, for display.
	Facts []string
	// Calls are the exact mutating API calls Apply will make, in order.
	Calls []Call
	// Documents are the JSON documents the calls send.
	Documents []Document
	// Trust is the trust-policy change, when the step makes one.
	Trust *TrustChange
	// Warnings are things the user should know but that do not block.
	Warnings []string
	// NoChange is true when Apply would change nothing.
	NoChange bool

	// data carried from preview to apply
	data any
	// planKey is the plan the preview was made for.
	planKey string
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

// TrustChange is a trust policy before and after a step.
type TrustChange struct {
	Before string // canonical; empty for a new role
	After  string // canonical
	Diff   iampolicy.Diff
}

func newTrustChange(before, after string) *TrustChange {
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
	return &TrustChange{Before: b, After: a, Diff: iampolicy.LineDiff(b, a, 3)}
}

// Progress reports what a long Apply is doing, for a spinner or a countdown.
type Progress struct {
	Step    int
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
	fmt.Fprintf(&b, "Step %d. %s\n", pv.Step, pv.Title)
	for _, f := range pv.Facts {
		fmt.Fprintf(&b, "  %s\n", f)
	}
	for _, w := range pv.Warnings {
		fmt.Fprintf(&b, "  warning: %s\n", w)
	}
	if pv.Mutates {
		if pv.NoChange {
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
	if pv.Trust != nil && pv.Trust.Before != "" && !pv.Trust.Diff.Empty() { // a new document is shown whole above
		b.WriteString("  trust policy diff (before → after):\n")
		for _, l := range strings.Split(strings.TrimRight(pv.Trust.Diff.Unified(), "\n"), "\n") {
			fmt.Fprintf(&b, "    %s\n", l)
		}
	}
	return b.String()
}
