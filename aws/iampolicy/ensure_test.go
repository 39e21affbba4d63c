package iampolicy

import (
	"strings"
	"testing"
)

// trustWith wraps statements in a trust policy.
func trustWith(statements ...string) string {
	return `{"Version":"2012-10-17","Statement":[` + strings.Join(statements, ",") + `]}`
}

func TestEnsurePaletteIsIdempotentWhateverTheSpelling(t *testing.T) {
	present := []struct{ name, stmt string }{
		{"the guide's statement", `{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::210987654321:root"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"acme-3f9c2b7e"}}}`},
		{"bare account ID", `{"Effect":"Allow","Principal":{"AWS":"210987654321"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"acme-3f9c2b7e"}}}`},
		{"arrays everywhere", `{"Effect":"Allow","Principal":{"AWS":["210987654321"]},"Action":["sts:AssumeRole"],"Condition":{"StringEquals":{"sts:ExternalId":["acme-3f9c2b7e"]}}}`},
		{"other key order and a Sid", `{"Condition":{"StringEquals":{"sts:ExternalId":"acme-3f9c2b7e"}},"Action":"sts:AssumeRole","Sid":"Palette","Principal":{"AWS":"arn:aws:iam::210987654321:root"},"Effect":"Allow"}`},
		{"among other principals", `{"Effect":"Allow","Principal":{"AWS":["arn:aws:iam::111111111111:root","arn:aws:iam::210987654321:root"],"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"acme-3f9c2b7e"}}}`},
		{"case of action and condition key", `{"Effect":"Allow","Principal":{"AWS":"210987654321"},"Action":"STS:assumerole","Condition":{"StringEquals":{"STS:EXTERNALID":"acme-3f9c2b7e"}}}`},
		{"wildcard action", `{"Effect":"Allow","Principal":{"AWS":"210987654321"},"Action":["sts:Assume*","sts:TagSession"],"Condition":{"StringEquals":{"sts:ExternalId":"acme-3f9c2b7e"}}}`},
		{"empty extra condition block", `{"Effect":"Allow","Principal":{"AWS":"210987654321"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"acme-3f9c2b7e"},"Bool":{}}}`},
	}
	for _, tt := range present {
		for _, doc := range []string{trustWith(tt.stmt), `{"Version":"2012-10-17","Statement":` + tt.stmt + `}`} {
			tr, err := ParseTrust(doc)
			if err != nil {
				t.Fatalf("%s: %v", tt.name, err)
			}
			if !tr.HasPalette("aws", paletteAccount, externalID) {
				t.Errorf("%s: HasPalette = false", tt.name)
			}
			if tr.EnsurePalette("aws", paletteAccount, externalID) || tr.JSON() != mustCompact(t, doc) {
				t.Errorf("%s: EnsurePalette changed the policy: %s", tt.name, tr.JSON())
			}
		}
	}

	absent := []struct{ name, stmt string }{
		{"no condition", `{"Effect":"Allow","Principal":{"AWS":"210987654321"},"Action":"sts:AssumeRole"}`},
		// Another tenant's ID beside ours lets that tenant in as well.
		{"several external IDs", `{"Effect":"Allow","Principal":{"AWS":"210987654321"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":["old-id","acme-3f9c2b7e"]}}}`},
		{"another external ID", `{"Effect":"Allow","Principal":{"AWS":"210987654321"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"other"}}}`},
		{"StringLike instead of StringEquals", `{"Effect":"Allow","Principal":{"AWS":"210987654321"},"Action":"sts:AssumeRole","Condition":{"StringLike":{"sts:ExternalId":"acme-3f9c2b7e"}}}`},
		{"an extra restricting condition", `{"Effect":"Allow","Principal":{"AWS":"210987654321"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"acme-3f9c2b7e"},"IpAddress":{"aws:SourceIp":"203.0.113.0/24"}}}`},
		{"an extra key in the same block", `{"Effect":"Allow","Principal":{"AWS":"210987654321"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"acme-3f9c2b7e","aws:SourceAccount":"1"}}}`},
		{"Deny", `{"Effect":"Deny","Principal":{"AWS":"210987654321"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"acme-3f9c2b7e"}}}`},
		{"another account", `{"Effect":"Allow","Principal":{"AWS":"210987654322"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"acme-3f9c2b7e"}}}`},
		{"a role in the account", `{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::210987654321:role/x"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"acme-3f9c2b7e"}}}`},
		{"root ARN of another partition", `{"Effect":"Allow","Principal":{"AWS":"arn:aws-cn:iam::210987654321:root"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"acme-3f9c2b7e"}}}`},
		{"another action", `{"Effect":"Allow","Principal":{"AWS":"210987654321"},"Action":"sts:TagSession","Condition":{"StringEquals":{"sts:ExternalId":"acme-3f9c2b7e"}}}`},
		{"NotAction", `{"Effect":"Allow","Principal":{"AWS":"210987654321"},"NotAction":"sts:TagSession","Condition":{"StringEquals":{"sts:ExternalId":"acme-3f9c2b7e"}}}`},
		{"an unknown key", `{"Effect":"Allow","Principal":{"AWS":"210987654321"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"acme-3f9c2b7e"}},"Scope":"x"}`},
		{"a Resource", `{"Effect":"Allow","Principal":{"AWS":"210987654321"},"Action":"sts:AssumeRole","Resource":"*","Condition":{"StringEquals":{"sts:ExternalId":"acme-3f9c2b7e"}}}`},
		{"a malformed Action", `{"Effect":"Allow","Principal":{"AWS":"210987654321"},"Action":["sts:AssumeRole",1],"Condition":{"StringEquals":{"sts:ExternalId":"acme-3f9c2b7e"}}}`},
		{"lower-case effect", `{"Effect":"allow","Principal":{"AWS":"210987654321"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"acme-3f9c2b7e"}}}`},
	}
	for _, tt := range absent {
		tr, _ := ParseTrust(trustWith(tt.stmt))
		if tr.HasPalette("aws", paletteAccount, externalID) {
			t.Errorf("%s: HasPalette = true", tt.name)
		}
		if !tr.EnsurePalette("aws", paletteAccount, externalID) || tr.Len() != 2 {
			t.Errorf("%s: EnsurePalette did not append", tt.name)
		}
		if tr.EnsurePalette("aws", paletteAccount, externalID) || tr.Len() != 2 {
			t.Errorf("%s: a second EnsurePalette changed the policy", tt.name)
		}
	}
}

func mustCompact(t *testing.T, doc string) string {
	t.Helper()
	var b bytesBuffer
	if err := jsonCompact(&b, doc); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestEnsureAccountAIsIdempotentWhateverTheSpelling(t *testing.T) {
	role := "arn:aws:iam::444455556666:role/SpectroCloudRole"
	tests := []struct {
		name, stmt, principal string
		present               bool
	}{
		{"root ARN, asked by ID", `{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::444455556666:root"},"Action":"sts:AssumeRole"}`, accountAID, true},
		{"ID, asked by root ARN", `{"Effect":"Allow","Principal":{"AWS":"444455556666"},"Action":"sts:AssumeRole"}`, "arn:aws:iam::444455556666:root", true},
		{"array forms", `{"Effect":"Allow","Principal":{"AWS":["444455556666"]},"Action":["sts:AssumeRole"]}`, accountAID, true},
		{"several principals", `{"Effect":"Allow","Principal":{"AWS":["arn:aws:iam::111111111111:root","arn:aws:iam::444455556666:root"]},"Action":"sts:AssumeRole"}`, accountAID, true},
		{"key order, Sid, empty condition", `{"Action":"sts:AssumeRole","Condition":{},"Principal":{"AWS":"444455556666"},"Sid":"A","Effect":"Allow"}`, accountAID, true},
		{"the role itself", `{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::444455556666:role/SpectroCloudRole"},"Action":"sts:AssumeRole"}`, role, true},
		{"the account already admits the role", `{"Effect":"Allow","Principal":{"AWS":"444455556666"},"Action":"sts:AssumeRole"}`, role, true},
		{"a role does not admit the account", `{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::444455556666:role/SpectroCloudRole"},"Action":"sts:AssumeRole"}`, accountAID, false},
		{"another role", `{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::444455556666:role/Other"},"Action":"sts:AssumeRole"}`, role, false},
		{"a restricting condition", `{"Effect":"Allow","Principal":{"AWS":"444455556666"},"Action":"sts:AssumeRole","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}}`, accountAID, false},
		{"an external ID condition", `{"Effect":"Allow","Principal":{"AWS":"444455556666"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"x"}}}`, accountAID, false},
		{"Deny", `{"Effect":"Deny","Principal":{"AWS":"444455556666"},"Action":"sts:AssumeRole"}`, accountAID, false},
		{"another partition", `{"Effect":"Allow","Principal":{"AWS":"arn:aws-cn:iam::444455556666:root"},"Action":"sts:AssumeRole"}`, accountAID, false},
		{"everyone is not Account A", `{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"sts:AssumeRole"}`, accountAID, false},
		{"a Service principal", `{"Effect":"Allow","Principal":{"Service":"444455556666"},"Action":"sts:AssumeRole"}`, accountAID, false},
	}
	for _, tt := range tests {
		tr, err := ParseTrust(trustWith(tt.stmt))
		if err != nil {
			t.Fatal(err)
		}
		if got := tr.HasAccountA("aws", tt.principal); got != tt.present {
			t.Errorf("%s: HasAccountA = %v, want %v", tt.name, got, tt.present)
		}
		changed, err := tr.EnsureAccountA("aws", tt.principal)
		if err != nil || changed == tt.present {
			t.Errorf("%s: EnsureAccountA = %v, %v", tt.name, changed, err)
		}
		changed, err = tr.EnsureAccountA("aws", tt.principal)
		if err != nil || changed {
			t.Errorf("%s: a second EnsureAccountA = %v, %v", tt.name, changed, err)
		}
	}
}

func TestEnsureAccountAStatement(t *testing.T) {
	tests := []struct{ partition, principal, want string }{
		{"aws", accountAID, "arn:aws:iam::444455556666:root"},
		{"aws-us-gov", accountAID, "arn:aws-us-gov:iam::444455556666:root"},
		{"aws-cn", "arn:aws-cn:iam::444455556666:root", "arn:aws-cn:iam::444455556666:root"},
		{"aws", "arn:aws:iam::444455556666:role/team/SpectroCloudRole", "arn:aws:iam::444455556666:role/team/SpectroCloudRole"},
	}
	for _, tt := range tests {
		tr := NewTrust()
		if _, err := tr.EnsureAccountA(tt.partition, tt.principal); err != nil {
			t.Fatal(err)
		}
		want := `{"Version":"2012-10-17","Statement":[{"Sid":"ClusterAccountAssumeRole","Effect":"Allow","Principal":{"AWS":"` +
			tt.want + `"},"Action":"sts:AssumeRole"}]}`
		if tr.JSON() != want {
			t.Errorf("got  %s\nwant %s", tr.JSON(), want)
		}
	}
}

func TestEnsureAccountARejects(t *testing.T) {
	tests := []struct{ partition, principal, want string }{
		{"aws", "", "must be a 12-digit account ID or an IAM role ARN"},
		{"aws", "4444-5555-6666", "must be a 12-digit account ID"},
		{"aws", "44445555666", "must be a 12-digit account ID"},
		{"aws", "arn:aws-cn:iam::444455556666:root", "is in partition aws-cn but the role is in aws; trust cannot cross partitions"},
		{"aws", "arn:aws:sts::444455556666:assumed-role/R/s", "must be an IAM ARN"},
		{"aws", "arn:aws:iam:us-east-1:444455556666:role/R", "must be an IAM ARN"},
		{"aws", "arn:aws:iam::4444:role/R", `account "4444" must be 12 digits`},
		{"aws", "arn:aws:iam::444455556666:user/bob", "must name a role"},
		{"aws", "arn:aws:iam::444455556666:role/", "must name a role"},
		{"aws", "arn:aws:iam::444455556666:role/*", "must name a role"},
		{"not-a-partition", accountAID, `partition "not-a-partition" is not an AWS partition`},
	}
	for _, tt := range tests {
		tr := NewTrust()
		changed, err := tr.EnsureAccountA(tt.partition, tt.principal)
		if err == nil || changed || !strings.Contains(err.Error(), tt.want) || tr.Len() != 0 {
			t.Errorf("EnsureAccountA(%q, %q) = %v, %v; want error containing %q", tt.partition, tt.principal, changed, err, tt.want)
		}
		if tr.HasAccountA(tt.partition, tt.principal) {
			t.Errorf("HasAccountA(%q, %q) = true for an invalid principal", tt.partition, tt.principal)
		}
	}
}

func TestEnsureKeepsSidsUnique(t *testing.T) {
	tr, _ := ParseTrust(trustWith(
		`{"Sid":"PaletteSaaSAssumeRole","Effect":"Allow","Principal":{"AWS":"210987654321"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"old"}}}`,
		`{"Sid":"palettesaasassumerole2","Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}`,
	))
	tr.EnsurePalette("aws", paletteAccount, externalID)
	if !strings.Contains(tr.JSON(), `{"Sid":"PaletteSaaSAssumeRole3","Effect":"Allow"`) {
		t.Errorf("want the next free Sid, got %s", tr.JSON())
	}
}

func TestEnsurePaletteStatement(t *testing.T) {
	tr := NewTrust()
	if !tr.EnsurePalette("aws-eusc", paletteAccount, externalID) {
		t.Fatal("no change")
	}
	want := `{"Version":"2012-10-17","Statement":[{"Sid":"PaletteSaaSAssumeRole","Effect":"Allow",` +
		`"Principal":{"AWS":"arn:aws-eusc:iam::210987654321:root"},"Action":"sts:AssumeRole",` +
		`"Condition":{"StringEquals":{"sts:ExternalId":"acme-3f9c2b7e"}}}]}`
	if tr.JSON() != want {
		t.Errorf("got  %s\nwant %s", tr.JSON(), want)
	}
	if len(tr.Lint(paletteAccount)) != 0 {
		t.Errorf("the Palette statement must lint clean: %v", tr.Lint(paletteAccount))
	}
}

func TestRetargetAccountAPointsBslwizsOwnStatementOnly(t *testing.T) {
	const (
		root = "arn:aws:iam::444455556666:root"
		role = "arn:aws:iam::444455556666:role/SpectroCloudRole"
	)
	ours := func(principal string) string {
		return `{"Sid":"ClusterAccountAssumeRole","Effect":"Allow","Principal":{"AWS":"` + principal + `"},"Action":"sts:AssumeRole"}`
	}
	palette := `{"Sid":"PaletteSaaSAssumeRole","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::210987654321:root"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"acme-3f9c2b7e"}}}`
	tests := []struct {
		name, doc, principal string
		index                int
		want                 string // the document after; "" for unchanged
	}{
		{"the whole account narrowed to a role", trustWith(palette, ours(root)), role, 1, trustWith(palette, ours(role))},
		{"a role widened to the whole account", trustWith(ours(role), palette), accountAID, 0, trustWith(ours(root), palette)},
		{"another account", trustWith(palette, ours(root)), "777788889999", 1, trustWith(palette, ours("arn:aws:iam::777788889999:root"))},
		{"already that principal", trustWith(palette, ours(role)), role, -1, ""},
		{"no statement of bslwiz's", trustWith(palette), role, -1, ""},
		{"the Sid on someone's conditioned statement", trustWith(palette, `{"Sid":"ClusterAccountAssumeRole","Effect":"Allow","Principal":{"AWS":"`+root+`"},"Action":"sts:AssumeRole","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}}`), role, -1, ""},
		{"the Sid on two principals", trustWith(`{"Sid":"ClusterAccountAssumeRole","Effect":"Allow","Principal":{"AWS":["` + root + `","arn:aws:iam::777788889999:root"]},"Action":"sts:AssumeRole"}`), role, -1, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tr, err := ParseTrust(tt.doc)
			if err != nil {
				t.Fatal(err)
			}
			before := tr.JSON()
			i, err := tr.RetargetAccountA("aws", tt.principal)
			if err != nil || i != tt.index {
				t.Fatalf("RetargetAccountA = %d, %v; want %d", i, err, tt.index)
			}
			want := tt.want
			if want == "" {
				want = before
			}
			if !Equivalent(tr.JSON(), want) {
				t.Errorf("got  %s\nwant %s", tr.JSON(), want)
			}
		})
	}
	if _, err := NewTrust().RetargetAccountA("aws", "arn:aws:iam::444455556666:user/bob"); err == nil {
		t.Error("a user ARN was taken as Account A")
	}
}
