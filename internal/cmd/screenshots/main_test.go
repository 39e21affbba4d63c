package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestTheREADMEImagesAreCurrent fails when a golden view changed and its
// image was not drawn again, or when the README stops showing one.
func TestTheREADMEImagesAreCurrent(t *testing.T) {
	root, err := moduleRoot()
	if err != nil {
		t.Fatal(err)
	}
	readme, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, sc := range screens {
		want, err := renderFile(root, sc)
		if err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(filepath.Join(root, sc.image))
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("%s is stale or missing (from %s): run go run ./internal/cmd/screenshots", sc.image, sc.golden)
		}
		if !bytes.Contains(readme, []byte("("+sc.image+")")) {
			t.Errorf("README.md does not show %s", sc.image)
		}
	}
}

func TestParseLaysOutColoursAndWideRunes(t *testing.T) {
	g := Parse([]byte("a\x1b[1;38;2;255;0;0mB\x1b[m界c\x1b]52;c;eA==\x07\r\nx\x1b[7my"), 6, 2)
	row := g.Cells[0]
	if row[0].R != 'a' || row[1].R != 'B' || !row[1].Style.Bold || row[1].Style.FG != "#ff0000" {
		t.Fatalf("SGR not applied: %+v", row[:2])
	}
	if row[2].R != '界' || !row[3].Cont || row[4].R != 'c' || row[4].Style != (Style{}) {
		t.Fatalf("a wide rune does not take two cells: %+v", row[2:5])
	}
	if g.Cells[1][0].R != 'x' || !g.Cells[1][1].Style.Reverse {
		t.Fatalf("second row: %+v", g.Cells[1][:2])
	}
	svg := string(SVG(g, "t<"))
	for _, want := range []string{`xml:space="preserve"`, "<title>t&lt;</title>", `fill="#ff0000" class="b">B</text>`} {
		if !strings.Contains(svg, want) {
			t.Errorf("SVG lacks %q:\n%s", want, svg)
		}
	}
}

// FuzzParse: any bytes lay out on the grid without a panic, and the grid
// keeps its size.
func FuzzParse(f *testing.F) {
	f.Add([]byte("a\x1b[1;38;2;255;0;0mB\x1b[m界c"))
	f.Add([]byte("\x1b[38;5;300m\x1b[48;2;1m\x1b]8;;\x07x\x1b"))
	f.Add([]byte("\x1b["))
	f.Fuzz(func(t *testing.T, b []byte) {
		g := Parse(b, 10, 3)
		if len(g.Cells) != 3 {
			t.Fatalf("%d rows", len(g.Cells))
		}
		for _, row := range g.Cells {
			if len(row) != 10 {
				t.Fatalf("%d columns", len(row))
			}
		}
		_ = SVG(g, "fuzz")
	})
}
