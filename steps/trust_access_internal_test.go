package steps

import (
	"strings"
	"testing"
)

const (
	evPalette  = "210987654321"
	evExternal = "acme-3f9c2b7e"
	evBefore   = `{"Version":"2012-10-17","Statement":[{"Sid":"Palette","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::210987654321:root"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"acme-3f9c2b7e"}}}]}`
)

func withStatement(doc, st string) string { return strings.TrimSuffix(doc, "]}") + "," + st + "]}" }

func TestTrustChangeRefusals(t *testing.T) {
	accountA := `{"Sid":"A","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::444455556666:root"},"Action":"sts:AssumeRole"}`
	tests := []struct {
		name, accountA, before, after string
		refusal                       string // "" when the change is safe
	}{
		{"Account A's statement", "444455556666", evBefore, withStatement(evBefore, accountA), ""},
		{"a new role is created", "", "", evBefore, ""},
		{"a principal other than Account A's", "444455556666", evBefore,
			withStatement(withStatement(evBefore, accountA), `{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::555555555555:role/ci"},"Action":"sts:AssumeRole"}`),
			"lets arn:aws:iam::555555555555:role/ci in, which it did not before"},
		{"a role in Account A when A is the whole account", "444455556666", evBefore,
			withStatement(evBefore, `{"Effect":"Allow","Principal":{"AWS":["arn:aws:iam::444455556666:root","arn:aws:iam::444455556666:role/x"]},"Action":"sts:AssumeRole"}`), ""},
		{"another role in Account A when A is one role", "arn:aws:iam::444455556666:role/a", evBefore,
			withStatement(evBefore, `{"Effect":"Allow","Principal":{"AWS":["arn:aws:iam::444455556666:role/a","arn:aws:iam::444455556666:role/x"]},"Action":"sts:AssumeRole"}`),
			"lets arn:aws:iam::444455556666:role/x in"},
		{"a principal already trusted stays", "444455556666",
			withStatement(evBefore, `{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}`),
			withStatement(withStatement(evBefore, `{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}`), accountA), ""},
		{"Palette without the external ID", "444455556666", evBefore,
			withStatement(evBefore, `{"Effect":"Allow","Principal":{"AWS":"210987654321"},"Action":"sts:AssumeRole","Condition":{"StringEqualsIfExists":{"sts:ExternalId":"acme-3f9c2b7e"}}}`),
			"lets Palette's account assume the role with no external ID"},
		{"Palette with another tenant's external ID", "444455556666", evBefore,
			withStatement(evBefore, `{"Effect":"Allow","Principal":{"AWS":"210987654321"},"Action":"sts:AssumeRole","Condition":{"StringLike":{"sts:ExternalId":"*"}}}`),
			"another tenant's external ID"},
		{"a stranger", "444455556666", evBefore,
			withStatement(evBefore, `{"Effect":"Allow","NotPrincipal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"sts:AssumeRole"}`),
			"lets an account it does not name (arn:aws:iam::999999999999:root)"},
		{"a Deny that keeps Palette out is no refusal", "444455556666", evBefore,
			withStatement(evBefore, `{"Effect":"Deny","Principal":{"AWS":"210987654321"},"Action":"sts:AssumeRole"}`), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ev, err := EvaluateTrust("aws", evPalette, evExternal, tt.accountA, "arn:aws:iam::111122223333:role/r", tt.before, tt.after)
			if err != nil {
				t.Fatal(err)
			}
			var msgs []string
			for _, f := range ev.refusals() {
				msgs = append(msgs, f.Message)
			}
			got := strings.Join(msgs, "; ")
			if tt.refusal == "" && got != "" || !strings.Contains(got, tt.refusal) {
				t.Errorf("refusals = %q, want %q", got, tt.refusal)
			}
		})
	}
}

func TestTrustEvaluationRows(t *testing.T) {
	before := withStatement(evBefore, `{"Effect":"Allow","Principal":{"AWS":["999999999999","AROAEXAMPLEEXAMPLE123"],"Service":"ec2.amazonaws.com","Federated":"accounts.google.com"},"Action":["sts:AssumeRole","sts:AssumeRoleWithWebIdentity"]}`)
	ev, err := EvaluateTrust("aws", evPalette, evExternal, "arn:aws:iam::444455556666:role/SpectroCloudRole", "arn:aws:iam::111122223333:role/r", before, before)
	if err != nil {
		t.Fatal(err)
	}
	var who []string
	for _, r := range ev.Rows {
		who = append(who, r.Who()+"="+r.After.Decision())
	}
	want := []string{
		"Palette, your external ID=allowed", "Palette, a wrong external ID=denied", "Palette, no external ID=denied",
		"Account A arn:aws:iam::444455556666:role/SpectroCloudRole=denied",
		"arn:aws:iam::999999999999:root=allowed", "AROAEXAMPLEEXAMPLE123=denied", "ec2.amazonaws.com=allowed",
		"accounts.google.com=allowed", "a stranger account 888888888888=denied",
	}
	if strings.Join(who, "\n") != strings.Join(want, "\n") {
		t.Errorf("rows:\n%s\nwant:\n%s", strings.Join(who, "\n"), strings.Join(want, "\n"))
	}
	for _, l := range ev.Table(60) {
		if n := len([]rune(l)); n > 60 {
			t.Errorf("line of %d columns: %q", n, l)
		}
	}
}

func TestEllipsize(t *testing.T) {
	tests := []struct {
		s    string
		n    int
		want string
	}{
		{"short", 10, "short"},
		{"arn:aws:iam::444455556666:role/SpectroCloudRole", 21, "arn:aws:ia…oCloudRole"},
		{"abcdef", 4, "abcdef"}, // too short to shorten meaningfully
		{"arn:aws:iam::444455556666:role/spectro/clusters/SpectroCloudClusterNodeRole", 64, "arn:aws:iam::444455556666:role/…/SpectroCloudClusterNodeRole"},
	}
	for _, tt := range tests {
		got := Ellipsize(tt.s, tt.n)
		if got != tt.want || len([]rune(got)) > max(tt.n, len(tt.s)) {
			t.Errorf("Ellipsize(%q, %d) = %q, want %q", tt.s, tt.n, got, tt.want)
		}
	}
}
