package steps

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/bslwiz/bslwiz/aws"
	"github.com/bslwiz/bslwiz/aws/iampolicy"
	"github.com/bslwiz/bslwiz/rules"
)

// Account A's side of the trust. A cross-account AssumeRole needs both
// halves: Account B's trust names Account A (step "append-account-a"), and
// the principal in Account A that calls sts:AssumeRole has an identity
// policy in A allowing it on B's role. Palette's validate proves neither
// for the cluster, so bslwiz checks the second half with Account A's own
// credentials (--account-a-profile), and offers one change in Account A:
// an inline policy on that principal, previewed and confirmed on its own.

// AccountA is what the engine asks of Account A: the calls of *aws.Client
// it makes there, and no more. It never holds Account B's credentials.
type AccountA interface {
	Identity() aws.Identity
	SimulateRoleInRegion(ctx context.Context, roleARN, region string, checks []aws.ActionCheck) ([]aws.Denial, error)
	GetRolePolicy(ctx context.Context, roleName, name string) (string, bool, error)
	PutRolePolicy(ctx context.Context, roleName, name, doc string) error
	DeleteRolePolicy(ctx context.Context, roleName, name string) error
	WorkloadRoles(ctx context.Context) ([]aws.WorkloadRole, error)
}

// AccountAGrant is the inline policy bslwiz put on Account A's principal:
// undo deletes it, or puts back the document it replaced.
type AccountAGrant struct {
	Account string `json:"account"`
	Role    string `json:"role"` // the role's name
	Policy  string `json:"policy"`
	// Document is what bslwiz wrote; undo refuses to delete one that
	// someone changed since.
	Document string `json:"document"`
	// Before is the policy of that name the role had before, "" for none.
	Before string `json:"before,omitempty"`
}

// accountAConn is the session's Account A client, made for one profile.
type accountAConn struct {
	profile string
	c       AccountA
	check   *AccountACheck // the last simulation in Account A
	// palette is what Palette says of the project's clusters and cloud
	// accounts; derived is Account A as --cluster derivedFor names it.
	palette             paletteCloudFacts
	derived, derivedFor string
}

// ErrNoAccountAProfile is what needs Account A's credentials when the plan
// names none.
var ErrNoAccountAProfile = errors.New("no Account A profile (--account-a-profile, BSLWIZ_ACCOUNT_A_PROFILE)")

// AccountAGrantName is the inline policy bslwiz puts on Account A's
// principal: bslwiz-<location>-assume.
func AccountAGrantName(p Plan) string { return "bslwiz-" + p.LocationName + "-assume" }

// AccountAGrantDocument is that policy: sts:AssumeRole on exactly B's role.
func AccountAGrantDocument(roleARN string) string {
	return `{"Version":"2012-10-17","Statement":[{"Sid":"BslwizAssumeBackupRole","Effect":"Allow","Action":"sts:AssumeRole","Resource":"` + roleARN + `"}]}`
}

// AccountAPrincipal returns the role in Account A whose backups assume B's
// role: --account-a given as a role ARN. ok is false for a 12-digit account
// (or a root ARN): some principal in A must be granted, and bslwiz cannot
// know which one.
func AccountAPrincipal(p Plan) (roleARN, roleName string, ok bool) {
	v := strings.TrimSpace(p.AccountA)
	i := strings.Index(v, ":role/")
	if !strings.HasPrefix(v, "arn:") || i < 0 {
		return "", "", false
	}
	rest := v[i+len(":role/"):]
	return v, rest[strings.LastIndex(rest, "/")+1:], true
}

// accountAWhere labels Account A calls in previews.
func accountAWhere(account string) string { return account + " (Account A)" }

// AccountAClient returns the Account A client, signing in with the plan's
// accountAProfile on first use. It refuses a profile that signs in to any
// account other than Account A (Account B's above all).
func (s *Session) AccountAClient(ctx context.Context) (AccountA, error) {
	p := s.Plan()
	if p.AccountAProfile == "" {
		return nil, ErrNoAccountAProfile
	}
	s.mu.Lock()
	if s.acctA.c != nil && s.acctA.profile == p.AccountAProfile {
		c := s.acctA.c
		s.mu.Unlock()
		return c, nil
	}
	s.mu.Unlock()
	opts := s.Backends.AccountA
	opts.Profile = p.AccountAProfile
	if opts.Endpoint == "" {
		opts.Endpoint = s.Backends.AWS.Endpoint
	}
	if opts.Region == "" {
		opts.Region = s.Backends.AWS.Region
	}
	if opts.PropagationTimeout == 0 {
		opts.PropagationTimeout = s.PropagationTimeout
	}
	var c AccountA
	if s.Backends.ConnectAccountA != nil {
		var err error
		if c, err = s.Backends.ConnectAccountA(ctx, opts); err != nil {
			return nil, fmt.Errorf("sign in to Account A with profile %s: %w", p.AccountAProfile, err)
		}
	} else {
		ac, err := aws.Connect(ctx, opts)
		if err != nil {
			return nil, fmt.Errorf("sign in to Account A with profile %s: %w", p.AccountAProfile, err)
		}
		c = ac
	}
	id := c.Identity()
	want, _ := accountOf(p.AccountA)
	wrong := &aws.WrongAccountError{Got: id.Account, Want: want, ARN: id.ARN}
	switch {
	case p.AccountB != "" && id.Account == p.AccountB:
		return nil, &accountAProfileError{wrong, fmt.Sprintf("profile %s signs in to Account B (%s as %s), not Account A: give --account-a-profile a profile of Account A %s",
			p.AccountAProfile, id.Account, id.ARN, want)}
	case want != "" && id.Account != want:
		return nil, &accountAProfileError{wrong, fmt.Sprintf("profile %s signs in to account %s (as %s), not Account A %s: give --account-a-profile a profile of Account A",
			p.AccountAProfile, id.Account, id.ARN, want)}
	}
	s.mu.Lock()
	// What Palette said of the clusters, and Account A derived from one,
	// stay: they are not the client's.
	s.acctA.profile, s.acctA.c, s.acctA.check = p.AccountAProfile, c, nil
	s.mu.Unlock()
	return c, nil
}

// AccountACheck is what the simulation in Account A says of the principal's
// half of the assume-role.
type AccountACheck struct {
	// Principal is A's role ARN; empty when --account-a is an account.
	Principal string
	// Target is B's role ARN.
	Target string
	// Allowed: the simulator in A allows sts:AssumeRole on Target.
	Allowed bool
	// SCP: an SCP of Account A's organization denies it; a grant cannot help.
	SCP bool
	// Reason says what was found, in one line.
	Reason string
}

// checkAccountA simulates, in Account A, sts:AssumeRole by the principal on
// B's role (identity policies, boundary and SCPs, as the real simulator).
func (s *Session) checkAccountA(ctx context.Context, c AccountA, p Plan, target string) (AccountACheck, error) {
	principal, _, ok := AccountAPrincipal(p)
	r := AccountACheck{Principal: principal, Target: target}
	if !ok {
		r.Reason = "Account B's trust names the whole account " + p.AccountA + ": some principal in it must be allowed sts:AssumeRole on " +
			target + ", and bslwiz cannot know which; give --account-a as that role's ARN to check it"
		return r, nil
	}
	denials, err := c.SimulateRoleInRegion(ctx, principal, p.Region, []aws.ActionCheck{{Action: "sts:AssumeRole", Resource: target}})
	if err != nil {
		return r, fmt.Errorf("simulate sts:AssumeRole by %s in Account A: %w", principal, err)
	}
	switch {
	case len(denials) == 0:
		r.Allowed = true
		r.Reason = "the simulator in Account A allows " + principal + " sts:AssumeRole on " + target
	case denials[0].Cause == aws.CauseOrganizations:
		r.SCP = true
		r.Reason = "a service control policy of Account A's organization denies " + principal + " sts:AssumeRole on " + target +
			": no grant in Account A can lift it; ask the organization's administrators"
	default:
		r.Reason = "no identity policy in Account A allows " + principal + " sts:AssumeRole on " + target + " (" + denials[0].Decision + ")"
	}
	return r, nil
}

// accountANeeds is what Account A needs when bslwiz cannot check it (no
// --account-a-profile): the policy and the aws CLI command that grants it.
func accountANeeds(p Plan, target string) (Document, string) {
	name := AccountAGrantName(p)
	doc := Document{Title: "Account A needs (run with Account A's credentials): inline policy " + name, Body: mustCanonical(AccountAGrantDocument(target))}
	role := "ROLE_IN_ACCOUNT_A"
	if _, n, ok := AccountAPrincipal(p); ok {
		role = n
	}
	cmd := "aws iam put-role-policy --role-name " + role + " --policy-name " + name +
		" --policy-document '" + AccountAGrantDocument(target) + "'"
	return doc, cmd
}

type grantData struct {
	account, role, name, doc, before string
}

func stepGrantAccountA() Step {
	return Step{
		ID: StepGrantAccountA, Title: "Grant in Account A",
		Screen: Screen{Busy: "Simulating sts:AssumeRole in Account A"},
		Guide: "The guide stops at the trust. A cross-account assume-role needs the other half too: the principal in Account A " +
			"must be allowed sts:AssumeRole on the role by an identity policy in its own account. bslwiz simulates it with Account A's " +
			"credentials and, when it is missing, offers one inline policy on that principal.",
		Mutates: true,
		Applies: func(p Plan) bool { return strings.TrimSpace(p.AccountAProfile) != "" },
		preview: previewGrantAccountA,
		apply:   applyGrantAccountA,
		hypothetical: func(s *Session, _ *hypothesis) (*Preview, error) {
			return previewGrantAccountA(context.Background(), s)
		},
	}
}

func previewGrantAccountA(ctx context.Context, s *Session) (*Preview, error) {
	c, err := s.AccountAClient(ctx)
	if err != nil {
		return nil, err
	}
	p := s.Plan()
	id := c.Identity()
	want, err := Desired(p)
	if err != nil {
		return nil, err
	}
	if want.RoleARN == "" {
		return nil, fmt.Errorf("the account of Account B is not known yet (%s)", s.stepRef(StepSTS))
	}
	pv := &Preview{Facts: []string{fmt.Sprintf("Account A: %s as %s (profile %s, read-only unless you confirm)", id.Account, id.ARN, p.AccountAProfile)}}
	chk, err := s.checkAccountA(ctx, c, p, want.RoleARN)
	if err != nil {
		return nil, err
	}
	s.setAccountACheck(chk)
	if chk.Principal == "" {
		pv.Warnings = append(pv.Warnings, chk.Reason)
		// The candidates: the roles workloads assume (nodes, service accounts).
		if roles, err := c.WorkloadRoles(ctx); err != nil {
			pv.Warnings = append(pv.Warnings, "could not list Account A's roles for candidates: "+firstLine(err.Error()))
		} else if len(roles) > 0 {
			var names []string
			for _, r := range roles {
				names = append(names, r.ARN+" ("+r.Via+")")
			}
			pv.Facts = append(pv.Facts, "candidates in Account A, roles that EC2 instances or an OIDC provider may assume: "+strings.Join(names, ", "))
		}
		pv.NoChangeWhy = "nothing was checked or granted in Account A, since bslwiz cannot know which principal to grant; give --account-a as that role's ARN"
		return pv, nil
	}
	pv.Facts = append(pv.Facts, "simulation: "+chk.Reason)
	if chk.Allowed {
		return pv, nil
	}
	if chk.SCP {
		return nil, errors.New(chk.Reason)
	}
	_, roleName, _ := AccountAPrincipal(p)
	name := AccountAGrantName(p)
	doc := AccountAGrantDocument(want.RoleARN)
	before, found, err := c.GetRolePolicy(ctx, roleName, name)
	if err != nil {
		return nil, err
	}
	if found && iampolicy.Equivalent(before, doc) {
		return nil, fmt.Errorf("role %s already has %s allowing sts:AssumeRole on %s, yet the simulator denies it: "+
			"a permissions boundary or an explicit deny in Account A blocks it; bslwiz changes nothing else in Account A", roleName, name, want.RoleARN)
	}
	pv.data = &grantData{account: id.Account, role: roleName, name: name, doc: doc, before: before}
	what := "inline policy " + name + " on role " + roleName + " (allows sts:AssumeRole on exactly " + want.RoleARN + ")"
	if found {
		what = "replaces " + what
		pv.Warnings = append(pv.Warnings, "role "+roleName+" has an inline policy "+name+" already; confirming replaces it, and undo puts it back")
	}
	pv.Calls = append(pv.Calls, Call{"iam", "PutRolePolicy", what, accountAWhere(id.Account)})
	pv.Documents = append(pv.Documents, Document{"inline policy " + name + " of " + roleName + " (in Account A " + id.Account + ")", mustCanonical(doc)})
	return pv, nil
}

func applyGrantAccountA(ctx context.Context, s *Session, pv *Preview, progress func(Progress)) error {
	d, _ := pv.data.(*grantData)
	if d == nil {
		return nil
	}
	c, err := s.AccountAClient(ctx)
	if err != nil {
		return err
	}
	if got := c.Identity().Account; got != d.account {
		return fmt.Errorf("the preview was made in Account A %s, but the profile signs in to %s now; preview again", d.account, got)
	}
	if err := s.intend(IntentAccountAGrant); err != nil {
		return err
	}
	progress(Progress{Step: StepGrantAccountA, Message: "putting " + d.name + " on " + d.role + " in Account A"})
	if err := c.PutRolePolicy(ctx, d.role, d.name, d.doc); err != nil {
		s.abandon(IntentAccountAGrant, err)
		return err
	}
	if err := s.record(IntentAccountAGrant, StepGrantAccountA, "grant sts:AssumeRole in Account A", d.role+": "+d.name, func(j *JournalData) {
		before := d.before
		if g := j.Created.AccountAGrant; g != nil && g.Role == d.role && g.Policy == d.name {
			before = g.Before // a second run keeps what was there first
		}
		j.Created.AccountAGrant = &AccountAGrant{Account: d.account, Role: d.role, Policy: d.name, Document: d.doc, Before: before}
	}); err != nil {
		return err
	}
	// The simulator reads what was just written: prove the grant works.
	p := s.Plan()
	want, err := Desired(p)
	if err != nil {
		return err
	}
	chk, err := s.checkAccountA(ctx, c, p, want.RoleARN)
	if err != nil {
		return err
	}
	s.setAccountACheck(chk)
	if !chk.Allowed {
		return fmt.Errorf("after the grant, %s", chk.Reason)
	}
	return nil
}

// setAccountACheck keeps the session's last simulation in Account A, for
// the authorizations.
func (s *Session) setAccountACheck(c AccountACheck) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.acctA.check = &c
}

func (s *Session) lastAccountACheck() (AccountACheck, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.acctA.check == nil {
		return AccountACheck{}, false
	}
	return *s.acctA.check, true
}

// withAccountANeeds adds to the trust step's preview what Account A needs
// when bslwiz has no Account A credentials to check it: the policy and the
// aws CLI command, to run with Account A's credentials.
func withAccountANeeds(preview func(context.Context, *Session) (*Preview, error)) func(context.Context, *Session) (*Preview, error) {
	return func(ctx context.Context, s *Session) (*Preview, error) {
		pv, err := preview(ctx, s)
		return addAccountANeeds(s, pv, err)
	}
}

// hypotheticalWithAccountANeeds is withAccountANeeds for plan mode.
func hypotheticalWithAccountANeeds(h func(*Session, *hypothesis) (*Preview, error)) func(*Session, *hypothesis) (*Preview, error) {
	return func(s *Session, hy *hypothesis) (*Preview, error) {
		pv, err := h(s, hy)
		return addAccountANeeds(s, pv, err)
	}
}

func addAccountANeeds(s *Session, pv *Preview, err error) (*Preview, error) {
	if err != nil || pv == nil {
		return pv, err
	}
	p := s.Plan()
	want, derr := Desired(p)
	if derr != nil || want.RoleARN == "" || p.AccountAProfile != "" {
		return pv, nil
	}
	doc, cmd := accountANeeds(p, want.RoleARN)
	if _, _, ok := AccountAPrincipal(p); !ok {
		pv.Facts = append(pv.Facts, "Account A: some principal in "+p.AccountA+" (the role your cluster's backups run as) must be allowed sts:AssumeRole on "+
			want.RoleARN+"; bslwiz cannot know which one")
	} else {
		pv.Facts = append(pv.Facts, "Account A: not checked (no --account-a-profile); "+p.AccountA+" needs an identity policy allowing sts:AssumeRole on "+want.RoleARN)
	}
	pv.Facts = append(pv.Facts, "grant it with Account A's credentials: "+cmd)
	pv.Documents = append(pv.Documents, doc)
	return pv, nil
}

// checkAccountAProfile refuses Account B's own profile as Account A's.
func checkAccountAProfile(p *Plan, v string) ([]rules.Warning, error) {
	if err := rules.AWSProfile(v); err != nil {
		return nil, err
	}
	if p.AWSProfile != "" && v == p.AWSProfile {
		return nil, &rules.Error{Field: "Account A profile", Value: v, Rule: "is Account B's profile (--aws-profile); give a profile that signs in to Account A"}
	}
	return nil, nil
}

// undoAccountAGrant is undo's change in Account A: the grant deleted, or the
// policy it replaced put back.
const undoAccountAGrant undoOp = 100

// undoAccountAPreview adds the grant in Account A to the undo: it needs
// Account A's credentials (the run's --account-a-profile) and refuses a
// grant that someone changed since bslwiz wrote it.
func (s *Session) undoAccountAPreview(ctx context.Context, j JournalData, d *undoData, pv *Preview) error {
	cr := &d.cr
	if cr.AccountAGrant == nil && slices.Contains(j.Intents, IntentAccountAGrant) {
		p := s.Plan()
		if _, role, ok := AccountAPrincipal(p); ok {
			want, err := Desired(p)
			if err == nil && want.RoleARN != "" {
				acct, _ := accountOf(p.AccountA)
				cr.AccountAGrant = &AccountAGrant{Account: acct, Role: role, Policy: AccountAGrantName(p), Document: AccountAGrantDocument(want.RoleARN)}
				pv.Facts = append(pv.Facts, "the grant in Account A may have been made by a run that stopped before recording it")
			}
		}
	}
	g := cr.AccountAGrant
	if g == nil {
		return nil
	}
	if s.Plan().AccountAProfile == "" && j.Plan.AccountAProfile != "" {
		s.UpdatePlan(func(p *Plan) { p.AccountAProfile = j.Plan.AccountAProfile })
	}
	c, err := s.AccountAClient(ctx)
	if errors.Is(err, ErrNoAccountAProfile) {
		return fmt.Errorf("the journal records inline policy %s that bslwiz put on role %s in Account A %s: give --account-a-profile with Account A's credentials to undo it",
			g.Policy, g.Role, g.Account)
	}
	if err != nil {
		return err
	}
	if got := c.Identity().Account; got != g.Account {
		return &aws.WrongAccountError{Got: got, Want: g.Account, ARN: c.Identity().ARN}
	}
	now, found, err := c.GetRolePolicy(ctx, g.Role, g.Policy)
	switch {
	case err != nil:
		return err
	case !found:
		pv.Facts = append(pv.Facts, "inline policy "+g.Policy+" of "+g.Role+" in Account A is already gone")
		return nil
	case !iampolicy.Equivalent(now, g.Document):
		return fmt.Errorf("inline policy %s of role %s in Account A changed since bslwiz wrote it: undo leaves it alone; delete it yourself if it is no longer needed",
			g.Policy, g.Role)
	}
	where := accountAWhere(g.Account)
	if g.Before != "" {
		d.plan(pv, undoAccountAGrant, Call{"iam", "PutRolePolicy", "role " + g.Role + ": put back the " + g.Policy + " it had before", where})
	} else {
		d.plan(pv, undoAccountAGrant, Call{"iam", "DeleteRolePolicy", "inline policy " + g.Policy + " of role " + g.Role, where})
	}
	return nil
}

func (s *Session) undoAccountAGrant(ctx context.Context, cr Created) error {
	g := cr.AccountAGrant
	if g == nil {
		return nil
	}
	c, err := s.AccountAClient(ctx)
	if err != nil {
		return err
	}
	if g.Before != "" {
		return c.PutRolePolicy(ctx, g.Role, g.Policy, g.Before)
	}
	return c.DeleteRolePolicy(ctx, g.Role, g.Policy)
}

// accountAProfileError is an Account A profile that signs in to another
// account: a wrong account (exit 4), told in Account A's words.
type accountAProfileError struct {
	wrong *aws.WrongAccountError
	msg   string
}

func (e *accountAProfileError) Error() string { return e.msg }
func (e *accountAProfileError) Unwrap() error { return e.wrong }
