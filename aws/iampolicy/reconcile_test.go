package iampolicy

import (
	"strings"
	"testing"
)

func TestReconcileKeepsAConcurrentEditAndRestoresTheChange(t *testing.T) {
	palette := `{"Sid":"PaletteSaaSAssumeRole","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::210987654321:root"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"x1"}}}`
	ours := `{"Sid":"ClusterAccountAssumeRole","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::444455556666:root"},"Action":"sts:AssumeRole"}`
	theirs := `{"Sid":"Ops","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::999988887777:role/ops"},"Action":"sts:AssumeRole"}`
	base, after := trustWith(palette), trustWith(palette, ours)
	tests := []struct {
		name     string
		now      string
		restored int
		want     []string // Sids, in order
	}{
		{"nobody else wrote", after, 0, []string{"PaletteSaaSAssumeRole", "ClusterAccountAssumeRole"}},
		{"a colleague added to our write", trustWith(palette, ours, theirs), 0, []string{"PaletteSaaSAssumeRole", "ClusterAccountAssumeRole", "Ops"}},
		{"a colleague wrote over ours from the old document", trustWith(palette, theirs), 1, []string{"PaletteSaaSAssumeRole", "Ops", "ClusterAccountAssumeRole"}},
		{"ours is there spelt another way", trustWith(palette, `{"Effect":"Allow","Principal":{"AWS":"444455556666"},"Action":["sts:AssumeRole"]}`), 0, []string{"PaletteSaaSAssumeRole", ""}},
		{"a colleague removed Palette's: theirs to remove", trustWith(ours), 0, []string{"ClusterAccountAssumeRole"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, n, err := Reconcile(base, after, tt.now)
			if err != nil {
				t.Fatal(err)
			}
			if n != tt.restored {
				t.Fatalf("restored %d, want %d: %s", n, tt.restored, got)
			}
			tr, _ := ParseTrust(got)
			var sids []string
			for _, st := range tr.stmts {
				sids = append(sids, textOf(st.get("Sid")))
			}
			if strings.Join(sids, ",") != strings.Join(tt.want, ",") {
				t.Fatalf("statements %v, want %v", sids, tt.want)
			}
		})
	}
}

func FuzzReconcileNeverLosesAStatement(f *testing.F) {
	f.Add(trustWith(`{"Effect":"Allow","Principal":{"AWS":"1"},"Action":"sts:AssumeRole"}`),
		trustWith(`{"Effect":"Allow","Principal":{"AWS":"1"},"Action":"sts:AssumeRole"}`, `{"Effect":"Allow","Principal":{"AWS":"2"},"Action":"sts:AssumeRole"}`),
		trustWith(`{"Effect":"Allow","Principal":{"AWS":"3"},"Action":"sts:AssumeRole"}`))
	f.Fuzz(func(t *testing.T, base, after, now string) {
		got, _, err := Reconcile(base, after, now)
		if err != nil {
			return
		}
		g, err := ParseTrust(got)
		if err != nil {
			t.Fatalf("Reconcile wrote a document it cannot read: %v\n%s", err, got)
		}
		keys := statementKeys(g)
		n, _ := ParseTrust(now)
		b, _ := ParseTrust(base)
		a, _ := ParseTrust(after)
		had := statementKeys(b)
		for _, st := range n.stmts {
			if !keys[statementKey(st)] {
				t.Fatalf("a statement of now was lost:\nnow %s\ngot %s", now, got)
			}
		}
		for _, st := range a.stmts {
			if k := statementKey(st); !had[k] && !keys[k] {
				t.Fatalf("a statement the change added is missing:\nafter %s\ngot %s", after, got)
			}
		}
		if again, m, _ := Reconcile(base, after, got); m != 0 || !Equivalent(again, got) {
			t.Fatalf("reconciling twice changes the document")
		}
	})
}
