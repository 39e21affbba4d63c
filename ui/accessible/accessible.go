// Package accessible asks the wizard's questions as plain line prompts, for
// screen readers, TERM=dumb and --accessible: no alternate screen, no
// spinners, no colour, no cursor movement; one question per line, answers
// read line by line, statuses spelled out in words.
//
// The same validators as the TUI's form run on every answer; a bad answer
// is refused with the rule it broke, and the question is asked again.
//
// Secrets (the Palette API key) are read without echo when the input is a
// terminal, through github.com/charmbracelet/x/term's ReadPassword (already
// in the module graph; golang.org/x/term is not). When the input is not a
// terminal (a pipe, a file, a test) there is no echo to turn off: the
// secret is read as a plain line, and the prompt says so.
package accessible

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"sync"

	"github.com/charmbracelet/x/term"

	"github.com/bslwiz/bslwiz/internal/termsafe"
)

// Question is one prompt.
type Question struct {
	Label    string             // e.g. "S3 bucket"
	Help     string             // printed once before the prompt
	Default  string             // used when the answer is empty
	Validate func(string) error // nil accepts anything
}

// Option is one choice of Select.
type Option struct {
	Value string
	Label string
}

// ErrNoInput is returned when input ends before a valid answer.
var ErrNoInput = errors.New("input ended before an answer")

// Prompter asks questions on a line-oriented terminal (or any reader and
// writer). It asks one question at a time: a question from another
// goroutine (an MFA code the SDK needs while signing in) waits its turn.
type Prompter struct {
	mu  sync.Mutex // held while a question waits for its answer
	in  *bufio.Reader
	out io.Writer

	// fd and tty say whether input is a terminal whose echo can be turned
	// off; readPassword reads a line from it without echo.
	fd           uintptr
	tty          bool
	readPassword func(fd uintptr) ([]byte, error)
	width        int // wrap output here (SetWidth); 0 does not wrap
}

// New returns a Prompter reading answers from in and writing prompts to
// out. When in is an *os.File on a terminal, secrets are read without echo.
func New(in io.Reader, out io.Writer) *Prompter {
	p := &Prompter{in: bufio.NewReader(in), out: out, readPassword: term.ReadPassword}
	if f, ok := in.(*os.File); ok && term.IsTerminal(f.Fd()) {
		p.fd, p.tty = f.Fd(), true
	}
	return p
}

// Println writes one line of output (a status, a result).
func (p *Prompter) Println(a ...any) {
	fmt.Fprintln(p.out, p.wrapText(strings.TrimSuffix(fmt.Sprintln(a...), "\n")))
}

// Status writes a status line with the status as a word, e.g.
// "[ok] Bucket exists: found in us-east-2".
func (p *Prompter) Status(word, text, reason string) {
	line := fmt.Sprintf("[%s] %s", word, text)
	if reason != "" {
		line += ": " + reason
	}
	p.Println(line)
}

// readLine reads one line without its line ending. A last line without a
// newline still counts; no line at all is ErrNoInput.
func (p *Prompter) readLine() (string, error) {
	line, err := p.in.ReadString('\n')
	if err != nil && !(errors.Is(err, io.EOF) && line != "") {
		if errors.Is(err, io.EOF) {
			return "", ErrNoInput
		}
		return "", fmt.Errorf("read answer: %w", err)
	}
	return strings.TrimRight(line, "\r\n"), nil
}

func (p *Prompter) ask(q Question, extra string) {
	if q.Help != "" {
		fmt.Fprintln(p.out, p.wrapText(q.Help))
	}
	prompt := q.Label
	if extra != "" {
		prompt += " " + extra
	}
	if q.Default != "" {
		prompt += fmt.Sprintf(" [default: %s]", q.Default)
	}
	fmt.Fprint(p.out, p.wrapText(prompt)+": ")
}

// refuse reports a broken rule; secret, if set, is never printed.
func (p *Prompter) refuse(err error, secret string) {
	msg := err.Error()
	if secret != "" {
		msg = strings.ReplaceAll(msg, secret, "[redacted]")
	}
	fmt.Fprintln(p.out, p.wrapText(fmt.Sprintf("Not accepted: %s. Try again.", termsafe.Text(msg))))
}

// Text asks q until the answer passes q.Validate.
func (p *Prompter) Text(q Question) (string, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for {
		p.ask(q, "")
		answer, err := p.readLine()
		if err != nil {
			return "", fmt.Errorf("%s: %w", q.Label, err)
		}
		answer = strings.TrimSpace(answer)
		if answer == "" {
			answer = q.Default
		}
		if q.Validate != nil {
			if err := q.Validate(answer); err != nil {
				p.refuse(err, "")
				continue
			}
		}
		return answer, nil
	}
}

// Secret asks q without echo when input is a terminal, and never prints the
// answer, not even in a refusal.
func (p *Prompter) Secret(q Question) (string, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	extra := "(input hidden)"
	if !p.tty {
		extra = "(input is not a terminal, so it is not hidden)"
	}
	for {
		p.ask(Question{Label: q.Label, Help: q.Help}, extra)
		var answer string
		if p.tty {
			b, err := p.readPassword(p.fd)
			fmt.Fprintln(p.out) // the user's enter was not echoed
			if err != nil {
				return "", fmt.Errorf("%s: read without echo: %w", q.Label, err)
			}
			answer = string(b)
		} else {
			line, err := p.readLine()
			if err != nil {
				return "", fmt.Errorf("%s: %w", q.Label, err)
			}
			answer = line
		}
		answer = strings.TrimSpace(answer)
		if q.Validate != nil {
			if err := q.Validate(answer); err != nil {
				p.refuse(err, answer)
				continue
			}
		}
		return answer, nil
	}
}

// Confirm asks a yes/no question; an empty answer is def.
func (p *Prompter) Confirm(label string, def bool) (bool, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	hint := "(y/N)"
	if def {
		hint = "(Y/n)"
	}
	for {
		p.ask(Question{Label: label}, hint)
		answer, err := p.readLine()
		if err != nil {
			return false, fmt.Errorf("%s: %w", label, err)
		}
		switch strings.ToLower(strings.TrimSpace(answer)) {
		case "":
			return def, nil
		case "y", "yes":
			return true, nil
		case "n", "no":
			return false, nil
		}
		fmt.Fprintln(p.out, "Not accepted: answer y or n. Try again.")
	}
}

// Select asks for one of options: by number, by value (any case), or by
// the start of a value when only one option starts so. "?" lists them.
// q.Validate, if set, runs on the chosen value.
func (p *Prompter) Select(q Question, options []Option) (string, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	list := func() {
		for i, o := range options {
			line := fmt.Sprintf("  %d) %s", i+1, o.Value)
			if o.Label != "" {
				line += " - " + o.Label
			}
			fmt.Fprintln(p.out, line)
		}
	}
	if len(options) <= 10 {
		list()
	}
	for {
		p.ask(q, fmt.Sprintf("(number or value; ? lists all %d)", len(options)))
		answer, err := p.readLine()
		if err != nil {
			return "", fmt.Errorf("%s: %w", q.Label, err)
		}
		answer = strings.TrimSpace(answer)
		if answer == "?" {
			list()
			continue
		}
		if answer == "" {
			answer = q.Default
		}
		value, err := choose(answer, options)
		if err == nil && q.Validate != nil {
			err = q.Validate(value)
		}
		if err != nil {
			p.refuse(err, "")
			continue
		}
		return value, nil
	}
}

func choose(answer string, options []Option) (string, error) {
	if answer == "" {
		return "", errors.New("choose one of the options")
	}
	if n, err := strconv.Atoi(answer); err == nil {
		if n < 1 || n > len(options) {
			return "", fmt.Errorf("%d is not between 1 and %d", n, len(options))
		}
		return options[n-1].Value, nil
	}
	var prefixed []string
	for _, o := range options {
		if strings.EqualFold(o.Value, answer) {
			return o.Value, nil
		}
		if strings.HasPrefix(strings.ToLower(o.Value), strings.ToLower(answer)) {
			prefixed = append(prefixed, o.Value)
		}
	}
	switch len(prefixed) {
	case 1:
		return prefixed[0], nil
	case 0:
		return "", fmt.Errorf("%q is not one of the options (? lists them)", answer)
	}
	return "", fmt.Errorf("%q could be %s", answer, strings.Join(prefixed, ", "))
}
