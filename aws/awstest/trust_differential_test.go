package awstest_test

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/bslwiz/bslwiz/aws/awstest"
	"github.com/bslwiz/bslwiz/aws/iampolicy"
)

// The two trust evaluators, the emulator's (what AssumeRole enforces) and
// aws/iampolicy's (what every preview shows), share no code: each is the
// other's oracle. The generator below turns bytes into a trust document and
// a caller, drawing from values that collide on purpose (the same account
// in two partitions, a role and a user of one name, wildcards in every
// condition operator, keys in other cases, IfExists and set qualifiers).

// genBytes hands out the fuzzer's bytes, then zeros.
type genBytes struct {
	b []byte
	i int
}

func (g *genBytes) n(k int) int {
	if g.i >= len(g.b) {
		return 0
	}
	v := int(g.b[g.i])
	g.i++
	return v % k
}

func (g *genBytes) pick(xs ...string) string { return xs[g.n(len(xs))] }

var (
	awsPrincipals = []string{
		"*", "444455556666", "arn:aws:iam::444455556666:root", "arn:aws:iam::444455556666:role/ops/Backup",
		"arn:aws:iam::444455556666:role/ops/BACKUP", "arn:aws:iam::444455556666:role/Backup",
		"arn:aws:iam::444455556666:user/ci", "arn:aws:iam::444455556666:user/Backup",
		"arn:aws:sts::444455556666:assumed-role/Backup/s1", "arn:aws:sts::444455556666:assumed-role/Backup/s2",
		"210987654321", "arn:aws:iam::210987654321:root", "arn:aws:iam::210987654321:role/palette",
		"arn:aws-cn:iam::444455556666:root", "AROAEXAMPLEEXAMPLE123", "arn:aws:iam::999988887777:root",
	}
	actions = []string{"sts:AssumeRole", "sts:assumerole", "sts:*", "sts:Assume*", "sts:AssumeRole?", "sts:TagSession",
		"*", "sts:AssumeRoleWithWebIdentity", "sts:A?sumeRole"}
	baseOperators = []string{"StringEquals", "StringNotEquals", "StringLike", "StringNotLike", "StringEqualsIgnoreCase",
		"StringNotEqualsIgnoreCase", "ArnEquals", "ArnLike", "ArnNotEquals", "ArnNotLike", "Bool", "Null"}
	conditionKeys = []string{"sts:ExternalId", "STS:externalid", "aws:PrincipalArn", "aws:PrincipalAccount",
		"aws:PrincipalType", "aws:MultiFactorAuthPresent", "aws:PrincipalTag/team", "aws:TagKeys"}
	conditionValues = []string{"acme-3f9c2b7e", "ACME-3F9C2B7E", "acme-*", "acme-3f9c2b7?", "other", "",
		"arn:aws:iam::444455556666:role/ops/Backup", "arn:aws:iam::444455556666:*", "arn:aws:iam::*:role/ops/Backup",
		"arn:aws:iam::444455556666:role/*", "arn:*:iam::*:*", "arn:aws:iam:*:user/ci", "arn:aws:iam::444455556666:user/ci",
		"444455556666", "4444*", "210987654321", "User", "AssumedRole", "true", "false", "TRUE", "*", "team", "cost-*"}
)

type callerSpec struct {
	test   awstest.TrustCaller
	caller iampolicy.Caller
}

func callers() []callerSpec {
	session := func(partition, account, path, name, sess string) callerSpec {
		role := "arn:" + partition + ":iam::" + account + ":role" + path + name
		c := iampolicy.NewRoleSession(role, sess)
		return callerSpec{awstest.TrustCaller{Partition: partition, Account: account, ARN: c.Principal, RoleARN: role}, c}
	}
	user := func(partition, account, name string) callerSpec {
		u := "arn:" + partition + ":iam::" + account + ":user/" + name
		return callerSpec{awstest.TrustCaller{Partition: partition, Account: account, ARN: u}, iampolicy.NewCaller(u)}
	}
	return []callerSpec{
		session("aws", "444455556666", "/ops/", "Backup", "s1"),
		session("aws", "444455556666", "/", "Backup", "s1"),
		user("aws", "444455556666", "ci"),
		user("aws", "444455556666", "Backup"),
		session("aws", "210987654321", "/", "palette", "s1"),
		user("aws", "999988887777", "stranger"),
		session("aws-cn", "444455556666", "/ops/", "Backup", "s1"),
	}
}

func (g *genBytes) principalElement() any {
	if g.n(8) == 0 {
		return "*"
	}
	el := map[string]any{}
	k := 1 + g.n(3)
	var vals []string
	for range k {
		vals = append(vals, g.pick(awsPrincipals...))
	}
	if k == 1 && g.n(2) == 0 {
		el["AWS"] = vals[0]
	} else {
		el["AWS"] = vals
	}
	if g.n(6) == 0 {
		el["Service"] = "ec2.amazonaws.com"
	}
	return el
}

func (g *genBytes) condition() map[string]any {
	out := map[string]any{}
	for range g.n(3) {
		op := g.pick(baseOperators...)
		if op == "Null" {
			out["Null"] = map[string]any{g.pick(conditionKeys...): g.pick("true", "false")}
			continue
		}
		switch g.n(6) {
		case 0:
			op = "ForAnyValue:" + op
		case 1:
			op = "ForAllValues:" + op
		}
		if g.n(3) == 0 {
			op += "IfExists"
		}
		block := map[string]any{}
		for range 1 + g.n(2) {
			key := g.pick(conditionKeys...)
			if g.n(3) == 0 {
				block[key] = []string{g.pick(conditionValues...), g.pick(conditionValues...)}
			} else {
				block[key] = g.pick(conditionValues...)
			}
		}
		out[op] = block
	}
	return out
}

// generate builds a trust document and a request from the fuzzer's bytes.
func generate(data []byte) (doc string, c callerSpec) {
	g := &genBytes{b: data}
	var stmts []map[string]any
	for range 1 + g.n(3) {
		st := map[string]any{"Effect": g.pick("Allow", "Allow", "Deny")}
		if g.n(2) == 0 {
			st["Sid"] = fmt.Sprintf("S%d", len(stmts))
		}
		if g.n(7) == 0 {
			st["NotPrincipal"] = g.principalElement()
		} else {
			st["Principal"] = g.principalElement()
		}
		act := []string{g.pick(actions...)}
		if g.n(3) == 0 {
			act = append(act, g.pick(actions...))
		}
		if g.n(8) == 0 {
			st["NotAction"] = act
		} else {
			st["Action"] = act
		}
		if cond := g.condition(); len(cond) > 0 {
			st["Condition"] = cond
		}
		stmts = append(stmts, st)
	}
	b, _ := json.Marshal(map[string]any{"Version": "2012-10-17", "Statement": stmts})
	cs := callers()
	c = cs[g.n(len(cs))]
	switch g.n(4) {
	case 1:
		c.caller = c.caller.WithExternalID("acme-3f9c2b7e")
	case 2:
		c.caller = c.caller.WithExternalID("ACME-3F9C2B7E")
	case 3:
		c.caller = c.caller.WithExternalID("other")
	}
	if m := g.n(3); m > 0 {
		ctx := map[string][]string{}
		for k, v := range c.caller.Context {
			ctx[k] = v
		}
		ctx["aws:multifactorauthpresent"] = []string{[]string{"", "true", "false"}[m]}
		c.caller.Context = ctx
	}
	// aws:TagKeys, the multivalued key: absent, one value or two.
	if m := g.n(3); m > 0 {
		ctx := map[string][]string{}
		for k, v := range c.caller.Context {
			ctx[k] = v
		}
		ctx["aws:tagkeys"] = [][]string{nil, {"team"}, {"team", "cost-center"}}[m]
		c.caller.Context = ctx
	}
	return string(b), c
}

// checkAgree fails when the evaluators disagree on data's document and caller.
func checkAgree(t *testing.T, data []byte) {
	t.Helper()
	doc, c := generate(data)
	emuAllowed, emuDeny, valid := awstest.EvalTrustForTest(doc, c.test, c.caller.Context)
	if !valid {
		return // IAM would not store it: nothing to evaluate
	}
	tr, err := iampolicy.ParseTrust(doc)
	if err != nil {
		t.Fatalf("IAM stores it but iampolicy cannot parse it: %v\n%s", err, doc)
	}
	v := tr.Evaluate(iampolicy.ActionAssumeRole, c.caller)
	if v.Allowed() != emuAllowed || (v.Decision == iampolicy.ExplicitDeny) != emuDeny {
		t.Fatalf("evaluators disagree for %s with %v:\n%s\nemulator: allowed=%v explicitDeny=%v\niampolicy: %v (%s)",
			c.caller.Principal, c.caller.Context, doc, emuAllowed, emuDeny, v.Decision, v.Why)
	}
}

// FuzzTrustEvaluatorsAgree: for any generated trust document and caller,
// the emulator and aws/iampolicy reach the same verdict, explicit Deny
// included. Its corpus is in testdata/fuzz/FuzzTrustEvaluatorsAgree.
func FuzzTrustEvaluatorsAgree(f *testing.F) {
	f.Add([]byte{})
	f.Add([]byte("the guide's trust, and a wrong external ID"))
	f.Fuzz(checkAgree)
}

// TestTrustEvaluatorsAgreeOnManyDocuments runs the differential check over
// a fixed pseudo-random sample, so that every `go test` covers far more
// than the corpus, deterministically.
func TestTrustEvaluatorsAgreeOnManyDocuments(t *testing.T) {
	r := rand.New(rand.NewPCG(17, 2026))
	n := 5000
	if testing.Short() {
		n = 1000
	}
	allowed := 0
	for range n {
		data := make([]byte, 8+r.IntN(56))
		for i := range data {
			data[i] = byte(r.Uint32())
		}
		checkAgree(t, data)
		doc, c := generate(data)
		if tr, err := iampolicy.ParseTrust(doc); err == nil && tr.Evaluate(iampolicy.ActionAssumeRole, c.caller).Allowed() {
			allowed++
		}
	}
	// The sample must exercise both verdicts, not only the easy one.
	if allowed < n/20 || allowed > n-n/20 {
		t.Fatalf("%d of %d generated requests allowed: the generator is lopsided", allowed, n)
	}
}
