package main

import (
	"bytes"
	"fmt"
	"strings"
)

// The drawing's metrics: a 14px monospace font, whose advance is 0.6em.
const (
	cellW    = 8.4
	cellH    = 18.0
	fontSize = 14.0
	pad      = 12.0
	defFG    = "#c9d1d9"
	defBG    = "#0d1117"
)

// SVG draws a grid as a terminal window: a background per run of cells
// that have one, then the text, one <text> per run of one style, each at
// its column so a font's own advance cannot drift it.
func SVG(g *Grid, title string) []byte {
	var b bytes.Buffer
	w, h := float64(g.W)*cellW+2*pad, float64(g.H)*cellH+2*pad
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%s" height="%s" viewBox="0 0 %s %s" role="img" aria-label="%s" xml:space="preserve">`+"\n",
		num(w), num(h), num(w), num(h), esc(title))
	fmt.Fprintf(&b, "<title>%s</title>\n", esc(title))
	b.WriteString(`<style>text{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,"DejaVu Sans Mono","Liberation Mono",monospace;font-size:` +
		num(fontSize) + `px;white-space:pre}.b{font-weight:bold}.i{font-style:italic}.f{opacity:.6}.u{text-decoration:underline}.s{text-decoration:line-through}</style>` + "\n")
	fmt.Fprintf(&b, `<rect width="100%%" height="100%%" rx="6" fill="%s"/>`+"\n", defBG)
	for y, row := range g.Cells {
		for _, r := range runs(row) {
			if _, bg := colours(r.style); bg != defBG {
				fmt.Fprintf(&b, `<rect x="%s" y="%s" width="%s" height="%s" fill="%s"/>`+"\n",
					num(pad+float64(r.col)*cellW), num(pad+float64(y)*cellH), num(float64(r.width)*cellW), num(cellH), bg)
			}
		}
	}
	for y, row := range g.Cells {
		for _, r := range runs(row) {
			if strings.TrimSpace(r.text) == "" {
				continue
			}
			fg, _ := colours(r.style)
			var cls []string
			for _, c := range []struct {
				on   bool
				name string
			}{{r.style.Bold, "b"}, {r.style.Italic, "i"}, {r.style.Faint, "f"}, {r.style.Underline, "u"}, {r.style.Strike, "s"}} {
				if c.on {
					cls = append(cls, c.name)
				}
			}
			class := ""
			if len(cls) > 0 {
				class = ` class="` + strings.Join(cls, " ") + `"`
			}
			fmt.Fprintf(&b, `<text x="%s" y="%s" fill="%s"%s>%s</text>`+"\n",
				num(pad+float64(r.col)*cellW), num(pad+float64(y)*cellH+fontSize), fg, class, esc(r.text))
		}
	}
	b.WriteString("</svg>\n")
	return b.Bytes()
}

// span is a stretch of cells of one style in a row.
type span struct {
	col, width int
	text       string
	style      Style
}

// runs splits a row into stretches of one style; text holds the runes
// (wide ones once), width the cells.
func runs(row []Cell) []span {
	var out []span
	for i, c := range row {
		if c.Cont {
			if len(out) > 0 {
				out[len(out)-1].width++
			}
			continue
		}
		if len(out) == 0 || out[len(out)-1].style != c.Style {
			out = append(out, span{col: i, style: c.Style})
		}
		last := &out[len(out)-1]
		last.text += string(c.R)
		last.width++
	}
	return out
}

// colours are a style's text and background colours, reverse applied.
func colours(st Style) (fg, bg string) {
	fg, bg = st.FG, st.BG
	if fg == "" {
		fg = defFG
	}
	if bg == "" {
		bg = defBG
	}
	if st.Reverse {
		fg, bg = bg, fg
	}
	return fg, bg
}

func num(f float64) string {
	s := fmt.Sprintf("%.1f", f)
	return strings.TrimSuffix(s, ".0")
}

func esc(s string) string {
	r := strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;")
	return r.Replace(s)
}
