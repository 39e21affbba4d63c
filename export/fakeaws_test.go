package export

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
)

// The awscli export is run against this fake aws CLI: the test binary itself,
// linked as "aws" on the script's PATH, with its state in a JSON file. It
// knows exactly the commands and --query expressions the script uses, and
// fails loudly on anything else, so a change to the script that the fake does
// not understand fails the test instead of passing by accident.

const fakeAWSStateEnv = "BSLWIZ_FAKE_AWS_STATE"

type fakeState struct {
	Account   string
	CallerARN string
	Policies  map[string]*fakePolicy // by ARN
	Roles     map[string]*fakeRole   // by name
	// Faults fails the next call of an operation with an error code.
	Faults map[string]string
	// Races makes the next call of a create operation find that another run
	// created the entity first: it creates it, then answers EntityAlreadyExists.
	Races map[string]bool
	Calls []fakeCall
}

type fakePolicy struct {
	Name, Path, Description string
	Tags                    []fakeTag
	Versions                []string
}

type fakeRole struct {
	Name, Path, Description, PermissionsBoundary string
	MaxSessionDuration                           int
	CreatedWithTrust, Trust                      string
	Tags                                         []fakeTag
	Attached                                     []string
}

type fakeTag struct{ Key, Value string }

type fakeCall struct {
	Op              string
	Region, Profile string
	Mutating        bool
	Status          int
}

func (s *fakeState) mutatingCalls() []string {
	var ops []string
	for _, c := range s.Calls {
		if c.Mutating {
			ops = append(ops, c.Op)
		}
	}
	return ops
}

func readFakeState(path string) (*fakeState, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var s fakeState
	if err := json.Unmarshal(b, &s); err != nil {
		return nil, err
	}
	return &s, nil
}

func writeFakeState(path string, s *fakeState) error {
	b, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, b, 0o644)
}

// fakeError is an AWS error the way the CLI prints it.
type fakeError struct{ code, op, msg string }

func (e fakeError) Error() string {
	return fmt.Sprintf("\nAn error occurred (%s) when calling the %s operation: %s", e.code, e.op, e.msg)
}

// runFakeAWS is the fake's main: it returns the exit status.
func runFakeAWS(statePath string, args []string, stdout, stderr io.Writer) int {
	s, err := readFakeState(statePath)
	if err != nil {
		fmt.Fprintln(stderr, "fake aws:", err)
		return 2
	}
	flags, words, err := parseFakeArgs(args)
	if err != nil {
		fmt.Fprintln(stderr, "fake aws:", err)
		return 2
	}
	op := strings.Join(words, " ")
	call := fakeCall{Op: op, Region: flags["region"], Profile: flags["profile"]}
	out, mutating, err := s.do(op, flags)
	call.Mutating = mutating && err == nil
	status := 0
	var fe fakeError
	switch {
	case err == nil:
		io.WriteString(stdout, out)
	case asFakeError(err, &fe):
		fmt.Fprintln(stderr, fe.Error())
		status = 254
	default:
		fmt.Fprintln(stderr, "fake aws:", err)
		status = 2
	}
	call.Status = status
	s.Calls = append(s.Calls, call)
	if err := writeFakeState(statePath, s); err != nil {
		fmt.Fprintln(stderr, "fake aws:", err)
		return 2
	}
	return status
}

func asFakeError(err error, target *fakeError) bool {
	fe, ok := err.(fakeError)
	if ok {
		*target = fe
	}
	return ok
}

// parseFakeArgs splits aws's arguments into --name value options and the
// command words.
func parseFakeArgs(args []string) (map[string]string, []string, error) {
	flags := map[string]string{}
	var words []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if !strings.HasPrefix(a, "--") {
			words = append(words, a)
			continue
		}
		if i+1 >= len(args) {
			return nil, nil, fmt.Errorf("option %s has no value", a)
		}
		name := strings.TrimPrefix(a, "--")
		if _, dup := flags[name]; dup {
			return nil, nil, fmt.Errorf("option %s given twice", a)
		}
		flags[name] = args[i+1]
		i++
	}
	return flags, words, nil
}

func fileArg(v string) (string, error) {
	path, ok := strings.CutPrefix(v, "file://")
	if !ok {
		return "", fmt.Errorf("want a file:// document, got %q", v)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return "", err
	}
	var doc any
	if err := json.Unmarshal(b, &doc); err != nil {
		return "", fakeError{"MalformedPolicyDocument", "", "not JSON: " + err.Error()}
	}
	return string(b), nil
}

func jsonOut(v any) string {
	b, _ := json.MarshalIndent(v, "", "    ")
	return string(b) + "\n"
}

// docOut prints a stored policy document as the CLI does after decoding it.
func docOut(doc string) string {
	var b bytes.Buffer
	_ = json.Indent(&b, []byte(doc), "", "    ")
	return b.String() + "\n"
}

func (s *fakeState) roleARN(r *fakeRole) string {
	return "arn:" + strings.Split(s.CallerARN, ":")[1] + ":iam::" + s.Account + ":role" + r.Path + r.Name
}

// do runs one command. It reports whether the command is one that changes
// state (whether or not it did).
func (s *fakeState) do(op string, f map[string]string) (out string, mutating bool, err error) {
	query := func(want ...string) error {
		got := f["query"] + "|" + f["output"]
		for _, w := range want {
			if got == w {
				return nil
			}
		}
		return fmt.Errorf("%s: unexpected --query/--output %q", op, got)
	}
	need := func(names ...string) error {
		for _, n := range names {
			if f[n] == "" {
				return fmt.Errorf("%s: --%s is missing", op, n)
			}
		}
		return nil
	}
	opName := map[string]string{
		"sts get-caller-identity": "GetCallerIdentity", "iam get-policy": "GetPolicy",
		"iam get-policy-version": "GetPolicyVersion", "iam create-policy": "CreatePolicy",
		"iam get-role": "GetRole", "iam create-role": "CreateRole", "iam wait role-exists": "GetRole",
		"iam list-attached-role-policies": "ListAttachedRolePolicies", "iam attach-role-policy": "AttachRolePolicy",
		"iam update-assume-role-policy": "UpdateAssumeRolePolicy",
	}[op]
	if opName == "" {
		return "", false, fmt.Errorf("unsupported command %q", op)
	}
	mutating = strings.HasPrefix(opName, "Create") || strings.HasPrefix(opName, "Attach") || strings.HasPrefix(opName, "Update")
	if code := s.Faults[opName]; code != "" {
		delete(s.Faults, opName)
		return "", mutating, fakeError{code, opName, "injected by the test"}
	}
	race := s.Races[opName]
	delete(s.Races, opName)
	noRole := func() error {
		return fakeError{"NoSuchEntity", opName, "The role with name " + f["role-name"] + " cannot be found."}
	}

	switch op {
	case "sts get-caller-identity":
		if err := query("[Account, Arn]|text"); err != nil {
			return "", false, err
		}
		return s.Account + "\t" + s.CallerARN + "\n", false, nil

	case "iam get-policy":
		if err := need("policy-arn"); err != nil {
			return "", false, err
		}
		if err := query("Policy.DefaultVersionId|text"); err != nil {
			return "", false, err
		}
		p := s.Policies[f["policy-arn"]]
		if p == nil {
			return "", false, fakeError{"NoSuchEntity", opName, "Policy " + f["policy-arn"] + " was not found."}
		}
		return fmt.Sprintf("v%d\n", len(p.Versions)), false, nil

	case "iam get-policy-version":
		if err := need("policy-arn", "version-id"); err != nil {
			return "", false, err
		}
		if err := query("PolicyVersion.Document|json"); err != nil {
			return "", false, err
		}
		p := s.Policies[f["policy-arn"]]
		var n int
		_, _ = fmt.Sscanf(f["version-id"], "v%d", &n)
		if p == nil || n < 1 || n > len(p.Versions) {
			return "", false, fakeError{"NoSuchEntity", opName, "no such policy version"}
		}
		return docOut(p.Versions[n-1]), false, nil

	case "iam create-policy":
		if err := need("policy-name", "path", "description", "policy-document", "tags"); err != nil {
			return "", true, err
		}
		doc, err := fileArg(f["policy-document"])
		if err != nil {
			return "", true, err
		}
		tags, err := parseFakeTags(f["tags"])
		if err != nil {
			return "", true, err
		}
		arn := "arn:" + strings.Split(s.CallerARN, ":")[1] + ":iam::" + s.Account + ":policy" + f["path"] + f["policy-name"]
		if s.Policies[arn] != nil && !race {
			return "", true, fakeError{"EntityAlreadyExists", opName, "A policy called " + f["policy-name"] + " already exists."}
		}
		s.Policies[arn] = &fakePolicy{Name: f["policy-name"], Path: f["path"], Description: f["description"], Tags: tags, Versions: []string{doc}}
		if race {
			return "", true, fakeError{"EntityAlreadyExists", opName, "A policy called " + f["policy-name"] + " already exists."}
		}
		return jsonOut(map[string]any{"Policy": map[string]string{"Arn": arn}}), true, nil

	case "iam get-role":
		if err := need("role-name"); err != nil {
			return "", false, err
		}
		if err := query("|", "Role.AssumeRolePolicyDocument|json", "Role.Arn|text"); err != nil {
			return "", false, err
		}
		r := s.Roles[f["role-name"]]
		if r == nil {
			return "", false, noRole()
		}
		switch f["query"] {
		case "Role.AssumeRolePolicyDocument":
			return docOut(r.Trust), false, nil
		case "Role.Arn":
			return s.roleARN(r) + "\n", false, nil
		}
		return jsonOut(map[string]any{"Role": map[string]string{"RoleName": r.Name, "Arn": s.roleARN(r)}}), false, nil

	case "iam create-role":
		if err := need("role-name", "path", "description", "max-session-duration", "assume-role-policy-document", "tags"); err != nil {
			return "", true, err
		}
		trust, err := fileArg(f["assume-role-policy-document"])
		if err != nil {
			return "", true, err
		}
		tags, err := parseFakeTags(f["tags"])
		if err != nil {
			return "", true, err
		}
		var maxSession int
		if _, err := fmt.Sscanf(f["max-session-duration"], "%d", &maxSession); err != nil {
			return "", true, fmt.Errorf("--max-session-duration %q", f["max-session-duration"])
		}
		if s.Roles[f["role-name"]] != nil && !race {
			return "", true, fakeError{"EntityAlreadyExists", opName, "Role with name " + f["role-name"] + " already exists."}
		}
		r := &fakeRole{Name: f["role-name"], Path: f["path"], Description: f["description"],
			PermissionsBoundary: f["permissions-boundary"], MaxSessionDuration: maxSession,
			CreatedWithTrust: trust, Trust: trust, Tags: tags}
		s.Roles[r.Name] = r
		if race {
			return "", true, fakeError{"EntityAlreadyExists", opName, "Role with name " + f["role-name"] + " already exists."}
		}
		return jsonOut(map[string]any{"Role": map[string]string{"Arn": s.roleARN(r)}}), true, nil

	case "iam wait role-exists":
		if err := need("role-name"); err != nil {
			return "", false, err
		}
		if s.Roles[f["role-name"]] == nil {
			return "", false, fmt.Errorf("Waiter RoleExists failed: Max attempts exceeded")
		}
		return "", false, nil

	case "iam list-attached-role-policies":
		if err := need("role-name"); err != nil {
			return "", false, err
		}
		if err := query("AttachedPolicies[].PolicyArn|text"); err != nil {
			return "", false, err
		}
		r := s.Roles[f["role-name"]]
		if r == nil {
			return "", false, noRole()
		}
		return strings.Join(r.Attached, "\t") + "\n", false, nil

	case "iam attach-role-policy":
		if err := need("role-name", "policy-arn"); err != nil {
			return "", true, err
		}
		r := s.Roles[f["role-name"]]
		if r == nil {
			return "", true, noRole()
		}
		if s.Policies[f["policy-arn"]] == nil {
			return "", true, fakeError{"NoSuchEntity", opName, "Policy " + f["policy-arn"] + " does not exist or is not attachable."}
		}
		for _, a := range r.Attached {
			if a == f["policy-arn"] {
				return "", true, nil
			}
		}
		r.Attached = append(r.Attached, f["policy-arn"])
		sort.Strings(r.Attached)
		return "", true, nil

	case "iam update-assume-role-policy":
		if err := need("role-name", "policy-document"); err != nil {
			return "", true, err
		}
		r := s.Roles[f["role-name"]]
		if r == nil {
			return "", true, noRole()
		}
		trust, err := fileArg(f["policy-document"])
		if err != nil {
			return "", true, err
		}
		r.Trust = trust
		return "", true, nil
	}
	return "", false, fmt.Errorf("unsupported command %q", op)
}

func parseFakeTags(v string) ([]fakeTag, error) {
	var tags []fakeTag
	dec := json.NewDecoder(bytes.NewReader([]byte(v)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&tags); err != nil {
		return nil, fmt.Errorf("--tags %q: %w", v, err)
	}
	return tags, nil
}
