package iampolicy

import (
	"slices"
	"strings"
	"testing"
)

const (
	orphanRole = "AROA3XFRBF535PLBIFPI4"
	orphanUser = "AIDAJQABLZS4A3QDU576Q"
)

func TestDropOrphansRemovesOnlyTheUniqueIDsOfDeletedPrincipals(t *testing.T) {
	palette := `{"Sid":"PaletteSaaSAssumeRole","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::` + paletteAccount + `:root"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"` + externalID + `"}}}`
	tests := []struct {
		name    string
		doc     string
		want    string
		dropped []Orphan
	}{
		{
			name:    "a statement that trusted only the deleted role goes",
			doc:     `{"Version":"2012-10-17","Statement":[` + palette + `,{"Effect":"Allow","Principal":{"AWS":"` + orphanRole + `"},"Action":"sts:AssumeRole"}]}`,
			want:    `{"Version":"2012-10-17","Statement":[` + palette + `]}`,
			dropped: []Orphan{{Statement: 1, ID: orphanRole}},
		},
		{
			name:    "the other principals of a statement stay, in order",
			doc:     `{"Version":"2012-10-17","Statement":[{"Sid":"ci","Effect":"Allow","Principal":{"AWS":["arn:aws:iam::444455556666:role/a","` + orphanUser + `","arn:aws:iam::444455556666:role/b"],"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole","x":1}]}`,
			want:    `{"Version":"2012-10-17","Statement":[{"Sid":"ci","Effect":"Allow","Principal":{"AWS":["arn:aws:iam::444455556666:role/a","arn:aws:iam::444455556666:role/b"],"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole","x":1}]}`,
			dropped: []Orphan{{Statement: 0, ID: orphanUser}},
		},
		{
			name:    "a statement with a service principal left keeps it",
			doc:     `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"AWS":"` + orphanRole + `","Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}}`,
			want:    `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}}`,
			dropped: []Orphan{{Statement: 0, ID: orphanRole}},
		},
		{
			name: "ARNs, account IDs, * and look-alikes are no orphans",
			doc:  `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":["444455556666","arn:aws:iam::444455556666:role/AROA3XFRBF535PLBIFPI4","AROAshort","aroa3xfrbf535plbifpi4"]},"Action":"sts:AssumeRole"},{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole","Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-1"}}}]}`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tr, err := ParseTrust(tt.doc)
			if err != nil {
				t.Fatal(err)
			}
			if got := tr.Orphans(); !slices.Equal(got, tt.dropped) {
				t.Errorf("Orphans() = %v, want %v", got, tt.dropped)
			}
			got := tr.DropOrphans()
			if !slices.Equal(got, tt.dropped) {
				t.Errorf("DropOrphans() = %v, want %v", got, tt.dropped)
			}
			want := tt.want
			if want == "" {
				want = tt.doc
			}
			if tr.JSON() != want {
				t.Errorf("after DropOrphans:\n%s\nwant\n%s", tr.JSON(), want)
			}
			if len(tr.Orphans()) != 0 || tr.DropOrphans() != nil {
				t.Error("a second DropOrphans found more")
			}
		})
	}
}

func TestLintNamesAnOrphanedPrincipalAsAWarning(t *testing.T) {
	tr, err := ParseTrust(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":["` + orphanRole + `","` + orphanUser + `"]},"Action":"sts:AssumeRole"}]}`)
	if err != nil {
		t.Fatal(err)
	}
	fs := tr.Lint(paletteAccount)
	if len(fs) != 2 {
		t.Fatalf("Lint = %v, want one finding for each orphan", fs)
	}
	for i, want := range []string{orphanRole + " (a deleted role)", orphanUser + " (a deleted user)"} {
		if fs[i].Severity != Warning || fs[i].Statement != 0 || !strings.Contains(fs[i].Message, want) {
			t.Errorf("finding %d = %v, want a warning naming %s", i, fs[i], want)
		}
	}
}

// FuzzDropOrphans drops the orphans of any trust policy that parses: what
// remains has none, parses again, keeps every statement without an orphan
// exactly, and keeps every principal that is not a unique ID.
func FuzzDropOrphans(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Add(`{"Statement":[{"Effect":"Allow","Principal":{"AWS":["` + orphanRole + `","arn:aws:iam::444455556666:root"]},"Action":"sts:AssumeRole"},{"Principal":{"AWS":"` + orphanUser + `"}}]}`)
	f.Fuzz(func(t *testing.T, doc string) {
		tr, err := ParseTrust(doc)
		if err != nil {
			return
		}
		orphans := tr.Orphans()
		var untouched []string
		for i, st := range tr.stmts {
			if !slices.ContainsFunc(orphans, func(o Orphan) bool { return o.Statement == i }) {
				untouched = append(untouched, st.compact())
			}
		}
		principalsBefore := nonOrphanPrincipals(tr)
		dropped := tr.DropOrphans()
		if !slices.Equal(dropped, orphans) {
			t.Fatalf("DropOrphans() = %v, Orphans() = %v", dropped, orphans)
		}
		again, err := ParseTrust(tr.JSON())
		if err != nil {
			t.Fatalf("the policy without orphans does not parse: %v\n%s", err, tr.JSON())
		}
		if len(again.Orphans()) != 0 {
			t.Fatalf("orphans left: %v\n%s", again.Orphans(), tr.JSON())
		}
		var kept []string
		for _, st := range again.stmts {
			kept = append(kept, st.compact())
		}
		for _, u := range untouched {
			if !slices.Contains(kept, u) {
				t.Fatalf("statement without orphans changed or went: %s\n%s", u, tr.JSON())
			}
		}
		if got := nonOrphanPrincipals(again); !slices.Equal(got, principalsBefore) {
			t.Fatalf("principals %v, want %v", got, principalsBefore)
		}
	})
}

func nonOrphanPrincipals(t *Trust) []string {
	var out []string
	for _, st := range t.stmts {
		if values, ok := stringsOf(st.get("Principal").get("AWS")); ok {
			out = append(out, slices.DeleteFunc(values, IsUniqueID)...)
		}
	}
	return out
}
