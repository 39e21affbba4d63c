package main

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
)

// Style is how a cell is drawn: colours as "#rrggbb" ("" is the
// terminal's default) and attributes.
type Style struct {
	FG, BG                                  string
	Bold, Faint, Italic, Underline, Reverse bool
	Strike                                  bool
}

// Cell is one terminal cell. A wide rune's second cell is Cont.
type Cell struct {
	R     rune
	Style Style
	Cont  bool
}

// Grid is a terminal screen, rows of cells.
type Grid struct {
	W, H  int
	Cells [][]Cell
}

// Parse lays text with ANSI escapes (SGR colours and attributes; other
// sequences are skipped) onto a w×h grid, as a terminal would show it from
// the top-left corner.
func Parse(b []byte, w, h int) *Grid {
	g := &Grid{W: w, H: h, Cells: make([][]Cell, h)}
	for i := range g.Cells {
		g.Cells[i] = make([]Cell, w)
		for j := range g.Cells[i] {
			g.Cells[i][j].R = ' '
		}
	}
	var st Style
	row, col := 0, 0
	for i := 0; i < len(b); {
		c := b[i]
		switch {
		case c == 0x1b && i+1 < len(b) && b[i+1] == '[':
			j := i + 2
			for j < len(b) && (b[j] < 0x40 || b[j] > 0x7e) {
				j++
			}
			if j < len(b) && b[j] == 'm' {
				st = applySGR(st, string(b[i+2:j]))
			}
			i = j + 1
		case c == 0x1b && i+1 < len(b) && b[i+1] == ']':
			j := i + 2
			for j < len(b) && b[j] != 0x07 && (b[j] != 0x1b || j+1 >= len(b) || b[j+1] != '\\') {
				j++
			}
			if j < len(b) && b[j] == 0x1b {
				j++
			}
			i = j + 1
		case c == 0x1b:
			i += 2
		case c == '\n':
			row, col = row+1, 0
			i++
		case c == '\r':
			col = 0
			i++
		case c < 0x20:
			i++
		default:
			r, n := utf8.DecodeRune(b[i:])
			i += n
			wd := ansi.StringWidth(string(r))
			if wd == 0 || row >= h {
				continue
			}
			if col+wd <= w {
				g.Cells[row][col] = Cell{R: r, Style: st}
				if wd == 2 {
					g.Cells[row][col+1] = Cell{Style: st, Cont: true}
				}
			}
			col += wd
		}
	}
	return g
}

// applySGR applies one Select Graphic Rendition sequence's parameters.
func applySGR(st Style, params string) Style {
	if params == "" {
		return Style{}
	}
	ps := strings.FieldsFunc(params, func(r rune) bool { return r == ';' || r == ':' })
	num := func(k int) int {
		if k >= len(ps) {
			return -1
		}
		n, err := strconv.Atoi(ps[k])
		if err != nil {
			return -1
		}
		return n
	}
	for k := 0; k < len(ps); k++ {
		switch n := num(k); {
		case n == 0:
			st = Style{}
		case n == 1:
			st.Bold = true
		case n == 2:
			st.Faint = true
		case n == 3:
			st.Italic = true
		case n == 4:
			st.Underline = true
		case n == 7:
			st.Reverse = true
		case n == 9:
			st.Strike = true
		case n == 22:
			st.Bold, st.Faint = false, false
		case n == 23:
			st.Italic = false
		case n == 24:
			st.Underline = false
		case n == 27:
			st.Reverse = false
		case n == 29:
			st.Strike = false
		case n >= 30 && n <= 37:
			st.FG = basic[n-30]
		case n >= 90 && n <= 97:
			st.FG = basic[n-90+8]
		case n == 39:
			st.FG = ""
		case n >= 40 && n <= 47:
			st.BG = basic[n-40]
		case n >= 100 && n <= 107:
			st.BG = basic[n-100+8]
		case n == 49:
			st.BG = ""
		case n == 38 || n == 48:
			var col string
			switch num(k + 1) {
			case 2:
				col = fmt.Sprintf("#%02x%02x%02x", num(k+2)&0xff, num(k+3)&0xff, num(k+4)&0xff)
				k += 4
			case 5:
				col = xterm256(num(k + 2))
				k += 2
			}
			if n == 38 {
				st.FG = col
			} else {
				st.BG = col
			}
		}
	}
	return st
}

// basic are the 16 ANSI colours, as GitHub's dark terminal theme draws them.
var basic = [16]string{
	"#484f58", "#ff7b72", "#3fb950", "#d29922", "#58a6ff", "#bc8cff", "#39c5cf", "#b1bac4",
	"#6e7681", "#ffa198", "#56d364", "#e3b341", "#79c0ff", "#d2a8ff", "#56d4dd", "#ffffff",
}

// xterm256 is colour n of the xterm 256-colour palette.
func xterm256(n int) string {
	switch {
	case n < 0 || n > 255:
		return ""
	case n < 16:
		return basic[n]
	case n < 232:
		n -= 16
		level := func(v int) int {
			if v == 0 {
				return 0
			}
			return 55 + 40*v
		}
		return fmt.Sprintf("#%02x%02x%02x", level(n/36), level(n/6%6), level(n%6))
	}
	v := 8 + 10*(n-232)
	return fmt.Sprintf("#%02x%02x%02x", v, v, v)
}
