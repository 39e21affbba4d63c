package iampolicy

import (
	"net/url"
	"slices"
	"testing"
)

// fuzzSeeds are trust policies in the forms IAM accepts and this package
// must keep: the shared ones of the tests and a few more.
var fuzzSeeds = []string{
	mixedTrust,
	`{"Version":"2012-10-17","Statement":[]}`,
	`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"AWS":"210987654321"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"acme-3f9c2b7e"}}}}`,
	url.QueryEscape(`{"Version":"2012-10-17","Statement":[{"Sid":"","Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}`),
	`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole"},{"Effect":"Deny","NotPrincipal":{"AWS":["arn:aws:iam::444455556666:root"]},"NotAction":"sts:TagSession"}]}`,
	`{"Statement":[{"Sid":"ClusterAccountAssumeRole","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::444455556666:role/SpectroCloudRole"},"Action":["sts:Assume*"],"Condition":{}}],"x":[1.5e3,null,true]}`,
	`{"Statement":[{"Effect":"Allow","Principal":{"AWS":"a\u0000b\"c\\d</e>&\u2028"},"Action":"sts:AssumeRole"}]}`,
}

// FuzzTrustRoundTrip parses any text as a trust policy. When it parses:
// rendering and parsing again loses nothing and is a fixed point; the
// canonical form means the same; appending Palette and Account A keeps every
// existing statement exactly; and a second Ensure, on the same value or on
// the re-parsed JSON, changes nothing.
func FuzzTrustRoundTrip(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, doc string) {
		tr, err := ParseTrust(doc)
		if err != nil {
			return
		}
		n := tr.Len()
		before := make([]string, n)
		for i, st := range tr.stmts {
			before[i] = st.compact()
		}
		text := tr.JSON()
		again, err := ParseTrust(text)
		if err != nil {
			t.Fatalf("JSON() does not parse: %v\n%s", err, text)
		}
		if again.Len() != n || again.JSON() != text || again.Canonical() != tr.Canonical() {
			t.Fatalf("round trip changed the policy:\n%s\n%s", text, again.JSON())
		}
		if !Equivalent(doc, text) || !Equivalent(text, tr.Canonical()) {
			t.Fatalf("rendering changed the meaning:\n%s\n%s", doc, text)
		}
		if c, err := Canonicalize(text); err != nil || c != tr.Canonical() {
			t.Fatalf("Canonicalize(JSON()) = %v, differs from Canonical()", err)
		}
		tr.Lint(paletteAccount)

		const role = "arn:aws:iam::444455556666:role/SpectroCloudRole"
		grew := 0
		if again.EnsurePalette("aws", paletteAccount, externalID) {
			grew++
		}
		for _, p := range []string{accountAID, role} {
			changed, err := again.EnsureAccountA("aws", p)
			if err != nil {
				t.Fatalf("EnsureAccountA(%q): %v", p, err)
			}
			if changed {
				grew++
			}
		}
		if again.Len() != n+grew {
			t.Fatalf("Len %d after %d appends to %d statements", again.Len(), grew, n)
		}
		for i := range before {
			if got := again.stmts[i].compact(); got != before[i] {
				t.Fatalf("statement %d changed:\n%s\n%s", i+1, before[i], got)
			}
		}
		after := again.JSON()
		if d := LineDiff(text, after, 3); d.Empty() != (grew == 0) {
			t.Fatalf("diff empty=%v after %d appends:\n%s", d.Empty(), grew, d.Unified())
		}
		third, err := ParseTrust(after)
		if err != nil {
			t.Fatalf("the changed policy does not parse: %v\n%s", err, after)
		}
		for _, tt := range []*Trust{again, third} {
			if !tt.HasPalette("aws", paletteAccount, externalID) || !tt.HasAccountA("aws", accountAID) || !tt.HasAccountA("aws", role) {
				t.Fatalf("Has* false after Ensure*:\n%s", tt.JSON())
			}
			if tt.EnsurePalette("aws", paletteAccount, externalID) {
				t.Fatalf("a second EnsurePalette changed the policy:\n%s", after)
			}
			for _, p := range []string{accountAID, role} {
				if changed, err := tt.EnsureAccountA("aws", p); changed || err != nil {
					t.Fatalf("a second EnsureAccountA(%q) = %v, %v:\n%s", p, changed, err, after)
				}
			}
			if tt.JSON() != after {
				t.Fatal("a no-op Ensure changed the JSON")
			}
		}
		for _, f := range third.Lint(paletteAccount) {
			if f.Statement >= n && f.Severity == Error {
				t.Fatalf("an appended statement lints as an error: %v", f)
			}
		}
	})
}

// FuzzLineDiff compares arbitrary texts: hunks must account for every line
// of both sides in order.
func FuzzLineDiff(f *testing.F) {
	f.Add(mixedTrust, fuzzSeeds[2], 3)
	f.Add("a\nb\nc", "a\nx\nc\nd", 0)
	f.Add("", "{}", -1)
	f.Fuzz(func(t *testing.T, a, b string, context int) {
		if context > 50 || context < -1 {
			return
		}
		d := LineDiff(a, b, context)
		added, removed := 0, 0
		lastBefore, lastAfter := 0, 0
		prevBefore, prevAfter := 0, 0
		for _, h := range d.Hunks {
			if len(h.Lines) == 0 {
				t.Fatal("empty hunk")
			}
			bs, be := h.BeforeRange()
			as, ae := h.AfterRange()
			if bs < prevBefore || as < prevAfter || be > d.BeforeLines || ae > d.AfterLines || bs-prevBefore != as-prevAfter {
				t.Fatalf("hunk ranges [%d,%d) [%d,%d) after %d/%d of %d/%d lines", bs, be, as, ae, prevBefore, prevAfter, d.BeforeLines, d.AfterLines)
			}
			prevBefore, prevAfter = be, ae
			_ = h.Header()
			for _, l := range h.Lines {
				if l.BeforeNo != 0 {
					if l.BeforeNo <= lastBefore {
						t.Fatalf("before line numbers not increasing: %+v", l)
					}
					lastBefore = l.BeforeNo
				}
				if l.AfterNo != 0 {
					if l.AfterNo <= lastAfter {
						t.Fatalf("after line numbers not increasing: %+v", l)
					}
					lastAfter = l.AfterNo
				}
				switch l.Op {
				case OpInsert:
					added++
				case OpDelete:
					removed++
				case OpReplace:
					added++
					removed++
				case OpEqual:
					if l.Before != l.After {
						t.Fatalf("equal line differs: %+v", l)
					}
				}
			}
		}
		if d.BeforeLines-prevBefore != d.AfterLines-prevAfter {
			t.Fatalf("unchanged tails differ: %d/%d of %d/%d lines", prevBefore, prevAfter, d.BeforeLines, d.AfterLines)
		}
		if added != d.Added || removed != d.Removed {
			t.Fatalf("counts +%d -%d, lines +%d -%d", d.Added, d.Removed, added, removed)
		}
		if d.Empty() != slices.Equal(lines(displayForm(a)), lines(displayForm(b))) {
			t.Fatalf("Empty() = %v for\n%q\n%q", d.Empty(), a, b)
		}
		_ = d.Unified()
	})
}
