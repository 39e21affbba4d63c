// Package clipboard copies text (the role ARN) to the user's clipboard and
// says honestly what happened.
//
// On a local desktop (no SSH_CONNECTION or SSH_TTY, and a display: DISPLAY
// or WAYLAND_DISPLAY, or macOS/Windows) it uses a clipboard tool through
// github.com/atotto/clipboard, and only a tool that ran without error counts
// as "copied". Everywhere else, and whenever the tool fails, it returns an
// OSC 52 sequence for the program to write to the terminal (tea.Raw), which
// asks the user's terminal to set its clipboard. Nothing acknowledges OSC 52,
// so the result says it was sent, never that it was copied.
//
// Inside tmux ($TMUX) the sequence is sent twice: plain, for tmux to take
// when set-clipboard is on (tmux then forwards it to the outer terminal),
// and wrapped in tmux's DCS passthrough, for the outer terminal directly
// when allow-passthrough is on. Inside GNU screen (TERM=screen*, no $TMUX)
// it is wrapped in DCS chunks of at most 76 bytes, as screen passes those
// through unchanged.
//
// The package does no terminal I/O itself: it is pure Go and testable.
package clipboard

import (
	"encoding/base64"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strings"
)

// Method is how the text was handed over.
type Method int

// The methods.
const (
	// Native: a clipboard tool on this machine took the text.
	Native Method = iota + 1
	// OSC52: the text is in Result.Sequence for the terminal.
	OSC52
)

// OSC52Message is the Result message for OSC 52.
const OSC52Message = "sent to your terminal's clipboard (OSC 52) — paste to check; if nothing arrives, enable OSC 52 (tmux: set -s set-clipboard on)"

// Result says what Copy did.
type Result struct {
	Method Method
	// Tool is the clipboard tool that took the text (Native only).
	Tool string
	// Sequence is what to write to the terminal, raw (OSC52 only): hand it
	// to tea.Raw so it goes out in order with the frames.
	Sequence string
	// Message tells the user what happened, honestly.
	Message string
	// NativeErr is why the clipboard tool was not used or failed, if it was
	// tried (for logs; the user is told through Message).
	NativeErr error
}

// Env is what Copy decides from: the environment and the clipboard tool.
// The zero value is not useful; use System for the real one.
type Env struct {
	// Getenv reads the user's environment (over SSH: the one Bubble Tea
	// reports in tea.EnvMsg).
	Getenv func(string) string
	// GOOS is runtime.GOOS, settable for tests.
	GOOS string
	// Write puts text on the clipboard through a tool.
	Write func(string) error
	// Tool names the tool Write would use, "" when there is none.
	Tool func() string
}

// System is the real environment: os.Getenv, and the clipboard tool atotto/clipboard
// would pick, run with a clean environment (writeNative).
func System() Env {
	return Env{Getenv: os.Getenv, GOOS: runtime.GOOS, Write: writeNative, Tool: systemTool}
}

// FromEnviron is System with the environment given in os.Environ form,
// e.g. from tea.EnvMsg.
func FromEnviron(environ []string) Env {
	e := System()
	vars := map[string]string{}
	for _, kv := range environ {
		if k, v, ok := strings.Cut(kv, "="); ok {
			vars[k] = v
		}
	}
	e.Getenv = func(k string) string { return vars[k] }
	return e
}

// Copy copies text with the System environment.
func Copy(text string) Result { return System().Copy(text) }

// Copy copies text: with the clipboard tool on a local desktop, by OSC 52
// otherwise or when the tool fails.
func (e Env) Copy(text string) Result {
	var nativeErr error
	if reason := e.whyNotNative(); reason != "" {
		nativeErr = fmt.Errorf("clipboard tool not used: %s", reason)
	} else if err := e.Write(text); err != nil {
		nativeErr = fmt.Errorf("clipboard tool %s: %w", e.Tool(), err)
	} else {
		tool := e.Tool()
		return Result{Method: Native, Tool: tool, Message: fmt.Sprintf("copied to the clipboard (%s)", tool)}
	}
	return Result{Method: OSC52, Sequence: e.Sequence(text), Message: OSC52Message, NativeErr: nativeErr}
}

// whyNotNative is "" when a clipboard tool may reach the user's clipboard,
// otherwise why not.
func (e Env) whyNotNative() string {
	switch {
	case e.Getenv("SSH_CONNECTION") != "" || e.Getenv("SSH_TTY") != "":
		return "over SSH the tool would fill the remote machine's clipboard"
	case e.GOOS != "darwin" && e.GOOS != "windows" && e.Getenv("DISPLAY") == "" && e.Getenv("WAYLAND_DISPLAY") == "":
		return "no display (DISPLAY and WAYLAND_DISPLAY are unset)"
	case e.Write == nil || e.Tool == nil || e.Tool() == "":
		return "no clipboard tool found"
	}
	return ""
}

// Sequence is the OSC 52 sequence for text, wrapped for the multiplexer
// the environment shows.
func (e Env) Sequence(text string) string {
	seq := OSC52Sequence(text)
	switch {
	case e.Getenv("TMUX") != "":
		return seq + TmuxPassthrough(seq)
	case strings.HasPrefix(e.Getenv("TERM"), "screen"):
		return ScreenPassthrough(seq)
	}
	return seq
}

// OSC52Sequence sets the system clipboard to text: ESC ] 52 ; c ; <base64> BEL.
func OSC52Sequence(text string) string {
	return "\x1b]52;c;" + base64.StdEncoding.EncodeToString([]byte(text)) + "\x07"
}

// TmuxPassthrough wraps seq in tmux's DCS passthrough, doubling every ESC
// inside: ESC P tmux; <seq> ESC \.
func TmuxPassthrough(seq string) string {
	return "\x1bPtmux;" + strings.ReplaceAll(seq, "\x1b", "\x1b\x1b") + "\x1b\\"
}

// screenChunk is the largest DCS payload sent to GNU screen in one piece.
const screenChunk = 76

// ScreenPassthrough wraps seq in DCS sequences of at most 76 bytes each,
// which GNU screen passes to the outer terminal unchanged.
func ScreenPassthrough(seq string) string {
	var b strings.Builder
	for i := 0; i < len(seq); i += screenChunk {
		b.WriteString("\x1bP")
		b.WriteString(seq[i:min(i+screenChunk, len(seq))])
		b.WriteString("\x1b\\")
	}
	return b.String()
}

// systemTool names the tool atotto/clipboard uses, in its own order of
// preference, or "" when it has none.
func systemTool() string {
	candidates := []string{"xclip", "xsel", "termux-clipboard-set"}
	switch runtime.GOOS {
	case "darwin":
		return "pbcopy"
	case "windows":
		return "the Windows clipboard"
	}
	if os.Getenv("WAYLAND_DISPLAY") != "" {
		candidates = append([]string{"wl-copy"}, candidates...)
	}
	for _, c := range append(candidates, "clip.exe") {
		if _, err := exec.LookPath(c); err == nil {
			return c
		}
	}
	return ""
}
