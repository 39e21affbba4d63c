package iampolicy

import (
	"encoding/json"
	"net/url"
	"strings"
	"testing"
)

const (
	paletteAccount = "210987654321"
	accountAID     = "444455556666"
	externalID     = "acme-3f9c2b7e"
)

// mixedTrust already holds three statements in mixed forms: an object
// principal given as a string with an unknown statement key, an array of
// principals with an array Action and an unknown principal type, and a
// Service principal with a Sid and a condition with an unknown operator key
// and a number. The document has an Id and an unknown key too.
const mixedTrust = `{
  "Version": "2012-10-17",
  "Id": "acme-backup-trust",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": {"AWS": "arn:aws:iam::123456789012:role/ops/BreakGlass"},
      "Action": "sts:AssumeRole",
      "x-acme-owner": {"team": "platform", "ticket": 4711}
    },
    {
      "Principal": {"AWS": ["999988887777", "arn:aws:iam::888877776666:user/ci"], "CanonicalUser": "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be"},
      "Action": ["sts:AssumeRole", "sts:TagSession"],
      "Effect": "Allow"
    },
    {
      "Sid": "EC2Nodes",
      "Effect": "Allow",
      "Principal": {"Service": ["ec2.amazonaws.com"]},
      "Action": "sts:AssumeRole",
      "Condition": {
        "StringEquals": {"aws:SourceAccount": "111122223333"},
        "NumericLessThan": {"aws:MultiFactorAuthAge": 3600},
        "Bool": {"aws:SecureTransport": true}
      }
    }
  ],
  "x-acme-note": ["reviewed", 2026]
}`

// compactStatements returns each statement of a document as compact JSON
// with the document's key order, decoded independently of this package.
func compactStatements(t *testing.T, doc string) []string {
	t.Helper()
	var d struct{ Statement json.RawMessage }
	if err := json.Unmarshal([]byte(doc), &d); err != nil {
		t.Fatal(err)
	}
	var raw []json.RawMessage
	if err := json.Unmarshal(d.Statement, &raw); err != nil {
		raw = []json.RawMessage{d.Statement}
	}
	out := make([]string, len(raw))
	for i, r := range raw {
		var b bytesBuffer
		if err := json.Compact(&b, r); err != nil {
			t.Fatal(err)
		}
		out[i] = b.String()
	}
	return out
}

func TestAppendingAccountAKeepsThreeMixedStatements(t *testing.T) {
	tr, err := ParseTrust(mixedTrust)
	if err != nil {
		t.Fatal(err)
	}
	if tr.Len() != 3 {
		t.Fatalf("Len = %d, want 3", tr.Len())
	}
	changed, err := tr.EnsureAccountA("aws", accountAID)
	if err != nil || !changed {
		t.Fatalf("EnsureAccountA = %v, %v; want a change", changed, err)
	}
	after := tr.JSON()
	before := compactStatements(t, mixedTrust)
	got := compactStatements(t, after)
	if len(got) != 4 {
		t.Fatalf("want 4 statements after the append, got %d:\n%s", len(got), after)
	}
	for i := range before {
		if got[i] != before[i] {
			t.Errorf("statement %d changed:\nbefore %s\nafter  %s", i+1, before[i], got[i])
		}
		if !Equivalent(`{"Statement":`+before[i]+`}`, `{"Statement":`+got[i]+`}`) {
			t.Errorf("statement %d changed meaning", i+1)
		}
	}
	want := `{"Sid":"ClusterAccountAssumeRole","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::444455556666:root"},"Action":"sts:AssumeRole"}`
	if got[3] != want {
		t.Errorf("appended statement:\n got %s\nwant %s", got[3], want)
	}
	// The document keeps its key order, its Id and its unknown key.
	wantPrefix := `{"Version":"2012-10-17","Id":"acme-backup-trust","Statement":[`
	wantSuffix := `],"x-acme-note":["reviewed",2026]}`
	if !strings.HasPrefix(after, wantPrefix) || !strings.HasSuffix(after, wantSuffix) {
		t.Errorf("document members changed: %s", after)
	}
	// Only the new statement shows in the diff.
	d := LineDiff(mixedTrust, after, 1)
	if d.Removed != 0 || d.Added != 8 { // "},", "{", 5 lines of statement, and its "}"; the next "}" is context
		t.Errorf("diff +%d -%d, want +8 -0:\n%s", d.Added, d.Removed, d.Unified())
	}
}

func TestParseTrustForms(t *testing.T) {
	single := `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"AWS":"210987654321"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"Unique ID Assigned by Example Corp"}}}}`
	tests := []struct {
		name, doc string
		n         int
	}{
		{"array", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}`, 1},
		{"single object (the AWS external ID example)", single, 1},
		{"empty array", `{"Version":"2012-10-17","Statement":[]}`, 0},
		{"surrounding whitespace", "\n  " + single + "\n", 1},
		{"GetRole's URL encoding", url.PathEscape(single), 1},
		{"query encoding", url.QueryEscape(single), 1},
		{"upper- and lower-case escapes", strings.ReplaceAll(url.QueryEscape(single), "%7B", "%7b"), 1},
		{"JSON mentioning %7B in a value", `{"Statement":[{"Sid":"x","Effect":"Allow","Action":"sts:AssumeRole","Principal":{"AWS":"*"},"Condition":{"StringLike":{"aws:userid":"%7B*"}}}]}`, 1},
	}
	for _, tt := range tests {
		tr, err := ParseTrust(tt.doc)
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		if tr.Len() != tt.n {
			t.Errorf("%s: Len = %d, want %d", tt.name, tr.Len(), tt.n)
		}
		if !Equivalent(tr.JSON(), tt.doc) {
			t.Errorf("%s: JSON() %s is not equivalent to the input", tt.name, tr.JSON())
		}
	}
	// The single-object form is kept while nothing is appended.
	tr, _ := ParseTrust(single)
	if tr.JSON() != single {
		t.Errorf("single-object form not kept:\n got %s\nwant %s", tr.JSON(), single)
	}
	// An external ID with spaces survives URL decoding.
	tr, _ = ParseTrust(url.PathEscape(single))
	if !tr.HasPalette("aws", paletteAccount, "Unique ID Assigned by Example Corp") {
		t.Error("URL-decoded document lost the external ID")
	}
}

func TestParseTrustKeepsEverything(t *testing.T) {
	docs := []string{
		mixedTrust,
		`{"Version":"2012-10-17","Statement":[{"Effect":"Deny","NotPrincipal":{"AWS":["arn:aws:iam::111122223333:root"]},"NotAction":"s3:*","NotResource":"arn:aws:s3:::x"}]}`,
		`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-2.amazonaws.com/id/EXAMPLE"},"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringEquals":{"oidc.eks.us-east-2.amazonaws.com/id/EXAMPLE:sub":"system:serviceaccount:velero:velero"}}}]}`,
		`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole","Condition":{"StringEquals":{"aws:PrincipalOrgID":["o-a1b2c3d4e5"]}}}]}`,
		`{"Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"sts:AssumeRole","Condition":{"Null":{"k":null},"Weird":{"n":[1.50,-2e3,true]}}}],"Version":"2008-10-17"}`,
		`{"Version":"2012-10-17","Statement":[{"Sid":"esc","Effect":"Allow","Principal":{"AWS":"a\u0000b\"c\\d</e>&\u2028"},"Action":"sts:AssumeRole"}]}`,
	}
	for _, doc := range docs {
		tr, err := ParseTrust(doc)
		if err != nil {
			t.Errorf("%v\n%s", err, doc)
			continue
		}
		var want, got any
		_ = json.Unmarshal([]byte(doc), &want)
		if err := json.Unmarshal([]byte(tr.JSON()), &got); err != nil {
			t.Fatalf("JSON() is not JSON: %v", err)
		}
		if !jsonEqual(want, got) {
			t.Errorf("round trip changed the document:\nin  %s\nout %s", doc, tr.JSON())
		}
		var compact bytesBuffer
		_ = json.Compact(&compact, []byte(doc))
		if doc != mixedTrust && !strings.Contains(doc, `\u`) && tr.JSON() != compact.String() {
			t.Errorf("key order or spelling changed:\nin  %s\nout %s", compact.String(), tr.JSON())
		}
		again, err := ParseTrust(tr.JSON())
		if err != nil || again.JSON() != tr.JSON() || again.Canonical() != tr.Canonical() {
			t.Errorf("JSON() is not a fixed point: %v", err)
		}
	}
}

func TestParseTrustRejects(t *testing.T) {
	tests := []struct{ doc, want string }{
		{"", "empty document"},
		{"   ", "empty document"},
		{"not json", "not valid JSON (after URL-decoding)"},
		{"%zz", "neither JSON nor URL-encoded JSON"},
		{`{"Sid":"100%"`, "not valid JSON: unexpected end of JSON input"},
		{`{"Version":"2012-10-17"`, "not valid JSON"},
		{`["Statement"]`, "not a JSON object"},
		{`{"Version":"2012-10-17"}`, "it has no Statement"},
		{`{"Statement":"sts:AssumeRole"}`, "Statement must be an object or an array of objects"},
		{`{"Statement":[{"Effect":"Allow"},"x"]}`, "statement 2 is not a JSON object"},
		{`{"Statement":[],"Statement":[]}`, `duplicate key "Statement"`},
		{`{"Statement":[{"Effect":"Allow","Effect":"Deny"}]}`, `duplicate key "Effect"`},
		{`{"Statement":[{"Principal":{"AWS":"1","AWS":"2"}}]}`, `duplicate key "AWS"`},
		{`{"Statement":[]} {}`, "unexpected data after the JSON value"},
		{"{\"Statement\":[],\"x\":\"\xff\"}", "not valid UTF-8"},
		{`{"Statement":[],"x":` + strings.Repeat("[", 100) + strings.Repeat("]", 100) + `}`, "nested more than 64 levels deep"},
	}
	for _, tt := range tests {
		tr, err := ParseTrust(tt.doc)
		if err == nil || !strings.Contains(err.Error(), tt.want) || tr != nil {
			t.Errorf("ParseTrust(%q) = %v; want error containing %q", tt.doc, err, tt.want)
		}
		if err != nil && !strings.HasPrefix(err.Error(), "parse trust policy: ") {
			t.Errorf("error lacks context: %v", err)
		}
	}
}

func TestNewTrust(t *testing.T) {
	tr := NewTrust()
	if got, want := tr.JSON(), `{"Version":"2012-10-17","Statement":[]}`; got != want {
		t.Errorf("NewTrust().JSON() = %s, want %s", got, want)
	}
	if tr.Len() != 0 {
		t.Errorf("Len = %d", tr.Len())
	}
	tr.EnsurePalette("aws", paletteAccount, externalID)
	if _, err := tr.EnsureAccountA("aws", accountAID); err != nil {
		t.Fatal(err)
	}
	// The guide's final trust policy (step 9), with our Sids.
	guide := `{"Version":"2012-10-17","Statement":[
	  {"Sid":"PaletteSaaSAssumeRole","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::210987654321:root"},"Action":"sts:AssumeRole",
	   "Condition":{"StringEquals":{"sts:ExternalId":"acme-3f9c2b7e"}}},
	  {"Sid":"ClusterAccountAssumeRole","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::444455556666:root"},"Action":"sts:AssumeRole"}]}`
	var want bytesBuffer
	_ = json.Compact(&want, []byte(guide))
	if tr.JSON() != want.String() {
		t.Errorf("got  %s\nwant %s", tr.JSON(), want.String())
	}
}

func TestCloneIsIndependent(t *testing.T) {
	for _, doc := range []string{mixedTrust, `{"Statement":{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}}`} {
		tr, _ := ParseTrust(doc)
		before := tr.JSON()
		c := tr.Clone()
		if c.JSON() != before {
			t.Fatalf("clone differs: %s", c.JSON())
		}
		c.EnsurePalette("aws", paletteAccount, externalID)
		if tr.JSON() != before || tr.Len() == c.Len() {
			t.Errorf("changing the clone changed the original: %s", tr.JSON())
		}
		tr.EnsurePalette("aws-cn", paletteAccount, externalID)
		if c.HasPalette("aws-cn", paletteAccount, externalID) {
			t.Error("changing the original changed the clone")
		}
	}
}
