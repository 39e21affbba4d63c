// Command screenshots renders the README's images of the wizard from the
// golden views in ui/testdata: each is the exact bytes a 120x40 terminal
// receives, ANSI colours included, drawn as an SVG under docs/screens.
// Run it from anywhere in the module after the golden views change
// (`go test ./ui/ -update`):
//
//	go run ./internal/cmd/screenshots
//
// Its test fails when an image is stale.
package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// screen is one image: the golden view it is drawn from, and its file.
type screen struct {
	golden string // under the module root
	image  string // under the module root
	title  string // the SVG's title, for screen readers
}

// screens are the README's images, in the order it shows them.
var screens = []screen{
	{"ui/testdata/TestGoldenForm/120x40.golden", "docs/screens/form.svg", "bslwiz step 4: a form with a broken rule and the live checks"},
	{"ui/testdata/TestGoldenDiff/120x40.golden", "docs/screens/trust-diff.svg", "bslwiz step 9: the trust policy before and after, as a diff"},
	{"ui/testdata/TestGoldenClipboard/120x40.golden", "docs/screens/role-arn.svg", "bslwiz step 10: the role ARN, copied"},
	{"ui/testdata/TestGoldenDone/120x40.golden", "docs/screens/done.svg", "bslwiz: the final summary"},
}

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "screenshots:", err)
		os.Exit(1)
	}
}

func run() error {
	root, err := moduleRoot()
	if err != nil {
		return err
	}
	for _, sc := range screens {
		svg, err := renderFile(root, sc)
		if err != nil {
			return err
		}
		out := filepath.Join(root, sc.image)
		if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
			return err
		}
		if old, err := os.ReadFile(out); err == nil && bytes.Equal(old, svg) {
			continue
		}
		if err := os.WriteFile(out, svg, 0o644); err != nil {
			return err
		}
		fmt.Println("wrote", sc.image)
	}
	return nil
}

// renderFile draws one screen's golden view.
func renderFile(root string, sc screen) ([]byte, error) {
	raw, err := os.ReadFile(filepath.Join(root, sc.golden))
	if err != nil {
		return nil, fmt.Errorf("read the golden view (run go test ./ui/ -update first?): %w", err)
	}
	return SVG(Parse(raw, 120, 40), sc.title), nil
}

// moduleRoot is the directory of go.mod, from the working directory up.
func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod above the working directory: run it inside the bslwiz module")
		}
		dir = parent
	}
}
