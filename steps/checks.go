package steps

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/bslwiz/bslwiz/aws"
	"github.com/bslwiz/bslwiz/aws/iampolicy"
	"github.com/bslwiz/bslwiz/palette"
	"github.com/bslwiz/bslwiz/rules"
)

// CheckID names a live check.
type CheckID string

// The live checks. Each only reads.
const (
	CheckPalette     CheckID = "palette"
	CheckProject     CheckID = "project"
	CheckName        CheckID = "name"
	CheckBucketRules CheckID = "bucket-rules"
	CheckBucket      CheckID = "bucket"
	CheckCaller      CheckID = "caller"
	CheckTrust       CheckID = "trust"
	CheckPermissions CheckID = "permissions"
	CheckValidate    CheckID = "validate"
)

// Status is where a check stands.
type Status int

// The statuses of a check.
const (
	StatusPending Status = iota
	StatusRunning
	StatusOK
	StatusWarn
	StatusFail
	StatusSkipped
)

func (s Status) String() string {
	return [...]string{"pending", "running", "ok", "warn", "fail", "skipped"}[s]
}

// MarshalText writes the status as its word, for --output json.
func (s Status) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText reads a status word.
func (s *Status) UnmarshalText(b []byte) error {
	for st := StatusPending; st <= StatusSkipped; st++ {
		if st.String() == string(b) {
			*s = st
			return nil
		}
	}
	return fmt.Errorf("unknown check status %q", b)
}

// CheckResult is one check's answer.
type CheckResult struct {
	ID     CheckID `json:"id"`
	Name   string  `json:"name"`
	Status Status  `json:"status"`
	Reason string  `json:"reason"`
	// Detail is the whole story behind the one-line Reason (the raw error,
	// every denied action), for a face to show on request.
	Detail string `json:"detail,omitempty"`
}

// Check is a read-only probe of one fact the wizard depends on.
type Check struct {
	ID   CheckID
	Name string
	run  func(ctx context.Context, s *Session) CheckResult
}

// CheckTimeout bounds each live check.
const CheckTimeout = 20 * time.Second

// Checks returns every live check, in display order.
func Checks() []Check {
	return withPostureChecks([]Check{
		{CheckPalette, "Palette reachable and API key valid", checkPalette},
		{CheckProject, "Project exists", checkProject},
		{CheckName, "Location name is free", checkName},
		{CheckBucketRules, "Bucket name and region rules", checkBucketRules},
		{CheckCaller, "Caller is Account B, not Account A", checkCaller},
		{CheckBucket, "Bucket exists in Account B, in the region", checkBucket},
		{CheckTrust, "Role trusts Palette (external ID) and Account A", checkTrust},
		{CheckPermissions, "Role's policy grants every action of the guide", checkPermissions},
		{CheckValidate, "Palette validate passes", checkValidate},
		{CheckProbe, "Account A can write to the bucket (probe)", checkProbe},
		{CheckAccessAnalyzer, "IAM Access Analyzer finds no error in the role's policies", checkAccessAnalyzer},
	})
}

// CheckNameOf returns the display name of a check.
func CheckNameOf(id CheckID) string {
	for _, c := range Checks() {
		if c.ID == id {
			return c.Name
		}
	}
	return string(id)
}

// RunChecks runs the checks with the given ids (all when ids is empty)
// concurrently, calling emit once per check as each finishes. emit is never
// called concurrently. It returns when every check has finished or ctx is
// cancelled; a cancelled check is not emitted.
func (s *Session) RunChecks(ctx context.Context, ids []CheckID, emit func(CheckResult)) []CheckResult {
	want := map[CheckID]bool{}
	for _, id := range ids {
		want[id] = true
	}
	var (
		wg      sync.WaitGroup
		mu      sync.Mutex
		results []CheckResult
	)
	for _, c := range Checks() {
		if len(want) > 0 && !want[c.ID] {
			continue
		}
		wg.Add(1)
		go func(c Check) {
			defer wg.Done()
			cctx, cancel := context.WithTimeout(ctx, CheckTimeout)
			defer cancel()
			r := c.run(cctx, s)
			r.ID = c.ID
			if r.Name == "" { // a check may name what it found instead
				r.Name = c.Name
			}
			if ctx.Err() != nil {
				return
			}
			mu.Lock()
			defer mu.Unlock()
			results = append(results, r)
			if emit != nil {
				emit(r)
			}
		}(c)
	}
	wg.Wait()
	order := map[CheckID]int{}
	for i, c := range Checks() {
		order[c.ID] = i
	}
	sortResults(results, order)
	return results
}

func sortResults(rs []CheckResult, order map[CheckID]int) {
	for i := 1; i < len(rs); i++ {
		for j := i; j > 0 && order[rs[j].ID] < order[rs[j-1].ID]; j-- {
			rs[j], rs[j-1] = rs[j-1], rs[j]
		}
	}
}

func ok(reason string, a ...any) CheckResult {
	return CheckResult{Status: StatusOK, Reason: fmt.Sprintf(reason, a...)}
}
func fail(reason string, a ...any) CheckResult {
	return CheckResult{Status: StatusFail, Reason: fmt.Sprintf(reason, a...)}
}
func warn(reason string, a ...any) CheckResult {
	return CheckResult{Status: StatusWarn, Reason: fmt.Sprintf(reason, a...)}
}
func skip(reason string, a ...any) CheckResult {
	return CheckResult{Status: StatusSkipped, Reason: fmt.Sprintf(reason, a...)}
}

// paletteForCheck returns the session's Palette client, or makes a
// throw-away one from the plan so the panel can check before step 1 ran.
func (s *Session) paletteForCheck() (PaletteAPI, error) {
	if c, err := s.PaletteClient(); err == nil {
		return c, nil
	}
	return s.newPaletteClient(s.Plan())
}

func checkPalette(ctx context.Context, s *Session) CheckResult {
	if r, broken := s.brokenRule("paletteEndpoint", "paletteCAFile"); broken {
		return r
	}
	c, err := s.paletteForCheck()
	if err != nil {
		return failErr("", err)
	}
	if err := s.verifyForCheck(ctx, c); err != nil {
		return failErr("", err)
	}
	return ok("%s answers and accepts the key", c.Endpoint())
}

func checkProject(ctx context.Context, s *Session) CheckResult {
	p := s.Plan()
	if p.Scope == "tenant" {
		return skip("tenant scope: no project")
	}
	if pr := s.Project(); pr.UID != "" && pr.Name == p.Project {
		return ok("%s (uid %s)", pr.Name, pr.UID)
	}
	if r, broken := s.brokenRule("paletteEndpoint", "project"); broken {
		return r
	}
	c, err := s.paletteForCheck()
	if err != nil {
		return failErr("", err)
	}
	uid, err := c.ResolveProject(ctx, p.Project)
	if err != nil {
		return failErr("", err)
	}
	return ok("%s (uid %s)", p.Project, uid)
}

func checkName(ctx context.Context, s *Session) CheckResult {
	p := s.Plan()
	if err := rules.LocationName(p.LocationName); err != nil {
		return fail("%v", err)
	}
	c, err := s.PaletteClient()
	if err != nil {
		return skip("waiting for %s (Palette)", s.stepRef(StepPalette))
	}
	locs, err := s.locationsForCheck(ctx, c)
	if err != nil {
		return failErr("list locations", err)
	}
	for _, l := range locs {
		if l.Name == p.LocationName {
			if s.ownsLocation(l) {
				r := ok("%q was created by this bslwiz run (uid %s)", l.Name, l.UID)
				r.Name = "Location is in Palette" // no longer "free": it is ours
				return r
			}
			if s.journal() == nil {
				// No journal attached yet (the wizard opens it at step 3): an
				// earlier run's may claim it.
				return warn("a location named %q already exists (uid %s); unless an earlier bslwiz run made it, choose another name", l.Name, l.UID)
			}
			return fail("a location named %q already exists (uid %s); choose another name", l.Name, l.UID)
		}
	}
	return ok("no location named %q in %s", p.LocationName, s.scopeWords())
}

func checkBucketRules(_ context.Context, s *Session) CheckResult {
	p := s.Plan()
	if p.Bucket == "" {
		return skip("no bucket yet")
	}
	if err := rules.BucketName(p.Bucket); err != nil {
		return fail("%v", err)
	}
	if p.Region != "" {
		part, err := rules.Region(p.Region)
		if err != nil {
			return fail("%v", err)
		}
		if id, ok := s.Identity(); ok && id.Partition != part {
			return fail("region %s is in partition %s, Account B is in %s", p.Region, part, id.Partition)
		}
	}
	if ws := rules.BucketNameWarnings(p.Bucket); len(ws) > 0 {
		return warn("%s", ws[0].String())
	}
	if p.Region == "" {
		return ok("bucket name follows the rules; region to be detected")
	}
	return ok("bucket name follows the rules; %s is a valid region", p.Region)
}

func checkCaller(ctx context.Context, s *Session) CheckResult {
	if r, broken := s.brokenRule("awsProfile", "accountB"); broken {
		return r
	}
	if s.waitingForMFA(ctx) {
		return skip("waiting for the MFA code (%s signs in)", s.stepRef(StepSTS))
	}
	c, err := s.AWSClient(ctx)
	if err != nil {
		var wa *aws.WrongAccountError
		if errors.As(err, &wa) {
			return fail("%v", err)
		}
		return failErr("", err)
	}
	id := c.Identity()
	p := s.Plan()
	if a, ok := accountOf(p.AccountA); ok && a == id.Account {
		return fail("you are signed in to Account A (%s) as %s; sign in to Account B", id.Account, id.ARN)
	}
	if p.AccountB != "" && p.AccountB != id.Account {
		return fail("you are signed in to %s as %s, expected Account B %s", id.Account, id.ARN, p.AccountB)
	}
	return ok("%s as %s (%s)", id.Account, id.ARN, id.Partition)
}

func checkBucket(ctx context.Context, s *Session) CheckResult {
	p := s.Plan()
	if p.Bucket == "" {
		return skip("no bucket name yet")
	}
	if r, broken := s.brokenRule("bucket", "region"); broken {
		return r
	}
	c := s.connectedAWS()
	if c == nil {
		return skip("waiting for Account B credentials (%s)", s.stepRef(StepSTS))
	}
	region := p.Region
	if region == "" {
		region = c.Region()
	}
	b, err := s.headBucketForCheck(ctx, c, p.Bucket, region)
	if err != nil {
		return failErr("", err)
	}
	switch b.State {
	case aws.BucketExists:
		if p.Region == "" {
			return ok("%s exists in %s", p.Bucket, b.Region)
		}
		return ok("%s exists in %s", p.Bucket, p.Region)
	case aws.BucketWrongRegion:
		return fail("%s is in %s, not %s", p.Bucket, b.Region, p.Region)
	case aws.BucketForbidden:
		return fail("%s exists but Account B's caller may not list it (403); is it another account's bucket?", p.Bucket)
	default:
		return fail("no bucket %s in Account B; create it first (the guide's prerequisite)", p.Bucket)
	}
}

func checkTrust(ctx context.Context, s *Session) CheckResult {
	p := s.Plan()
	c := s.connectedAWS()
	if c == nil {
		return skip("waiting for Account B credentials (%s)", s.stepRef(StepSTS))
	}
	if p.RoleName == "" {
		return skip("no role name yet")
	}
	if r, broken := s.brokenRule("roleName", "rolePath", "accountA"); broken {
		return r
	}
	role, err := s.roleForCheck(ctx, c, p.RoleName)
	if isMissing(err) {
		return s.roleMissing(p.RoleName)
	}
	if err != nil {
		return failErr("", err)
	}
	t, err := iampolicy.ParseTrust(role.TrustPolicy)
	if err != nil {
		return fail("trust policy of %s: %v", role.Name, err)
	}
	part := c.Identity().Partition
	var missing []string
	if sts, ok := s.Sts(); ok {
		if !t.HasPalette(part, sts.AccountID, sts.ExternalID) {
			missing = append(missing, fmt.Sprintf("Palette %s with external ID %s", sts.AccountID, sts.ExternalID))
		}
	} else if p.PaletteAccountID != "" && p.ExternalID != "" {
		if !t.HasPalette(part, p.PaletteAccountID, p.ExternalID) {
			missing = append(missing, fmt.Sprintf("Palette %s with external ID %s", p.PaletteAccountID, p.ExternalID))
		}
	}
	if p.AccountA != "" {
		if err := rules.AccountAPrincipal(p.AccountA); err != nil {
			return fail("%v", err)
		}
	}
	accountAMissing := p.AccountA != "" && !t.HasAccountA(part, p.AccountA)
	if len(missing) == 0 && (p.AccountA == "" || accountAMissing) && !s.stepDone(StepAppendAccountA) {
		// Expected until step 9 appends it: not a failure yet.
		return skip("%s trusts Palette; %s appends Account A", role.Name, s.stepRef(StepAppendAccountA))
	}
	if accountAMissing {
		missing = append(missing, "Account A "+p.AccountA)
	}
	if len(missing) > 0 {
		return fail("%s does not trust %s", role.Name, strings.Join(missing, ", nor "))
	}
	if _, err := lintTrust(t, role.Name, p.PaletteAccountID, p.ExternalID); err != nil {
		return fail("%v", err)
	}
	if p.AccountA == "" {
		return ok("%s trusts Palette (%s)", role.Name, statements(t.Len()))
	}
	return ok("%s trusts Palette and Account A (%s)", role.Name, statements(t.Len()))
}

func checkPermissions(ctx context.Context, s *Session) CheckResult {
	p := s.Plan()
	c := s.connectedAWS()
	if c == nil {
		return skip("waiting for Account B credentials (%s)", s.stepRef(StepSTS))
	}
	if r, broken := s.brokenRule("roleName", "rolePath", "bucket", "region", "kmsKeyArn"); broken {
		return r
	}
	arn := s.RoleARN()
	if arn == "" {
		role, err := c.GetRole(ctx, p.RoleName)
		if isMissing(err) {
			if denied := bucketPolicyDenials(p, s.gatherBucket(ctx)); len(denied) > 0 {
				return fail("the bucket policy denies the role: %s", strings.Join(denied, "; "))
			}
			return s.roleMissing(p.RoleName)
		}
		if err != nil {
			return failErr("", err)
		}
		arn = role.ARN
	}
	part := c.Identity().Partition
	all, err := s.simulateForCheck(ctx, c, arn, p.Region, aws.GuideActions(part, p.Bucket, permissionsOptions(p)))
	if isMissing(err) {
		// The simulator answers NoSuchEntity for a role that is gone: that
		// is the role missing, not a permission bslwiz lacks. For a role
		// IAM itself still has, it is the simulator not seeing it yet.
		if since, ok := s.propagating(); ok && !s.roleGone(ctx) {
			r := waiting("IAM is propagating bslwiz's change of %s; the simulator does not see role %s yet", since, p.RoleName)
			r.Detail = err.Error()
			return r
		}
		return s.roleMissing(p.RoleName)
	}
	if err != nil {
		r := warn("cannot simulate: %s (the caller needs iam:SimulatePrincipalPolicy)", shortReason("", err))
		r.Detail = err.Error()
		return r
	}
	denied, uncertain := aws.SplitDenials(all)
	if len(denied) > 0 {
		var parts []string
		for _, d := range denied {
			parts = append(parts, denialText(d))
		}
		r := fail("not allowed: %s", parts[0])
		if len(parts) > 1 {
			r = fail("not allowed: %s and %d more", parts[0], len(parts)-1)
		}
		r.Detail = "not allowed: " + strings.Join(parts, "; ")
		return r
	}
	if len(uncertain) > 0 {
		var parts []string
		for _, d := range uncertain {
			parts = append(parts, d.String())
		}
		return warn("the simulator denies %s; Palette's validate decides", strings.Join(parts, "; "))
	}
	return ok("every action of the guide is allowed")
}

func checkValidate(ctx context.Context, s *Session) CheckResult {
	c, err := s.PaletteClient()
	if err != nil {
		return skip("waiting for %s (Palette)", s.stepRef(StepPalette))
	}
	arn := s.RoleARN()
	if arn == "" {
		return skip("no role yet (%s)", s.stepRef(StepRole))
	}
	loc, err := s.location()
	if err != nil {
		return skip("%v", err)
	}
	loc.RoleARN = arn
	if err := s.validateForCheck(ctx, c, loc); err != nil {
		if since, ok := s.propagating(); ok && !palette.IsUnauthorized(err) && !s.roleGone(ctx) {
			// IAM takes a while to show a new role or trust to STS:
			// a refusal now is not yet a failure.
			r := waiting("IAM is propagating bslwiz's change of %s; Palette could not assume the role yet", since)
			r.Detail = err.Error()
			return r
		}
		if s.roleGone(ctx) {
			return s.roleMissing(s.Plan().RoleName)
		}
		return failErr("", err)
	}
	return ok("Palette assumed %s and reached s3://%s", arn, loc.Bucket)
}

func permissionsOptions(p Plan) iampolicy.PermissionsOptions {
	return iampolicy.PermissionsOptions{Tagging: p.Tagging, KMSKeyARN: p.KMSKeyARN, BucketKMSKeyARN: p.bucketKMSKey}
}

// accountOf returns the account of an Account A principal: the ID itself, or
// the account in a role or root ARN.
func accountOf(principal string) (string, bool) {
	return rules.PrincipalAccount(principal)
}

func statements(n int) string {
	if n == 1 {
		return "1 statement"
	}
	return fmt.Sprintf("%d statements", n)
}

// TrustLintError is a trust policy with a lint finding of Error severity: a
// document that must not be written or adopted, because it lets Palette in
// without the external ID, or anyone at all.
type TrustLintError struct {
	Role     string
	Findings []iampolicy.Finding
}

func (e *TrustLintError) Error() string {
	msgs := make([]string, len(e.Findings))
	for i, f := range e.Findings {
		msgs[i] = f.Message
	}
	return fmt.Sprintf("trust policy of %s: %s; bslwiz writes and adopts no such trust, fix the statement (or --account-a) and run again",
		e.Role, strings.Join(msgs, "; "))
}

// lintTrust lints a trust policy the way every step must: findings of Error
// severity are returned as a *TrustLintError, never dropped or downgraded;
// the others come back as warnings for the preview.
func lintTrust(t *iampolicy.Trust, role, paletteAccountID, externalID string) (warnings []string, err error) {
	var errs []iampolicy.Finding
	for _, f := range append(t.Lint(paletteAccountID), t.OtherTenants(paletteAccountID, externalID)...) {
		if f.Severity == iampolicy.Error {
			errs = append(errs, f)
			continue
		}
		warnings = append(warnings, f.Message)
	}
	if len(errs) > 0 {
		return warnings, &TrustLintError{Role: role, Findings: errs}
	}
	return warnings, nil
}
