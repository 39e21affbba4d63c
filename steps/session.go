package steps

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/bslwiz/bslwiz/aws"
	"github.com/bslwiz/bslwiz/internal/clock"
	"github.com/bslwiz/bslwiz/palette"
)

// Backends is how a Session reaches Palette and Account B. The real wizard
// fills it from the environment; the sandbox points it at the emulators. The
// Palette API key and any AWS credentials live here, never in the Plan.
type Backends struct {
	// Palette is the base client configuration; the Plan's endpoint, CA
	// bundle and TLS choice are laid over it.
	Palette palette.Config
	// AWS is the base Account B configuration; the Plan's profile is laid
	// over it.
	AWS aws.Options
	// AccountA is the base configuration of the opt-in Account A client;
	// the plan's accountAProfile is laid over it.
	AccountA aws.Options
	// Sandbox is true when the backends are the in-process emulators.
	Sandbox bool
	// ConnectAWS and NewPalette, when set, make the clients instead of
	// aws.Connect and palette.New (fakes, in the engine's table tests).
	ConnectAWS func(context.Context, aws.Options) (AccountB, error)
	NewPalette func(palette.Config) (PaletteAPI, error)
	// ConnectAccountA, when set, makes the Account A client instead of
	// aws.Connect.
	ConnectAccountA func(context.Context, aws.Options) (AccountA, error)
}

// Clock is time as the steps see it, so tests and the sandbox can run the
// propagation waits without waiting.
type Clock = clock.Clock

// RealClock is the wall clock.
func RealClock() Clock { return clock.Real() }

// Session is one run of the wizard: the Plan, the clients, what the steps
// have found so far, and the journal. Its methods are safe for concurrent use
// by the live checks; the steps themselves run one at a time.
type Session struct {
	Backends Backends
	Journal  *Journal
	Clock    Clock
	// PropagationTimeout bounds the waits for IAM changes to propagate.
	PropagationTimeout time.Duration
	// Observe, when set, sees every preview the engine makes, whichever
	// face drives it (tests compare the faces with it).
	Observe func(*Preview)
	// Sources says where fields of the plan came from, by field key
	// ("--bucket", "$BSLWIZ_BUCKET", "plan file", "sandbox", "journal"), so a
	// face can show each value with its origin. A key it lacks is a default
	// or an answer typed in this run. Set before the run; read-only after.
	Sources map[string]string

	mu        sync.Mutex
	plan      Plan
	palette   PaletteAPI // scoped to the project, or the tenant
	project   palette.Project
	locations []palette.Location
	// locationsFetched is true while locations holds a prefetched list.
	locationsFetched bool
	sts              *palette.StsAccount
	aws              AccountB
	role             *aws.Role
	policyARN        string
	// trust is the role's trust policy as this session last wrote or read
	// it; the read-modify-write in UpdateTrustPolicy re-reads before any
	// change, so a stale copy can cost a refusal but never a lost statement.
	trust string
	// bucketSeen is the account/bucket/region HeadBucket last found.
	bucketSeen string
	// bucketRegion is where S3 said bucket regionOf lives (a fact).
	bucketRegion, regionOf string
	mfa                    mfaState
	acctA                  accountAConn // Account A's opt-in client (steps_accounta.go)
	// fl dedupes reads in flight; run keeps what this run read (run.go).
	fl  flights
	run runState
	// bucket is the bucket's posture (facts_bucket.go).
	bucket bucketCache
}

// NewSession starts a session for the plan. The journal may be nil (plan mode
// writes nothing).
func NewSession(p Plan, b Backends, j *Journal) *Session {
	return &Session{Backends: b, Journal: j, Clock: RealClock(), PropagationTimeout: 2 * time.Minute, plan: p}
}

// Plan returns the resolved plan: the plan as entered, with defaults filled
// in and, where a value was left empty, the facts found so far (the bucket's
// region, the partition, Account B, Palette's account and external ID).
func (s *Session) Plan() Plan {
	f := s.Facts()
	s.mu.Lock()
	defer s.mu.Unlock()
	return resolve(s.plan, f)
}

// RawPlan returns the plan exactly as entered, without defaults.
func (s *Session) RawPlan() Plan {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.plan
}

// SetPlan replaces the plan. Clients made for an endpoint or profile that
// changed are dropped, so the next step reconnects.
func (s *Session) SetPlan(p Plan) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.setPlanLocked(p)
}

func (s *Session) setPlanLocked(p Plan) {
	old := s.plan
	s.plan = p
	if old.PaletteEndpoint != p.PaletteEndpoint || old.Project != p.Project || old.Scope != p.Scope ||
		old.PaletteCAFile != p.PaletteCAFile || old.InsecureSkipTLSVerify != p.InsecureSkipTLSVerify ||
		old.APIKeyFile != p.APIKeyFile {
		s.palette, s.project, s.locations, s.sts, s.locationsFetched = nil, palette.Project{}, nil, nil, false
		// Another project's clusters: the next connection lists them again.
		s.acctA.palette, s.acctA.derived, s.acctA.derivedFor = paletteCloudFacts{}, "", ""
	}
	if awsKey(old) != awsKey(p) && !s.sameCallerLocked(old, p) {
		s.aws, s.sts, s.bucketRegion, s.regionOf = nil, nil, "", ""
	}
	if old.RoleName != p.RoleName || old.AWSProfile != p.AWSProfile {
		s.role, s.trust = nil, ""
	}
}

// sameCallerLocked reports whether the Account B client made for plan old
// still answers for plan p: the same profile, and an Account B guard that is
// now empty or names the account the client is signed in to. Writing down
// the account a run found must not sign it in a second time.
func (s *Session) sameCallerLocked(old, p Plan) bool {
	return s.aws != nil && old.AWSProfile == p.AWSProfile &&
		(strings.TrimSpace(p.AccountB) == "" || p.AccountB == s.aws.Identity().Account)
}

// UpdatePlan applies fn to the plan under the session's lock.
func (s *Session) UpdatePlan(fn func(*Plan)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.plan
	fn(&p)
	s.setPlanLocked(p)
}

// awsKey is what an Account B client depends on: a client made for another
// key is never used.
func awsKey(p Plan) string {
	p = p.WithDefaults()
	// Account A is not part of it: typing it must not sign out of Account
	// B; guardAccount checks it before every change. Nor is anything a step
	// after sign-in asks (the trust quota): only what the client is made from.
	return strings.Join([]string{p.AWSProfile, p.AccountB}, "\x00")
}

// ErrNotConnected is returned by what needs a client that an earlier step
// makes.
var ErrNotConnected = errors.New("not connected yet")

// PaletteClient returns the scoped Palette client made by step 1.
func (s *Session) PaletteClient() (PaletteAPI, error) {
	s.mu.Lock()
	c := s.palette
	s.mu.Unlock()
	if c == nil {
		return nil, fmt.Errorf("palette: %w (%s)", ErrNotConnected, s.stepRef(StepPalette))
	}
	return c, nil
}

// Project returns the Palette project resolved in step 1 (empty in tenant scope).
func (s *Session) Project() palette.Project {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.project
}

// Locations returns the locations listed in step 2.
func (s *Session) Locations() []palette.Location {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]palette.Location(nil), s.locations...)
}

// Sts returns Palette's STS account info fetched in step 5.
func (s *Session) Sts() (palette.StsAccount, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.sts == nil {
		return palette.StsAccount{}, false
	}
	return *s.sts, true
}

// AWSClient returns the Account B client, connecting on first use with the
// plan's profile. Connecting calls GetCallerIdentity. One sign-in runs at a
// time: callers that race wait for it, so an MFA profile asks once.
func (s *Session) AWSClient(ctx context.Context) (AccountB, error) {
	s.mu.Lock()
	if s.aws != nil {
		c := s.limited(s.aws)
		s.mu.Unlock()
		return c, nil
	}
	s.mu.Unlock()
	release, err := s.signInTurn(ctx)
	if err != nil {
		return nil, err
	}
	defer release()
	return s.signInAWS(ctx)
}

// signInAWS is AWSClient in the sign-in turn.
func (s *Session) signInAWS(ctx context.Context) (AccountB, error) {
	s.mu.Lock()
	if s.aws != nil {
		c := s.limited(s.aws)
		s.mu.Unlock()
		return c, nil
	}
	p := s.plan.WithDefaults() // the plan as given: facts come from this client
	key := awsKey(s.plan)
	opts := s.Backends.AWS
	if p.AWSProfile != "" {
		opts.Profile = p.AWSProfile
	}
	if opts.Region == "" {
		opts.Region = p.Region
	}
	opts.ExpectAccount = p.AccountB
	if a, ok := accountOf(p.AccountA); ok {
		opts.AccountA = a
	}
	if opts.PropagationTimeout == 0 {
		opts.PropagationTimeout = s.PropagationTimeout
	}
	if opts.Now == nil && opts.Sleep == nil {
		// The client's propagation waits keep the session's time.
		opts.Now, opts.Sleep = s.now, s.sleep
	}
	s.mu.Unlock()

	c, err := s.connectAsking(ctx, opts)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	if awsKey(s.plan) != key {
		// The plan changed (profile, Account B or A) while signing in: this
		// client answers for the old plan, so sign in again.
		s.mu.Unlock()
		return s.signInAWS(ctx)
	}
	defer s.mu.Unlock()
	if s.aws == nil {
		s.aws = c
	}
	return s.limited(s.aws), nil
}

// limited gives c the plan's trust quota: it is asked after sign-in, and
// every use must see the current one. Called with s.mu held.
func (s *Session) limited(c AccountB) AccountB {
	if tl, ok := c.(trustLimited); ok {
		return tl.WithTrustSizeLimit(s.plan.WithDefaults().TrustSizeLimit)
	}
	return c
}

// guardAccount refuses an Account B client signed in to the wrong account:
// Account A, or another account than the plan's --account-b. Every step that
// changes Account B calls it, whatever the client's own guard did.
func (s *Session) guardAccount(c AccountB) error {
	id := c.Identity()
	p := s.Plan()
	if a, ok := accountOf(p.AccountA); ok && a == id.Account {
		return &aws.WrongAccountError{Got: id.Account, Want: p.AccountB, ARN: id.ARN, IsAccountA: true}
	}
	if p.AccountB != "" && p.AccountB != id.Account {
		return &aws.WrongAccountError{Got: id.Account, Want: p.AccountB, ARN: id.ARN}
	}
	return nil
}

// connectedAWS returns the Account B client if a step already connected it.
func (s *Session) connectedAWS() AccountB {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.aws
}

// RoleARN returns the ARN of the role made or adopted in step 6, for step 10
// to copy and step 11 to fill in.
func (s *Session) RoleARN() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.role != nil {
		return s.role.ARN
	}
	if s.Journal != nil {
		return s.Journal.Snapshot().Created.RoleARN
	}
	return ""
}

// Identity returns the Account B caller, if connected.
func (s *Session) Identity() (aws.Identity, bool) {
	c := s.connectedAWS()
	if c == nil {
		return aws.Identity{}, false
	}
	return c.Identity(), true
}

func (s *Session) now() time.Time {
	if s.Clock.Now == nil {
		return time.Now()
	}
	return s.Clock.Now()
}

func (s *Session) sleep(ctx context.Context, d time.Duration) error {
	if s.Clock.Sleep == nil {
		return RealClock().Sleep(ctx, d)
	}
	return s.Clock.Sleep(ctx, d)
}

func (s *Session) setCachedTrust(doc string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.trust = doc
	if s.role != nil {
		s.role.TrustPolicy = doc
	}
}

// currentTrust returns the role's trust policy: this session's copy, or a
// fresh read.
func (s *Session) currentTrust(ctx context.Context, roleName string) (string, error) {
	s.mu.Lock()
	doc := s.trust
	s.mu.Unlock()
	if doc != "" {
		return doc, nil
	}
	c, err := s.AWSClient(ctx)
	if err != nil {
		return "", err
	}
	doc, err = c.GetTrustPolicy(ctx, roleName)
	if err != nil {
		return "", err
	}
	s.setCachedTrust(doc)
	return doc, nil
}

// currentRole returns the role: this session's copy, or a fresh read.
func (s *Session) currentRole(ctx context.Context, roleName string) (*aws.Role, error) {
	s.mu.Lock()
	r := s.role
	s.mu.Unlock()
	if r != nil && r.Name == roleName {
		return r, nil
	}
	c, err := s.AWSClient(ctx)
	if err != nil {
		return nil, err
	}
	r, err = c.GetRole(ctx, roleName)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	s.role, s.trust = r, r.TrustPolicy
	s.mu.Unlock()
	return r, nil
}

// SetJournal attaches the journal once the location's name is known (the
// wizard learns it at step 3).
func (s *Session) SetJournal(j *Journal) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.Journal = j
}

// SetPaletteAPIKey sets the key entered at a masked prompt. It lives in the
// backends, never in the plan or the journal; the next Palette call uses it.
func (s *Session) SetPaletteAPIKey(key string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.Backends.Palette.APIKey = key
	s.palette, s.project, s.locations, s.sts, s.locationsFetched = nil, palette.Project{}, nil, nil, false
}

// NeedsAPIKey reports whether no Palette API key is known: not from the
// environment, a key file, or a prompt.
func (s *Session) NeedsAPIKey() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.Backends.Palette.APIKey == "" && s.plan.APIKeyFile == ""
}

// journal returns the session's journal (nil in plan mode).
func (s *Session) journal() *Journal {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.Journal
}

// stepDone reports whether the journal records step id as done.
func (s *Session) stepDone(id StepID) bool {
	j := s.journal()
	return j != nil && j.IsDone(id)
}
