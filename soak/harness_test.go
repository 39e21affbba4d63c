package soak_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/iam"

	"github.com/bslwiz/bslwiz/aws/awstest"
	"github.com/bslwiz/bslwiz/internal/testenv"
	"github.com/bslwiz/bslwiz/palette"
	"github.com/bslwiz/bslwiz/palette/palettetest"
	"github.com/bslwiz/bslwiz/sandbox"
	"github.com/bslwiz/bslwiz/steps"
)

// binary is the bslwiz built for this test run: built without the race
// detector (as users run it, and cheaper for hundreds of processes; the
// in-process emulators still run under it with -race).
var binary string

func TestMain(m *testing.M) { testenv.MainWithBinary(m, &binary) }

// The foreign resources seeded before a test: bslwiz must never change them.
const (
	foreignRole     = "ops-audit"
	foreignTrust    = `{"Version":"2012-10-17","Statement":[{"Sid":"Auditors","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::444455556666:root"},"Action":"sts:AssumeRole"}]}`
	foreignPolicy   = "ops-readonly"
	foreignLocation = "ops-backups"
)

// world is one sandbox, served in this process, that children share.
type world struct {
	t     *testing.T
	sb    *sandbox.Sandbox
	state string   // --state-dir of every child
	env   []string // the children's environment, without the endpoints
	// foreign is the emulators' foreign resources as seeded.
	foreign foreignState
}

func newWorld(t *testing.T) *world {
	t.Helper()
	sb, err := sandbox.Start(sandbox.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(sb.Close)
	home := t.TempDir()
	w := &world{t: t, sb: sb, state: filepath.Join(home, "state")}
	w.env = []string{"HOME=" + home, "PATH=" + os.Getenv("PATH"),
		"AWS_CONFIG_FILE=" + filepath.Join(home, "aws-config"), "AWS_SHARED_CREDENTIALS_FILE=" + filepath.Join(home, "aws-credentials")}
	for _, kv := range sb.Env() {
		if !strings.HasPrefix(kv, "AWS_ENDPOINT_URL=") && !strings.HasPrefix(kv, "SPECTROCLOUD_HOST=") {
			w.env = append(w.env, kv)
		}
	}
	w.seedForeign()
	return w
}

// seedForeign makes, without bslwiz, a role with a trust statement, a
// managed policy and a Palette location.
func (w *world) seedForeign() {
	t := w.t
	w.sb.AWS.AddRole(sandbox.AccountB, foreignRole, foreignTrust)
	ctx := context.Background()
	var keyID, secret string
	for _, kv := range w.env {
		k, v, _ := strings.Cut(kv, "=")
		switch k {
		case "AWS_ACCESS_KEY_ID":
			keyID = v
		case "AWS_SECRET_ACCESS_KEY":
			secret = v
		}
	}
	c := iam.New(iam.Options{Region: "us-east-1", BaseEndpoint: sdkaws.String(w.sb.AWSServer.URL),
		Credentials: credentials.NewStaticCredentialsProvider(keyID, secret, "")})
	if _, err := c.CreatePolicy(ctx, &iam.CreatePolicyInput{PolicyName: sdkaws.String(foreignPolicy),
		PolicyDocument: sdkaws.String(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:ListAllMyBuckets","Resource":"*"}]}`)}); err != nil {
		t.Fatalf("seed a foreign policy: %v", err)
	}
	p, err := palette.New(palette.Config{Endpoint: w.sb.PaletteServer.URL, APIKey: w.apiKey()})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.InProject(w.sb.ProjectUID).CreateS3Location(ctx, palette.S3Location{Name: foreignLocation, Bucket: sandbox.Bucket, Region: sandbox.BucketRegion,
		RoleARN: "arn:aws:iam::" + sandbox.AccountB + ":role/" + foreignRole, ExternalID: "ops-external-id"}); err != nil {
		t.Fatalf("seed a foreign location: %v", err)
	}
	w.foreign = w.foreignNow()
}

func (w *world) apiKey() string {
	for _, kv := range w.sb.Env() {
		if v, ok := strings.CutPrefix(kv, "SPECTROCLOUD_APIKEY="); ok {
			return v
		}
	}
	return ""
}

// foreignState is what the foreign resources are now.
type foreignState struct {
	role   awstest.RoleState
	policy awstest.PolicyState
	loc    palettetest.LocationState
	found  int // how many of the three exist
}

func (w *world) foreignNow() foreignState {
	var f foreignState
	a, _ := w.sb.AWS.Snapshot().Account(sandbox.AccountB)
	if r, ok := a.Role(foreignRole); ok {
		f.role, f.found = r, f.found+1
	}
	if p, ok := a.Policy(foreignPolicy); ok {
		f.policy, f.found = p, f.found+1
	}
	for _, l := range w.locations() {
		if l.Name == foreignLocation {
			f.loc, f.found = l, f.found+1
		}
	}
	return f
}

func (w *world) locations() []palettetest.LocationState {
	var out []palettetest.LocationState
	for _, t := range w.sb.Palette.Snapshot().Tenants {
		out = append(out, t.Locations...)
	}
	return out
}

// problems lists what is wrong in the emulators for the locations given:
// with done, each has exactly one role, one policy and one Palette location
// of its own; without, none; and the foreign resources are as seeded.
func (w *world) problems(done map[string]bool) []string {
	var out []string
	if f := w.foreignNow(); f.found != 3 || f.role.TrustPolicy != w.foreign.role.TrustPolicy ||
		len(f.role.AttachedPolicies) != 0 || fmt.Sprint(f.policy) != fmt.Sprint(w.foreign.policy) ||
		f.loc.UID != w.foreign.loc.UID || f.loc.RoleARN != w.foreign.loc.RoleARN {
		out = append(out, fmt.Sprintf("a foreign resource changed: %+v, seeded %+v", f, w.foreign))
	}
	a, _ := w.sb.AWS.Snapshot().Account(sandbox.AccountB)
	roles, policies, locs := map[string]int{}, map[string]int{}, map[string]int{}
	for _, r := range a.Roles {
		if r.Name != foreignRole {
			roles[r.Name]++
		}
	}
	for _, p := range a.Policies {
		if p.Name != foreignPolicy {
			policies[p.Name]++
		}
	}
	for _, l := range w.locations() {
		if l.Name != foreignLocation {
			locs[l.Name]++
		}
	}
	for name, want := range done {
		n := 0
		if want {
			n = 1
		}
		if got := countPrefix(roles, name); got != n {
			out = append(out, fmt.Sprintf("%s: %d roles, want %d (%v)", name, got, n, roles))
		}
		if got := countPrefix(policies, name); got != n {
			out = append(out, fmt.Sprintf("%s: %d policies, want %d (%v)", name, got, n, policies))
		}
		if locs[name] != n {
			out = append(out, fmt.Sprintf("%s: %d Palette locations, want %d", name, locs[name], n))
		}
	}
	for _, r := range a.Roles {
		if r.Name == foreignRole {
			continue
		}
		if strings.Count(r.TrustPolicy, `"Sid"`) > 0 && hasDuplicateStatements(r.TrustPolicy) {
			out = append(out, fmt.Sprintf("role %s has a duplicated trust statement: %s", r.Name, r.TrustPolicy))
		}
	}
	return out
}

// countPrefix counts the names that are bslwiz's for a location: its
// default role and policy names contain the location's name.
func countPrefix(names map[string]int, location string) int {
	n := 0
	for name, c := range names {
		if strings.Contains(name, location) {
			n += c
		}
	}
	return n
}

// hasDuplicateStatements reports whether a trust document repeats a Sid.
func hasDuplicateStatements(doc string) bool {
	seen := map[string]bool{}
	for _, part := range strings.Split(doc, `"Sid":`)[1:] {
		sid, _, _ := strings.Cut(part, ",")
		if seen[sid] {
			return true
		}
		seen[sid] = true
	}
	return false
}

// hook decides what happens to one call of a child: op is "iam:CreateRole",
// "sts:AssumeRole", "s3:GET", "palette:POST /v1/users/assets/locations/s3".
type hook func(op string) verdict

type verdict int

const (
	pass       verdict = iota
	killBefore         // kill the child; the call is never made
	killAfter          // make the call, then kill the child before it hears
)

// front serves an emulator to the children through hook.
type front struct {
	aws, palette *httptest.Server
	mu           sync.Mutex
	hook         hook
	victim       *os.Process // the child a kill verdict ends
}

func (w *world) newFront(h hook) *front {
	f := &front{hook: h}
	f.aws = httptest.NewServer(f.wrap(w.sb.AWS, awsOp))
	f.palette = httptest.NewServer(f.wrap(w.sb.Palette, func(r *http.Request, _ []byte) string {
		return "palette:" + r.Method + " " + r.URL.Path
	}))
	w.t.Cleanup(func() { f.aws.Close(); f.palette.Close() })
	return f
}

func (f *front) setHook(h hook) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.hook = h
}

func (f *front) wrap(next http.Handler, opOf func(*http.Request, []byte) string) http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(body))
		f.mu.Lock()
		h, victim := f.hook, f.victim
		f.mu.Unlock()
		v := pass
		if h != nil {
			v = h(opOf(r, body))
		}
		switch v {
		case killBefore:
			kill(victim)
			panic(http.ErrAbortHandler)
		case killAfter:
			next.ServeHTTP(httptest.NewRecorder(), r)
			kill(victim)
			panic(http.ErrAbortHandler)
		}
		next.ServeHTTP(rw, r)
	})
}

func kill(p *os.Process) {
	if p != nil {
		_ = p.Signal(syscall.SIGKILL)
	}
}

// awsOp names an AWS call: the service from the signature's scope, and the
// Action of a query call (IAM, STS) or the method (S3).
func awsOp(r *http.Request, body []byte) string {
	service := "aws"
	if _, cred, ok := strings.Cut(r.Header.Get("Authorization"), "Credential="); ok {
		if parts := strings.Split(cred, "/"); len(parts) > 3 {
			service = parts[3]
		}
	}
	if q, err := url.ParseQuery(string(body)); err == nil && q.Get("Action") != "" {
		return service + ":" + q.Get("Action")
	}
	return service + ":" + r.Method
}

// child is one bslwiz process.
type child struct {
	cmd      *exec.Cmd
	out, err bytes.Buffer
}

// result is how a child ended.
type result struct {
	code     int
	killed   bool
	out, err string
}

// start runs bslwiz with args through f; a kill verdict of f ends it.
func (w *world) start(f *front, env []string, args ...string) *child {
	w.t.Helper()
	c := &child{cmd: exec.Command(binary, args...)}
	c.cmd.Env = append(append(append([]string(nil), w.env...),
		"AWS_ENDPOINT_URL="+f.aws.URL, "SPECTROCLOUD_HOST="+f.palette.URL), env...)
	c.cmd.Stdout, c.cmd.Stderr = &c.out, &c.err
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := c.cmd.Start(); err != nil {
		w.t.Fatal(err)
	}
	f.victim = c.cmd.Process
	return c
}

func (c *child) wait() result {
	err := c.cmd.Wait()
	r := result{out: c.out.String(), err: c.err.String()}
	if err != nil {
		if ee, ok := err.(*exec.ExitError); ok {
			r.code = ee.ExitCode()
			if ws, ok := ee.Sys().(syscall.WaitStatus); ok && ws.Signaled() && ws.Signal() == syscall.SIGKILL {
				r.killed = true
			}
		} else {
			r.code = -1
			r.err += err.Error()
		}
	}
	return r
}

func (w *world) applyArgs(location string) []string {
	return []string{"apply", "--yes", "--name", location, "--bucket", sandbox.Bucket, "--account-a", sandbox.AccountA, "--state-dir", w.state}
}

func (w *world) undoArgs(location string) []string {
	return []string{"undo", location, "--yes", "--state-dir", w.state}
}

// journal reads a location's journal.
func (w *world) journal(location string) steps.JournalData {
	j, err := steps.LoadJournal(steps.JournalPath(w.state, location, false))
	if err != nil {
		w.t.Fatal(err)
	}
	return j.Snapshot()
}
