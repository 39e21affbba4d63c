package iampolicy

import (
	"fmt"
	"strings"

	"github.com/pmezard/go-difflib/difflib"
)

// Op is what happened to a line.
type Op int

// Line operations. OpReplace pairs a removed line with the added line that
// takes its place, for side-by-side views.
const (
	OpEqual Op = iota
	OpInsert
	OpDelete
	OpReplace
)

// String returns "equal", "insert", "delete" or "replace".
func (o Op) String() string {
	switch o {
	case OpEqual:
		return "equal"
	case OpInsert:
		return "insert"
	case OpDelete:
		return "delete"
	case OpReplace:
		return "replace"
	}
	return fmt.Sprintf("Op(%d)", int(o))
}

// DiffLine is one row of a diff. Before and BeforeNo (1-based) are set for
// OpEqual, OpDelete and OpReplace; After and AfterNo for OpEqual, OpInsert
// and OpReplace. An unset line number is 0.
type DiffLine struct {
	Op                Op
	Before, After     string
	BeforeNo, AfterNo int
}

// Hunk is a run of changed lines with their context.
type Hunk struct {
	Lines []DiffLine

	beforeStart, afterStart int // 0-based first line of each side, for Header
}

// Diff is a line diff of two policy documents in canonical form.
type Diff struct {
	Hunks          []Hunk
	Added, Removed int // lines added and removed; a replaced line counts in both

	// BeforeLines and AfterLines are the line counts of the two texts, so a
	// view can say how many unchanged lines lie after the last hunk.
	BeforeLines, AfterLines int
}

// Empty reports whether the documents have the same canonical text.
func (d Diff) Empty() bool { return len(d.Hunks) == 0 }

// LineDiff compares two policy documents line by line in canonical form
// (Canonicalize), so key order and whitespace never show as changes. A
// document that does not parse is compared as plain text; "" has no lines.
// context is the number of unchanged lines kept around each change
// (negative means 3). The hunks come from go-difflib's grouped opcodes,
// with automatic junk detection off so repetitive JSON lines still align.
func LineDiff(before, after string, context int) Diff {
	if context < 0 {
		context = 3
	}
	a, b := lines(displayForm(before)), lines(displayForm(after))
	m := difflib.NewMatcherWithJunk(a, b, false, nil)
	d := Diff{BeforeLines: len(a), AfterLines: len(b)}
	for _, group := range m.GetGroupedOpCodes(context) {
		h := Hunk{beforeStart: group[0].I1, afterStart: group[0].J1}
		for _, c := range group {
			h.Lines = append(h.Lines, hunkLines(c, a, b)...)
			switch c.Tag {
			case 'r':
				d.Added += c.J2 - c.J1
				d.Removed += c.I2 - c.I1
			case 'i':
				d.Added += c.J2 - c.J1
			case 'd':
				d.Removed += c.I2 - c.I1
			}
		}
		d.Hunks = append(d.Hunks, h)
	}
	return d
}

func hunkLines(c difflib.OpCode, a, b []string) []DiffLine {
	var out []DiffLine
	i, j := c.I1, c.J1
	for i < c.I2 || j < c.J2 {
		var l DiffLine
		switch {
		case c.Tag == 'e':
			l = DiffLine{Op: OpEqual, Before: a[i], After: b[j], BeforeNo: i + 1, AfterNo: j + 1}
			i, j = i+1, j+1
		case i < c.I2 && j < c.J2: // 'r' with lines left on both sides
			l = DiffLine{Op: OpReplace, Before: a[i], After: b[j], BeforeNo: i + 1, AfterNo: j + 1}
			i, j = i+1, j+1
		case i < c.I2:
			l = DiffLine{Op: OpDelete, Before: a[i], BeforeNo: i + 1}
			i++
		default:
			l = DiffLine{Op: OpInsert, After: b[j], AfterNo: j + 1}
			j++
		}
		out = append(out, l)
	}
	return out
}

// displayForm is the canonical form of a document, or the text itself when
// it does not parse.
func displayForm(doc string) string {
	if c, err := Canonicalize(doc); err == nil {
		return c
	}
	return doc
}

// lines splits text into lines without their "\n" and without the phantom
// empty line difflib.SplitLines adds after a final newline.
func lines(s string) []string {
	s = strings.TrimSuffix(s, "\n")
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}

// BeforeRange returns the lines of the before text the hunk covers as a
// 0-based half-open range [start, end); start is meaningful even when the
// hunk only inserts (start == end).
func (h Hunk) BeforeRange() (start, end int) {
	n := 0
	for _, l := range h.Lines {
		if l.Op != OpInsert {
			n++
		}
	}
	return h.beforeStart, h.beforeStart + n
}

// AfterRange is BeforeRange for the after text.
func (h Hunk) AfterRange() (start, end int) {
	n := 0
	for _, l := range h.Lines {
		if l.Op != OpDelete {
			n++
		}
	}
	return h.afterStart, h.afterStart + n
}

// Header returns the unified-diff range line of the hunk, e.g. "@@ -3,7 +3,12 @@".
func (h Hunk) Header() string {
	bs, be := h.BeforeRange()
	as, ae := h.AfterRange()
	return "@@ -" + unifiedRange(bs, be-bs) + " +" + unifiedRange(as, ae-as) + " @@"
}

// unifiedRange formats a range as GNU diff does: "start,count", "start"
// when count is 1, and the line before the range when count is 0.
func unifiedRange(start, count int) string {
	switch count {
	case 0:
		return fmt.Sprintf("%d,0", start)
	case 1:
		return fmt.Sprintf("%d", start+1)
	}
	return fmt.Sprintf("%d,%d", start+1, count)
}

// Unified renders the diff as unified-diff hunks: a "@@ -a,b +c,d @@"
// header, then unchanged lines prefixed with " ", removed with "-" and added
// with "+"; within a change, removed lines come before added ones. Every
// line ends with "\n"; an empty diff renders as "".
func (d Diff) Unified() string {
	var b strings.Builder
	for _, h := range d.Hunks {
		b.WriteString(h.Header())
		b.WriteByte('\n')
		var added []string
		flush := func() {
			for _, s := range added {
				b.WriteString("+" + s + "\n")
			}
			added = added[:0]
		}
		for _, l := range h.Lines {
			switch l.Op {
			case OpEqual:
				flush()
				b.WriteString(" " + l.Before + "\n")
			case OpDelete:
				b.WriteString("-" + l.Before + "\n")
			case OpInsert:
				added = append(added, l.After)
			case OpReplace:
				b.WriteString("-" + l.Before + "\n")
				added = append(added, l.After)
			}
		}
		flush()
	}
	return b.String()
}
