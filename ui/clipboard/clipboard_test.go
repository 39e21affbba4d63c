package clipboard

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

const arn = "arn:aws:iam::111122223333:role/bslwiz-velero"

// osc is OSC 52 for arn, spelled out byte by byte.
const osc = "\x1b]52;c;YXJuOmF3czppYW06OjExMTEyMjIyMzMzMzpyb2xlL2JzbHdpei12ZWxlcm8=\x07"

// fakeEnv is an Env over a map, with a clipboard tool that records what it
// was given or fails with toolErr.
type fakeEnv struct {
	vars    map[string]string
	goos    string
	tool    string
	toolErr error
	got     *string
}

func (f fakeEnv) env() Env {
	return Env{
		Getenv: func(k string) string { return f.vars[k] },
		GOOS:   f.goos,
		Tool:   func() string { return f.tool },
		Write: func(s string) error {
			if f.toolErr != nil {
				return f.toolErr
			}
			*f.got = s
			return nil
		},
	}
}

func TestCopyDecides(t *testing.T) {
	noDisplay := errors.New("exit status 1")
	tests := []struct {
		name     string
		vars     map[string]string
		goos     string
		tool     string
		toolErr  error
		method   Method
		sequence string
		message  string
		why      string
	}{
		{name: "local X desktop with xclip", vars: map[string]string{"DISPLAY": ":0"}, goos: "linux", tool: "xclip",
			method: Native, message: "copied to the clipboard (xclip)"},
		{name: "local Wayland desktop", vars: map[string]string{"WAYLAND_DISPLAY": "wayland-0"}, goos: "linux", tool: "wl-copy",
			method: Native, message: "copied to the clipboard (wl-copy)"},
		{name: "macOS has no DISPLAY but a clipboard", vars: map[string]string{}, goos: "darwin", tool: "pbcopy",
			method: Native, message: "copied to the clipboard (pbcopy)"},
		{name: "over SSH with X forwarding", vars: map[string]string{"DISPLAY": "localhost:10.0", "SSH_CONNECTION": "10.0.0.1 5000 10.0.0.2 22"}, goos: "linux", tool: "xclip",
			method: OSC52, sequence: osc, message: OSC52Message, why: "over SSH"},
		{name: "SSH_TTY alone counts as SSH", vars: map[string]string{"DISPLAY": ":0", "SSH_TTY": "/dev/pts/3"}, goos: "linux", tool: "xclip",
			method: OSC52, sequence: osc, message: OSC52Message, why: "over SSH"},
		{name: "console with no display", vars: map[string]string{}, goos: "linux", tool: "xclip",
			method: OSC52, sequence: osc, message: OSC52Message, why: "no display"},
		{name: "desktop without a tool", vars: map[string]string{"DISPLAY": ":0"}, goos: "linux", tool: "",
			method: OSC52, sequence: osc, message: OSC52Message, why: "no clipboard tool"},
		{name: "tool fails (xclip cannot open display)", vars: map[string]string{"DISPLAY": ":0"}, goos: "linux", tool: "xclip", toolErr: noDisplay,
			method: OSC52, sequence: osc, message: OSC52Message, why: "clipboard tool xclip: exit status 1"},
		{name: "bastion in tmux", vars: map[string]string{"SSH_CONNECTION": "x", "TMUX": "/tmp/tmux-0/default,123,0", "TERM": "tmux-256color"}, goos: "linux",
			method: OSC52, sequence: osc + "\x1bPtmux;\x1b\x1b]52;c;YXJuOmF3czppYW06OjExMTEyMjIyMzMzMzpyb2xlL2JzbHdpei12ZWxlcm8=\x07\x1b\\", message: OSC52Message, why: "over SSH"},
		{name: "tmux wins over TERM=screen", vars: map[string]string{"SSH_TTY": "x", "TMUX": "/tmp/t", "TERM": "screen-256color"}, goos: "linux",
			method: OSC52, sequence: osc + TmuxPassthrough(osc), message: OSC52Message, why: "over SSH"},
		{name: "bastion in GNU screen", vars: map[string]string{"SSH_TTY": "x", "TERM": "screen.xterm-256color"}, goos: "linux",
			method:   OSC52,
			sequence: "\x1bP\x1b]52;c;YXJuOmF3czppYW06OjExMTEyMjIyMzMzMzpyb2xlL2JzbHdpei12ZWxlcm8=\x07\x1b\\",
			message:  OSC52Message, why: "over SSH"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got string
			r := fakeEnv{vars: tt.vars, goos: tt.goos, tool: tt.tool, toolErr: tt.toolErr, got: &got}.env().Copy(arn)
			if r.Method != tt.method || r.Sequence != tt.sequence || r.Message != tt.message {
				t.Errorf("Copy = {%v %q %q}, want {%v %q %q}", r.Method, r.Sequence, r.Message, tt.method, tt.sequence, tt.message)
			}
			if tt.method == Native {
				if got != arn || r.Tool != tt.tool || r.NativeErr != nil {
					t.Errorf("tool got %q, Tool %q, NativeErr %v", got, r.Tool, r.NativeErr)
				}
				return
			}
			if strings.Contains(r.Message, "copied") {
				t.Errorf("OSC 52 reported as copied: %q", r.Message)
			}
			if r.NativeErr == nil || !strings.Contains(r.NativeErr.Error(), tt.why) {
				t.Errorf("NativeErr = %v, want it to mention %q", r.NativeErr, tt.why)
			}
			if !errors.Is(r.NativeErr, tt.toolErr) && tt.toolErr != nil {
				t.Errorf("NativeErr does not wrap the tool's error: %v", r.NativeErr)
			}
		})
	}
}

func TestSequencesMatchTheAnsiPackage(t *testing.T) {
	for _, text := range []string{"", "x", arn, strings.Repeat("arn:aws:iam::111122223333:role/", 20)} {
		seq := OSC52Sequence(text)
		if want := ansi.SetSystemClipboard(text); text != "" && seq != want {
			t.Errorf("OSC52Sequence(%q) = %q, x/ansi says %q", text, seq, want)
		}
		if got, want := TmuxPassthrough(seq), ansi.TmuxPassthrough(seq); got != want {
			t.Errorf("TmuxPassthrough = %q, x/ansi says %q", got, want)
		}
		if got, want := ScreenPassthrough(seq), ansi.ScreenPassthrough(seq, 76); got != want {
			t.Errorf("ScreenPassthrough = %q, x/ansi says %q", got, want)
		}
	}
}

func TestScreenChunksAreAtMost76Bytes(t *testing.T) {
	long := strings.Repeat("arn:aws:iam::111122223333:role/path/", 10)
	out := ScreenPassthrough(OSC52Sequence(long))
	chunks := strings.Split(strings.TrimSuffix(strings.TrimPrefix(out, "\x1bP"), "\x1b\\"), "\x1b\\\x1bP")
	if len(chunks) < 2 {
		t.Fatalf("expected several chunks, got %d", len(chunks))
	}
	var joined strings.Builder
	for i, c := range chunks {
		if len(c) > 76 {
			t.Errorf("chunk %d is %d bytes", i, len(c))
		}
		joined.WriteString(c)
	}
	if joined.String() != OSC52Sequence(long) {
		t.Error("the chunks do not add up to the sequence")
	}
}

func TestFromEnviron(t *testing.T) {
	e := FromEnviron([]string{"SSH_TTY=/dev/pts/1", "TMUX=/tmp/x", "EMPTY="})
	if e.Getenv("SSH_TTY") != "/dev/pts/1" || e.Getenv("TMUX") != "/tmp/x" || e.Getenv("DISPLAY") != "" {
		t.Error("FromEnviron does not read the given environment")
	}
	r := e.Copy(arn)
	if r.Method != OSC52 || !strings.HasPrefix(r.Sequence, osc+"\x1bPtmux;") {
		t.Errorf("over SSH in tmux: %+v", r)
	}
}

func TestWriteFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "role-arn.txt")
	if err := os.WriteFile(path, []byte("old and longer content\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := WriteFile(path, arn); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(path)
	if err != nil || string(b) != arn+"\n" {
		t.Fatalf("file holds %q, %v", b, err)
	}
	st, _ := os.Stat(path)
	if st.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, want 0600", st.Mode().Perm())
	}
	err = WriteFile(filepath.Join(dir, "no", "such", "dir", "arn"), arn)
	if err == nil || !strings.Contains(err.Error(), "write "+filepath.Join(dir, "no")) {
		t.Errorf("error %v should name the path", err)
	}
}
