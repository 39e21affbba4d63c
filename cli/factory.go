package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/bslwiz/bslwiz/steps"
)

// Factory is what every command gets from the world it runs in, built once
// per run by Main; tests build their own.
type Factory struct {
	IO     *IOStreams
	Getenv func(string) string
	// Version is what --version prints.
	Version string
	// RunTUI runs the interactive wizard on a prepared session.
	RunTUI func(ctx context.Context, s *steps.Session, o TUIOptions) error
}

// newFactory builds the factory of one run from its environment.
func newFactory(env Env) *Factory {
	getenv := env.Getenv
	if getenv == nil {
		getenv = func(string) string { return "" }
	}
	return &Factory{
		IO:      newIOStreams(env.In, env.Out, env.Err, env.IsTerminal),
		Getenv:  getenv,
		Version: versionString(env.Version, readBuildInfo),
		RunTUI:  env.RunTUI,
	}
}

// IOStreams are the standard streams of a run. Stdin is read through one
// buffered reader for the whole run: a reader per prompt would swallow the
// answers buffered after the first one.
type IOStreams struct {
	In       *bufio.Reader
	Out, Err io.Writer
	terminal bool
}

func newIOStreams(in io.Reader, out, errw io.Writer, terminal bool) *IOStreams {
	if in == nil {
		in = strings.NewReader("")
	}
	if out == nil {
		out = io.Discard
	}
	if errw == nil {
		errw = io.Discard
	}
	return &IOStreams{In: bufio.NewReader(in), Out: out, Err: errw, terminal: terminal}
}

// CanPrompt reports whether there is an operator to ask: stdin and stdout
// are a terminal.
func (s *IOStreams) CanPrompt() bool { return s.terminal }

// Confirm asks a yes/no question on Out and reads one line of the answer;
// only "y" or "yes" is a yes.
func (s *IOStreams) Confirm(question string) (bool, error) {
	fmt.Fprintf(s.Out, "%s [y/N] ", question)
	line, err := s.In.ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return false, fmt.Errorf("read the answer: %w", err)
	}
	a := strings.ToLower(strings.TrimSpace(line))
	return a == "y" || a == "yes", nil
}
