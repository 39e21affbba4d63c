package palettetest

import (
	"fmt"
	"net/http"
	"sync"
	"time"
)

// DefaultPaletteAccountID is Palette SaaS's AWS account in the sandbox and tests.
const DefaultPaletteAccountID = "210987654321"

// Options configures an Emulator.
type Options struct {
	// PaletteAccountID is the AWS account STS info reports. Default DefaultPaletteAccountID.
	PaletteAccountID string
	// AWSEndpoint is where validate sends its STS and S3 calls, e.g. an aws/awstest server.
	AWSEndpoint string
	// AWSAccessKeyID and AWSSecretAccessKey are Palette's principal in PaletteAccountID,
	// the identity that assumes customers' roles.
	AWSAccessKeyID, AWSSecretAccessKey string
	// RateLimit turns on Palette's limit: 10 requests/s, burst 5, per top-level resource.
	RateLimit bool
	// UnknownKeyNotFound answers an unknown API key with 404 ResourceNotFound instead of
	// 401, as Palette does for some invalid keys.
	UnknownKeyNotFound bool
	// Now is the clock for timestamps and the rate limiter. Default time.Now.
	Now func() time.Time
}

// String describes the options without the AWS secret key.
func (o Options) String() string {
	return fmt.Sprintf("palettetest.Options{PaletteAccountID: %s, AWSEndpoint: %s, AWSAccessKeyID: %s, AWSSecretAccessKey: <redacted>, RateLimit: %t}",
		o.PaletteAccountID, o.AWSEndpoint, o.AWSAccessKeyID, o.RateLimit)
}

// GoString is String, so %#v does not print the secret either.
func (o Options) GoString() string { return o.String() }

// Emulator is the Palette API emulator, an http.Handler. It is safe for concurrent use.
type Emulator struct {
	opts Options
	now  func() time.Time

	mu        sync.Mutex
	tenants   []*Tenant
	keys      map[string]*Tenant // API key → tenant
	locations []*location        // in creation order
	calls     []Call
	faults    map[string]*Fault
	limiter   *limiter
	awsHTTP   *http.Client // validate's client for Options.AWSEndpoint
	// validateStatus, when set, replaces the status of validate's failures.
	validateStatus int
}

// New returns an empty emulator: add tenants with AddTenant.
func New(opts Options) *Emulator {
	if opts.PaletteAccountID == "" {
		opts.PaletteAccountID = DefaultPaletteAccountID
	}
	now := opts.Now
	if now == nil {
		now = time.Now
	}
	e := &Emulator{opts: opts, now: now, keys: map[string]*Tenant{}, faults: map[string]*Fault{}, awsHTTP: newAWSHTTPClient()}
	if opts.RateLimit {
		e.limiter = newLimiter(rateLimitPerSecond, rateLimitBurst)
	}
	return e
}

// Call is one request the emulator answered.
type Call struct {
	Method, Path string
	OperationID  string // "" when no operation matched
	Status       int
	Mutating     bool // the operation changes stored state (even when it failed)
}

// Calls returns the requests answered so far, oldest first.
func (e *Emulator) Calls() []Call {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]Call(nil), e.calls...)
}

// ResetCalls forgets the recorded calls.
func (e *Emulator) ResetCalls() {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.calls = nil
}

// caller is the authenticated identity and scope of a request.
type caller struct {
	tenant     *Tenant
	projectUID string // "" for tenant scope
	params     map[string]string
}

// ServeHTTP answers one request: route, faults, rate limit, authentication, scope, then
// the operation.
func (e *Emulator) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	rec := &statusRecorder{ResponseWriter: w}
	rt, params, allowed := match(r.Method, r.URL.Path)
	defer func() {
		c := Call{Method: r.Method, Path: r.URL.Path, Status: rec.status()}
		if rt != nil {
			c.OperationID, c.Mutating = rt.op, rt.mutating
		}
		e.mu.Lock()
		e.calls = append(e.calls, c)
		e.mu.Unlock()
	}()
	if rt == nil {
		if len(allowed) > 0 {
			writeError(rec, http.StatusMethodNotAllowed, "MethodNotAllowed", r.Method+" is not allowed on "+r.URL.Path)
			return
		}
		writeError(rec, http.StatusNotFound, "ResourceNotFound", "no such API path: "+r.URL.Path)
		return
	}
	ok, drop := e.injectFaults(rec, r, rt.op)
	if !ok || !e.admit(rec, r.URL.Path) {
		return
	}
	c, ok := e.authenticate(rec, r)
	if !ok {
		return
	}
	c.params = params
	if !drop {
		rt.handle(e, rec, r, c)
		return
	}
	lost := &droppedReply{header: http.Header{}}
	rt.handle(e, lost, r, c)
	rec.code = lost.code        // Calls shows what the operation did
	panic(http.ErrAbortHandler) // net/http closes the connection, and logs nothing
}

// droppedReply takes the reply of an operation whose reply an injected fault loses.
type droppedReply struct {
	header http.Header
	code   int
}

func (d *droppedReply) Header() http.Header { return d.header }
func (d *droppedReply) Write(b []byte) (int, error) {
	if d.code == 0 {
		d.code = http.StatusOK
	}
	return len(b), nil
}
func (d *droppedReply) WriteHeader(code int) {
	if d.code == 0 {
		d.code = code
	}
}

// authenticate finds the tenant of the ApiKey header and checks the ProjectUid header.
func (e *Emulator) authenticate(w http.ResponseWriter, r *http.Request) (*caller, bool) {
	key := r.Header.Get(headerAPIKey)
	if key == "" {
		writeError(w, http.StatusUnauthorized, "Unauthorized", "missing ApiKey header")
		return nil, false
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	t := e.keys[key]
	if t == nil && e.opts.UnknownKeyNotFound {
		writeError(w, http.StatusNotFound, "ResourceNotFound", "resource not found")
		return nil, false
	}
	if t == nil {
		writeError(w, http.StatusUnauthorized, "Unauthorized", "invalid API key")
		return nil, false
	}
	projectUID := r.Header.Get(headerProjectUID)
	if projectUID != "" && t.project(projectUID) == nil {
		writeError(w, http.StatusForbidden, "OperationForbidden",
			"project "+projectUID+" does not exist in this tenant or is not accessible with this API key")
		return nil, false
	}
	return &caller{tenant: t, projectUID: projectUID}, true
}

// statusRecorder remembers the status written.
type statusRecorder struct {
	http.ResponseWriter
	code int
}

func (s *statusRecorder) WriteHeader(code int) {
	if s.code == 0 {
		s.code = code
	}
	s.ResponseWriter.WriteHeader(code)
}

func (s *statusRecorder) Write(b []byte) (int, error) {
	if s.code == 0 {
		s.code = http.StatusOK
	}
	return s.ResponseWriter.Write(b)
}

func (s *statusRecorder) status() int {
	if s.code == 0 {
		return http.StatusOK
	}
	return s.code
}
