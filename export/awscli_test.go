package export

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/bslwiz/bslwiz/aws/iampolicy"
	"github.com/bslwiz/bslwiz/steps"
)

// TestMain lets the test binary stand in for the aws CLI when a script under
// test calls it (see fakeaws_test.go).
func TestMain(m *testing.M) {
	if state := os.Getenv(fakeAWSStateEnv); state != "" {
		os.Exit(runFakeAWS(state, os.Args[1:], os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

func TestAWSCLIScriptParses(t *testing.T) {
	bash := lookPathOrSkip(t, "bash")
	for _, pl := range plans {
		path := writeScript(t, pl.plan())
		if out, err := exec.Command(bash, "-n", path).CombinedOutput(); err != nil {
			t.Errorf("%s: bash -n: %v\n%s", pl.name, err, out)
		}
	}
}

func TestAWSCLIScriptPassesShellcheck(t *testing.T) {
	shellcheck, err := exec.LookPath("shellcheck")
	if err != nil {
		t.Skip("shellcheck is not installed (apt-get install shellcheck)")
	}
	for _, pl := range append(plans, struct {
		name string
		plan func() steps.Plan
	}{"odd-values", oddPlan}) {
		path := writeScript(t, pl.plan())
		if out, err := exec.Command(shellcheck, "--shell=bash", "--severity=style", path).CombinedOutput(); err != nil {
			t.Errorf("%s: shellcheck: %v\n%s", pl.name, err, out)
		}
	}
}

// oddPlan has values that rules allow but a careless script would mangle:
// quotes, $, spaces, a backslash and Latin-1 in the description, quote and $
// in the role path.
func oddPlan() steps.Plan {
	p := basicPlan()
	p.RoleDescription = `it's "ours": $HOME, $(id), ` + "`id`" + `, back\slash, café`
	p.RolePath = `/o'dd$path/`
	return p
}

func lookPathOrSkip(t *testing.T, name string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err != nil {
		t.Skipf("%s is not installed", name)
	}
	return path
}

func writeScript(t *testing.T, p steps.Plan) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "bslwiz.sh")
	if err := os.WriteFile(path, []byte(render(t, AWSCLI, p)), 0o755); err != nil {
		t.Fatal(err)
	}
	return path
}

// jsonTools are the two ways the script edits JSON.
var jsonTools = []string{"jq", "python3"}

// scriptEnv is a sandbox to run the exported script in: a PATH with only the
// fake aws, the few tools the script uses, and one JSON tool.
type scriptEnv struct {
	t      *testing.T
	dir    string
	bin    string
	state  string
	script string
}

func newScriptEnv(t *testing.T, p steps.Plan, jsonTool string) *scriptEnv {
	t.Helper()
	bash := lookPathOrSkip(t, "bash")
	_ = bash
	dir := t.TempDir()
	e := &scriptEnv{t: t, dir: dir, bin: filepath.Join(dir, "bin"), state: filepath.Join(dir, "aws-state.json")}
	if err := os.Mkdir(e.bin, 0o755); err != nil {
		t.Fatal(err)
	}
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	e.link(self, "aws")
	for _, tool := range []string{"mktemp", "cat", "rm"} {
		e.link(lookPathOrSkip(t, tool), tool)
	}
	switch jsonTool {
	case "jq":
		e.link(lookPathOrSkip(t, "jq"), "jq")
	case "python3":
		e.link(realPython(t), "python3")
	}
	e.script = filepath.Join(dir, "export.sh")
	if err := os.WriteFile(e.script, []byte(render(t, AWSCLI, p)), 0o755); err != nil {
		t.Fatal(err)
	}
	e.setState(&fakeState{
		Account:   "111122223333",
		CallerARN: "arn:" + partitionOf(t, p) + ":iam::111122223333:user/admin",
		Policies:  map[string]*fakePolicy{},
		Roles:     map[string]*fakeRole{},
		Faults:    map[string]string{},
		Races:     map[string]bool{},
	})
	return e
}

func partitionOf(t *testing.T, p steps.Plan) string {
	t.Helper()
	m, err := newModel(p)
	if err != nil {
		t.Fatal(err)
	}
	return m.partition
}

// realPython finds the python3 executable itself: on machines with pyenv,
// python3 on PATH is a shim script that needs the whole PATH.
func realPython(t *testing.T) string {
	t.Helper()
	py := lookPathOrSkip(t, "python3")
	out, err := exec.Command(py, "-c", "import sys; print(sys.executable)").Output()
	if err != nil {
		t.Skipf("python3 does not run: %v", err)
	}
	return strings.TrimSpace(string(out))
}

func (e *scriptEnv) link(target, name string) {
	if err := os.Symlink(target, filepath.Join(e.bin, name)); err != nil {
		e.t.Fatal(err)
	}
}

func (e *scriptEnv) setState(s *fakeState) {
	if err := writeFakeState(e.state, s); err != nil {
		e.t.Fatal(err)
	}
}

func (e *scriptEnv) getState() *fakeState {
	s, err := readFakeState(e.state)
	if err != nil {
		e.t.Fatal(err)
	}
	return s
}

func (e *scriptEnv) edit(f func(*fakeState)) {
	s := e.getState()
	f(s)
	e.setState(s)
}

// run runs the script; it returns stdout, stderr and whether it succeeded.
func (e *scriptEnv) run() (string, string, bool) {
	e.t.Helper()
	e.edit(func(s *fakeState) { s.Calls = nil })
	bash := lookPathOrSkip(e.t, "bash")
	cmd := exec.Command(bash, e.script)
	cmd.Dir = e.dir
	cmd.Env = []string{"PATH=" + e.bin, "HOME=" + e.dir, "TMPDIR=" + e.dir, fakeAWSStateEnv + "=" + e.state,
		// Under -race the fake would otherwise wait a second as it exits.
		"GORACE=atexit_sleep_ms=0"}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	if _, ok := err.(*exec.ExitError); err != nil && !ok {
		e.t.Fatalf("run the script: %v", err)
	}
	return stdout.String(), stderr.String(), err == nil
}

func (e *scriptEnv) mustRun() (string, string) {
	e.t.Helper()
	stdout, stderr, ok := e.run()
	if !ok {
		e.t.Fatalf("the script failed:\n%s", stderr)
	}
	return stdout, stderr
}

// leftNoTempFiles checks that the script removed its work directory.
func (e *scriptEnv) leftNoTempFiles() {
	e.t.Helper()
	matches, _ := filepath.Glob(filepath.Join(e.dir, "bslwiz.*"))
	if len(matches) > 0 {
		e.t.Errorf("the script left %v behind", matches)
	}
}

func mustTrust(t *testing.T, doc string) *iampolicy.Trust {
	t.Helper()
	tr, err := iampolicy.ParseTrust(doc)
	if err != nil {
		t.Fatalf("ParseTrust(%s): %v", doc, err)
	}
	return tr
}

func TestAWSCLIScriptCreatesWhatTheGuideDoes(t *testing.T) {
	for _, tool := range jsonTools {
		for _, pl := range []struct {
			name string
			plan func() steps.Plan
		}{{"basic", basicPlan}, {"gov", govPlan}, {"odd-values", oddPlan}} {
			t.Run(tool+"/"+pl.name, func(t *testing.T) {
				p := pl.plan().WithDefaults()
				m, err := newModel(p)
				if err != nil {
					t.Fatal(err)
				}
				e := newScriptEnv(t, p, tool)
				stdout, stderr := e.mustRun()
				e.leftNoTempFiles()
				s := e.getState()

				wantRoleARN := "arn:" + m.partition + ":iam::111122223333:role" + p.RolePath + p.RoleName
				if stdout != wantRoleARN+"\n" {
					t.Errorf("stdout = %q, want the role ARN %q", stdout, wantRoleARN)
				}
				if !strings.Contains(stderr, "Role ARN:") || !strings.Contains(stderr, p.ExternalID) {
					t.Errorf("stderr does not tell what to enter in Palette:\n%s", stderr)
				}

				policyARN := "arn:" + m.partition + ":iam::111122223333:policy" + p.PolicyPath + p.PolicyName
				pol := s.Policies[policyARN]
				if pol == nil {
					t.Fatalf("no policy %s; policies: %v", policyARN, s.Policies)
				}
				if !iampolicy.Equivalent(pol.Versions[0], m.policyDoc) {
					t.Errorf("policy document = %s, want %s", pol.Versions[0], m.policyDoc)
				}
				if pol.Description != m.policyDescription || pol.Path != p.PolicyPath {
					t.Errorf("policy description/path = %q %q", pol.Description, pol.Path)
				}

				r := s.Roles[p.RoleName]
				if r == nil {
					t.Fatalf("no role %s", p.RoleName)
				}
				if r.Path != p.RolePath || r.Description != p.RoleDescription ||
					r.MaxSessionDuration != p.MaxSessionDuration || r.PermissionsBoundary != p.PermissionsBoundary {
					t.Errorf("role = %+v; want path %q, description %q, max session %d, boundary %q",
						r, p.RolePath, p.RoleDescription, p.MaxSessionDuration, p.PermissionsBoundary)
				}
				wantTags := []fakeTag{{"bslwiz:location", p.LocationName}, {"bslwiz:managed-by", "bslwiz"}}
				if !reflect.DeepEqual(r.Tags, wantTags) || !reflect.DeepEqual(pol.Tags, wantTags) {
					t.Errorf("tags: role %v, policy %v; want %v", r.Tags, pol.Tags, wantTags)
				}
				if !reflect.DeepEqual(r.Attached, []string{policyARN}) {
					t.Errorf("attached = %v, want [%s]", r.Attached, policyARN)
				}

				created := mustTrust(t, r.CreatedWithTrust)
				if created.Len() != 1 || !created.HasPalette(m.partition, p.PaletteAccountID, p.ExternalID) {
					t.Errorf("the role was created with trust %s; want Palette's statement only (guide step 6)", r.CreatedWithTrust)
				}
				final := mustTrust(t, r.Trust)
				if final.Len() != 2 || !final.HasPalette(m.partition, p.PaletteAccountID, p.ExternalID) ||
					!final.HasAccountA(m.partition, p.AccountA) {
					t.Errorf("final trust = %s; want Palette and Account A", r.Trust)
				}
				if !iampolicy.Equivalent(r.Trust, m.trustDoc) {
					t.Errorf("final trust = %s, want what apply writes: %s", r.Trust, m.trustDoc)
				}

				for _, c := range s.Calls {
					if c.Region != p.Region || c.Profile != p.AWSProfile {
						t.Errorf("%s ran with region %q profile %q; want %q %q", c.Op, c.Region, c.Profile, p.Region, p.AWSProfile)
					}
				}
			})
		}
	}
}

func TestAWSCLIScriptRerunChangesNothing(t *testing.T) {
	for _, tool := range jsonTools {
		t.Run(tool, func(t *testing.T) {
			e := newScriptEnv(t, basicPlan(), tool)
			first, _ := e.mustRun()
			before := e.getState()
			second, stderr := e.mustRun()
			after := e.getState()
			if ops := after.mutatingCalls(); len(ops) > 0 {
				t.Errorf("the rerun changed things: %v\n%s", ops, stderr)
			}
			if first != second {
				t.Errorf("the rerun printed %q, the first run %q", second, first)
			}
			if !reflect.DeepEqual(before.Roles, after.Roles) || !reflect.DeepEqual(before.Policies, after.Policies) {
				t.Error("the rerun changed the account")
			}
			for _, want := range []string{"exists with this document: kept", "exists: kept", "attached already", "unchanged"} {
				if !strings.Contains(stderr, want) {
					t.Errorf("the rerun does not say %q:\n%s", want, stderr)
				}
			}
		})
	}
}

// TestAWSCLIScriptAppendsToAnExistingTrust covers the guide's step 9 on a role
// that exists: the append keeps every statement there, in whatever form IAM
// holds it, and adds only what is missing.
func TestAWSCLIScriptAppendsToAnExistingTrust(t *testing.T) {
	const (
		paletteOnlyObject = `{"Version":"2012-10-17","Statement":{"Sid":"Palette","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::210987654321:root"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"d3b07384d113edec49eaa6238ad5ff00"}}}}`
		bothAsLists       = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":["arn:aws:iam::444455556666:root"]},"Action":["sts:AssumeRole"]},{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::210987654321:root"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"d3b07384d113edec49eaa6238ad5ff00"}}}]}`
		otherOnly         = `{"Version":"2012-10-17","Statement":[{"Sid":"clusteraccountassumerole","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::999988887777:role/ops"},"Action":"sts:AssumeRole"}]}`
	)
	tests := []struct {
		name      string
		trust     string
		wantWrite bool
		wantLen   int
	}{
		{"palette as a single statement object", paletteOnlyObject, true, 2},
		{"both already, as lists", bothAsLists, false, 2},
		{"someone else only, with the Sid bslwiz uses", otherOnly, true, 3},
	}
	for _, tool := range jsonTools {
		for _, tt := range tests {
			t.Run(tool+"/"+tt.name, func(t *testing.T) {
				p := basicPlan().WithDefaults()
				e := newScriptEnv(t, p, tool)
				e.edit(func(s *fakeState) {
					s.Roles[p.RoleName] = &fakeRole{Name: p.RoleName, Path: "/", Trust: tt.trust, CreatedWithTrust: tt.trust}
				})
				_, stderr := e.mustRun()
				s := e.getState()
				r := s.Roles[p.RoleName]
				wrote := false
				for _, c := range s.Calls {
					wrote = wrote || c.Op == "iam update-assume-role-policy"
					if c.Op == "iam create-role" {
						t.Error("the script created a role that exists")
					}
				}
				if wrote != tt.wantWrite {
					t.Errorf("update-assume-role-policy called: %v, want %v\n%s", wrote, tt.wantWrite, stderr)
				}
				final := mustTrust(t, r.Trust)
				if final.Len() != tt.wantLen || !final.HasPalette("aws", p.PaletteAccountID, p.ExternalID) || !final.HasAccountA("aws", p.AccountA) {
					t.Errorf("final trust = %s; want %d statements with Palette and Account A", r.Trust, tt.wantLen)
				}
				if !tt.wantWrite && r.Trust != tt.trust {
					t.Errorf("the trust changed from %s to %s", tt.trust, r.Trust)
				}
				sids := map[string]bool{}
				for _, st := range statementsOf(t, r.Trust) {
					v, _ := parseJSON(st)
					sid, _ := v.get("Sid")
					if key := strings.ToLower(sid.text); key != "" && sids[key] {
						t.Errorf("Sid %q is used twice, which IAM rejects: %s", sid.text, r.Trust)
					} else {
						sids[key] = true
					}
				}
				// Every statement that was there is still there, unchanged.
				for _, st := range statementsOf(t, tt.trust) {
					found := false
					for _, got := range statementsOf(t, r.Trust) {
						found = found || iampolicy.Equivalent(st, got)
					}
					if !found {
						t.Errorf("statement %s was lost: %s", st, r.Trust)
					}
				}
			})
		}
	}
}

func statementsOf(t *testing.T, doc string) []string {
	t.Helper()
	v, err := parseJSON(doc)
	if err != nil {
		t.Fatal(err)
	}
	st, _ := v.get("Statement")
	if st.kind == jsonObject {
		return []string{st.marshal()}
	}
	var out []string
	for _, item := range st.items {
		out = append(out, item.marshal())
	}
	return out
}

func TestAWSCLIScriptRefusesOtherAccounts(t *testing.T) {
	tests := []struct {
		name, account, arn, want string
	}{
		{"another account", "123456789012", "arn:aws:iam::123456789012:user/x", "not for Account B (111122223333)"},
		{"account A", "444455556666", "arn:aws:iam::444455556666:user/x", "Account A"},
		{"another partition", "111122223333", "arn:aws-cn:iam::111122223333:user/x", "another partition"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := basicPlan()
			if tt.name == "account A" {
				p.AccountB = "" // the Account A guard works without an expected Account B
			}
			e := newScriptEnv(t, p, "jq")
			e.edit(func(s *fakeState) { s.Account, s.CallerARN = tt.account, tt.arn })
			_, stderr, ok := e.run()
			if ok {
				t.Fatal("the script ran with the wrong credentials")
			}
			if !strings.Contains(stderr, tt.want) {
				t.Errorf("stderr does not say %q:\n%s", tt.want, stderr)
			}
			s := e.getState()
			if len(s.Calls) != 1 {
				t.Errorf("calls after the refusal: %v", s.Calls)
			}
			e.leftNoTempFiles()
		})
	}
}

func TestAWSCLIScriptToleratesARaceOnCreate(t *testing.T) {
	p := basicPlan().WithDefaults()
	e := newScriptEnv(t, p, "jq")
	e.edit(func(s *fakeState) { s.Races["CreatePolicy"], s.Races["CreateRole"] = true, true })
	_, stderr := e.mustRun()
	if n := strings.Count(stderr, "it appeared meanwhile: kept"); n != 2 {
		t.Errorf("the script reported %d races, want 2:\n%s", n, stderr)
	}
	r := e.getState().Roles[p.RoleName]
	if tr := mustTrust(t, r.Trust); tr.Len() != 2 {
		t.Errorf("final trust = %s", r.Trust)
	}
}

func TestAWSCLIScriptStopsOnOtherErrors(t *testing.T) {
	tests := []struct{ op, code string }{
		{"CreatePolicy", "AccessDenied"},
		{"GetRole", "Throttling"},
		{"UpdateAssumeRolePolicy", "MalformedPolicyDocument"},
	}
	for _, tt := range tests {
		t.Run(tt.op, func(t *testing.T) {
			e := newScriptEnv(t, basicPlan(), "jq")
			e.edit(func(s *fakeState) { s.Faults[tt.op] = tt.code })
			stdout, stderr, ok := e.run()
			if ok || stdout != "" {
				t.Fatalf("the script succeeded (stdout %q) after %s failed with %s", stdout, tt.op, tt.code)
			}
			if !strings.Contains(stderr, tt.code) {
				t.Errorf("stderr does not show the error %s:\n%s", tt.code, stderr)
			}
			e.leftNoTempFiles()
		})
	}
}

func TestAWSCLIScriptWarnsWhenThePolicyDiffers(t *testing.T) {
	p := basicPlan().WithDefaults()
	e := newScriptEnv(t, p, "python3")
	arn := "arn:aws:iam::111122223333:policy/" + p.PolicyName
	old := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:ListBucket","Resource":"*"}]}`
	e.edit(func(s *fakeState) {
		s.Policies[arn] = &fakePolicy{Name: p.PolicyName, Path: "/", Versions: []string{old}}
	})
	_, stderr := e.mustRun()
	if !strings.Contains(stderr, "warning: exists with another document") {
		t.Errorf("no warning about the policy:\n%s", stderr)
	}
	if got := e.getState().Policies[arn].Versions; len(got) != 1 || got[0] != old {
		t.Errorf("the script changed the existing policy: %v", got)
	}
}

func TestAWSCLIScriptNeedsAJSONTool(t *testing.T) {
	e := newScriptEnv(t, basicPlan(), "none")
	_, stderr, ok := e.run()
	if ok || !strings.Contains(stderr, "needs jq or python3") {
		t.Errorf("ok=%v, stderr:\n%s", ok, stderr)
	}
	if calls := e.getState().Calls; len(calls) != 0 {
		t.Errorf("the script called aws before finding it cannot finish: %v", calls)
	}
}
