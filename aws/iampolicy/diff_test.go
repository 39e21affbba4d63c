package iampolicy

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

func TestLineDiffOfAnAppend(t *testing.T) {
	before := `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}}`
	tr, _ := ParseTrust(before)
	tr.EnsurePalette("aws", paletteAccount, externalID)
	d := LineDiff(before, tr.JSON(), 2)
	want := `@@ -8,4 +8,17 @@
       },
       "Action": "sts:AssumeRole"
+    },
+    {
+      "Sid": "PaletteSaaSAssumeRole",
+      "Effect": "Allow",
+      "Principal": {
+        "AWS": "arn:aws:iam::210987654321:root"
+      },
+      "Action": "sts:AssumeRole",
+      "Condition": {
+        "StringEquals": {
+          "sts:ExternalId": "acme-3f9c2b7e"
+        }
+      }
     }
   ]
`
	if got := d.Unified(); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if d.Added != 13 || d.Removed != 0 || d.Empty() || len(d.Hunks) != 1 {
		t.Errorf("Added %d Removed %d hunks %d", d.Added, d.Removed, len(d.Hunks))
	}
	first, last := d.Hunks[0].Lines[0], d.Hunks[0].Lines[len(d.Hunks[0].Lines)-1]
	if first.Op != OpEqual || first.BeforeNo != 8 || first.AfterNo != 8 || last.BeforeNo != 11 || last.AfterNo != 24 {
		t.Errorf("line numbers: first %+v last %+v", first, last)
	}
	ins := d.Hunks[0].Lines[2]
	if ins.Op != OpInsert || ins.BeforeNo != 0 || ins.AfterNo != 10 || ins.After != "    }," || ins.Before != "" {
		t.Errorf("insert line: %+v", ins)
	}
}

func TestLineDiffReplacePairsLines(t *testing.T) {
	a := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::a/*"}]}`
	b := `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}]}`
	d := LineDiff(a, b, 0)
	if len(d.Hunks) != 2 || d.Added != 2 || d.Removed != 2 {
		t.Fatalf("want two one-line hunks, got %d hunks +%d -%d:\n%s", len(d.Hunks), d.Added, d.Removed, d.Unified())
	}
	l := d.Hunks[0].Lines[0]
	if l.Op != OpReplace || l.Before != `      "Effect": "Allow",` || l.After != `      "Effect": "Deny",` || l.BeforeNo != 5 || l.AfterNo != 5 {
		t.Errorf("replace line: %+v", l)
	}
	want := "@@ -5 +5 @@\n-      \"Effect\": \"Allow\",\n+      \"Effect\": \"Deny\",\n" +
		"@@ -7 +7 @@\n-      \"Resource\": \"arn:aws:s3:::a/*\"\n+      \"Resource\": \"arn:aws:s3:::b/*\"\n"
	if got := d.Unified(); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

func TestLineDiffUnevenReplace(t *testing.T) {
	d := LineDiff("a\nb\nc\nz", "a\nX\nz", 1)
	var ops []Op
	for _, l := range d.Hunks[0].Lines {
		ops = append(ops, l.Op)
	}
	if want := []Op{OpEqual, OpReplace, OpDelete, OpEqual}; !equalOps(ops, want) {
		t.Errorf("ops %v, want %v", ops, want)
	}
	if got, want := d.Unified(), "@@ -1,4 +1,3 @@\n a\n-b\n-c\n+X\n z\n"; got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	d = LineDiff("a\nz", "a\nX\nY\nz", 0)
	if got, want := d.Unified(), "@@ -1,0 +2,2 @@\n+X\n+Y\n"; got != want {
		t.Errorf("pure insertion header: got\n%s\nwant\n%s", got, want)
	}
	bs, be := d.Hunks[0].BeforeRange()
	as, ae := d.Hunks[0].AfterRange()
	if bs != 1 || be != 1 || as != 1 || ae != 3 {
		t.Errorf("pure insertion ranges: before [%d,%d) after [%d,%d)", bs, be, as, ae)
	}
}

func equalOps(a, b []Op) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestLineDiffEdges(t *testing.T) {
	doc := `{"Version":"2012-10-17","Statement":[]}`
	if d := LineDiff(doc, "{\n \"Statement\": [ ],\n \"Version\": \"2012-10-17\"\n}\n", 3); !d.Empty() || d.Unified() != "" {
		t.Errorf("layout-only changes must not show: %s", d.Unified())
	}
	if d := LineDiff("", "", 3); !d.Empty() {
		t.Error("two empty documents differ")
	}
	d := LineDiff("", doc, 3)
	if d.Added != 4 || d.Removed != 0 || !strings.HasPrefix(d.Unified(), "@@ -0,0 +1,4 @@\n+{\n") {
		t.Errorf("a new document is all additions:\n%s", d.Unified())
	}
	d = LineDiff(doc, "", -1)
	if d.Removed != 4 || !strings.HasPrefix(d.Unified(), "@@ -1,4 +0,0 @@\n-{\n") {
		t.Errorf("a removed document is all deletions:\n%s", d.Unified())
	}
	d = LineDiff("not json\nline 2\n", "not json\nline two\n", 3)
	if got, want := d.Unified(), "@@ -1,2 +1,2 @@\n not json\n-line 2\n+line two\n"; got != want {
		t.Errorf("text that is not JSON is compared as is:\ngot\n%s\nwant\n%s", got, want)
	}
}

func TestLineDiffSplitsDistantChanges(t *testing.T) {
	// 300 lines, two thirds of them the same JSON punctuation, changed in two
	// distant places: two hunks, each with only the changed line.
	var a []string
	for i := range 100 {
		a = append(a, "    {", fmt.Sprintf(`      "Sid": "S%d"`, i), "    },")
	}
	b := slices.Clone(a)
	b[4], b[250] = `      "Sid": "changed"`, "    }"
	d := LineDiff(strings.Join(a, "\n"), strings.Join(b, "\n"), 3)
	if len(d.Hunks) != 2 || d.Added != 2 || d.Removed != 2 {
		t.Fatalf("want 2 minimal hunks, got %d (+%d -%d):\n%s", len(d.Hunks), d.Added, d.Removed, d.Unified())
	}
	if h := d.Hunks[0].Header(); h != "@@ -2,7 +2,7 @@" {
		t.Errorf("first hunk header %s", h)
	}
	if h := d.Hunks[1].Header(); h != "@@ -248,7 +248,7 @@" {
		t.Errorf("second hunk header %s", h)
	}
	if s, e := d.Hunks[1].BeforeRange(); s != 247 || e != 254 || d.BeforeLines != 300 || d.AfterLines != 300 {
		t.Errorf("second hunk covers [%d,%d) of %d lines", s, e, d.BeforeLines)
	}
}

func TestOpString(t *testing.T) {
	for op, want := range map[Op]string{OpEqual: "equal", OpInsert: "insert", OpDelete: "delete", OpReplace: "replace", Op(9): "Op(9)"} {
		if op.String() != want {
			t.Errorf("%d: %s", int(op), op.String())
		}
	}
}
