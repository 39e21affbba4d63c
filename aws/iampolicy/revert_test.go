package iampolicy

import (
	"strings"
	"testing"
)

func TestRevertKeepsOtherWritersStatements(t *testing.T) {
	const (
		palette  = `{"Sid":"Palette","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::210987654321:root"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"x"}}}`
		accountA = `{"Sid":"AccountA","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::444455556666:root"},"Action":"sts:AssumeRole"}`
		theirs   = `{"Sid":"Ops","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::777788889999:root"},"Action":"sts:AssumeRole"}`
		ec2      = `{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}`
	)
	doc := func(st ...string) string {
		return `{"Version":"2012-10-17","Statement":[` + strings.Join(st, ",") + `]}`
	}
	cases := []struct {
		name                  string
		base, after, now      string
		want                  string
		removed, restoredWant int
	}{
		{"their statement appended after bslwiz's", doc(palette), doc(palette, accountA), doc(palette, accountA, theirs), doc(palette, theirs), 1, 0},
		{"their statement before bslwiz's", doc(palette), doc(palette, accountA), doc(theirs, palette, accountA), doc(theirs, palette), 1, 0},
		{"they removed bslwiz's already", doc(palette), doc(palette, accountA), doc(palette, theirs), doc(palette, theirs), 0, 0},
		{"bslwiz replaced a statement, they added one", doc(ec2), doc(palette), doc(palette, theirs), doc(theirs, ec2), 1, 1},
		{"nothing changed by others", doc(palette), doc(palette, accountA), doc(palette, accountA), doc(palette), 1, 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, removed, restored, err := Revert(tc.base, tc.after, tc.now)
			if err != nil {
				t.Fatal(err)
			}
			if !Equivalent(got, tc.want) || removed != tc.removed || restored != tc.restoredWant {
				t.Fatalf("Revert = %s (removed %d, restored %d), want %s (%d, %d)", got, removed, restored, tc.want, tc.removed, tc.restoredWant)
			}
		})
	}
	if _, _, _, err := Revert("{", doc(palette), doc(palette)); err == nil {
		t.Fatal("a broken base is accepted")
	}
}
