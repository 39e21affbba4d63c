package main

import (
	"bytes"
	"debug/elf"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/bslwiz/bslwiz/internal/startgc"
)

// TestTheBinaryLetsTheLinkerDropUnusedMethods builds bslwiz as the README
// installs it and checks that nothing in it calls reflect's Method or
// MethodByName with a name known only at run time (text/template's field
// evaluation does, and so does cobra's version template). Where one is
// reachable the linker keeps every exported method of every type: all the
// S3 client's operations, where bslwiz calls a dozen, which is 15 MB more
// binary and 7 MB more of it resident after a walk (README, bench 4).
func TestTheBinaryLetsTheLinkerDropUnusedMethods(t *testing.T) {
	gobin := goTool(t)
	bin := filepath.Join(t.TempDir(), "bslwiz")
	// -dumpdep prints the linker's reachability graph on stderr, where a
	// function that makes methods reachable by name is marked.
	cmd := exec.Command(gobin, "build", "-ldflags=-dumpdep", "-o", bin, ".")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	var graph, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &errOut, &graph
	if err := cmd.Run(); err != nil {
		t.Fatalf("go build: %v\n%s%s", err, errOut.Bytes(), tail(graph.String(), 20))
	}
	var marked []string
	for line := range strings.Lines(graph.String()) {
		caller, _, _ := strings.Cut(line, " -> ")
		if strings.HasSuffix(caller, "<ReflectMethod>") && !slices.Contains(marked, caller) {
			marked = append(marked, caller)
		}
	}
	if len(marked) > 0 {
		t.Errorf("these functions look methods up by name, so the linker keeps every exported method (find who reaches them with go build -ldflags=-dumpdep):\n  %s",
			strings.Join(marked, "\n  "))
	}

	f, err := elf.Open(bin)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	syms, err := f.Symbols()
	if err != nil {
		t.Fatal(err)
	}
	const client = "github.com/aws/aws-sdk-go-v2/service/s3.(*Client)."
	var ops []string
	for _, s := range syms {
		if name, ok := strings.CutPrefix(s.Name, client); ok && name != "" && name[0] >= 'A' && name[0] <= 'Z' {
			ops = append(ops, name)
		}
	}
	// Operations bslwiz never calls: a binary that holds them kept them all.
	for _, never := range []string{"SelectObjectContent", "PutBucketAnalyticsConfiguration", "RestoreObject"} {
		if slices.Contains(ops, never) {
			t.Errorf("the binary holds s3.(*Client).%s, which bslwiz never calls: %d of the client's methods were kept", never, len(ops))
		}
	}
	if fi, err := os.Stat(bin); err == nil {
		t.Logf("binary: %.1f MB; the S3 client's exported methods kept: %d", float64(fi.Size())/1e6, len(ops))
	}
}

// goTool is the go command that builds and tests the tree.
func goTool(t *testing.T) string {
	t.Helper()
	gobin, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("go is not on PATH: %v", err)
	}
	return gobin
}

// tail is the last n lines of s.
func tail(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n") + "\n"
}

// TestMain ends start-up's hold on the collector, as main does on a timer:
// this test binary runs package main's imports but not main.
func TestMain(m *testing.M) {
	startgc.Release()
	os.Exit(m.Run())
}

// TestTheRunewidthCopyPassesItsTests runs the tests of
// third_party/go-runewidth, which go.mod puts in place of go-runewidth:
// upstream's, and bslwiz's own of its one change (bslwiz_test.go). It is a
// module of its own, which the tree's go test ./... does not enter.
func TestTheRunewidthCopyPassesItsTests(t *testing.T) {
	gobin := goTool(t)
	cmd := exec.Command(gobin, "test", "-race", "-count=1", "-shuffle=on", ".")
	cmd.Dir = filepath.Join("third_party", "go-runewidth")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go test in %s: %v\n%s", cmd.Dir, err, out)
	}
	t.Logf("%s", out)
}
