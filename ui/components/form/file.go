package form

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/bslwiz/bslwiz/ui/keys"
	"github.com/bslwiz/bslwiz/ui/theme"
)

// MaxFileSize caps what a FilePath reads: a CA bundle is a few KiB, so a
// bigger file is almost certainly the wrong one.
const MaxFileSize = 1 << 20

// ReadFunc reads the file at path. The default expands a leading "~/" and
// refuses files over MaxFileSize.
type ReadFunc func(path string) ([]byte, error)

// FilePath is a field holding a path; the file is read off the UI loop and
// the validator runs on its content. The screen shows the path.
type FilePath struct {
	fieldBase
	ti       textinput.Model
	read     ReadFunc
	optional bool

	seq     int    // bumped on each path change; a read of an older seq is stale
	reading bool   // a read of the current path is in flight
	path    string // path the content came from
	content string
	size    int
	readErr error
}

// fileReadMsg carries a finished read back to its field.
type fileReadMsg struct {
	field   *FilePath
	seq     int
	content []byte
	err     error
}

// errReading blocks a submit while the file is being read.
var errReading = errors.New("reading the file…")

// NewFilePath returns a file path field.
func NewFilePath(key, label string) *FilePath {
	return &FilePath{fieldBase: fieldBase{key: key, label: label}, ti: newTextInput(), read: readFile}
}

// Help sets the help line shown under the focused field.
func (f *FilePath) Help(text string) *FilePath { f.help = text; return f }

// Placeholder sets the text shown while the path is empty.
func (f *FilePath) Placeholder(text string) *FilePath { f.ti.Placeholder = text; return f }

// Validate sets the validator run on the file's content.
func (f *FilePath) Validate(v Validator) *FilePath { f.validator = v; return f }

// Optional lets the path stay empty (no file, empty content).
func (f *FilePath) Optional() *FilePath { f.optional = true; f.validate(); return f }

// Reader replaces how the file is read (tests, or a sandboxed file system).
func (f *FilePath) Reader(r ReadFunc) *FilePath { f.read = r; return f }

// Default sets the initial path. Its file is read when the form starts
// (see Model.Init).
func (f *FilePath) Default(path string) *FilePath { f.ti.SetValue(path); return f }

// Value implements Field: the content of the file, "" when no file is read.
func (f *FilePath) Value() string { return f.content }

// Path is the path typed in the field.
func (f *FilePath) Path() string { return strings.TrimSpace(f.ti.Value()) }

func (f *FilePath) setup(th *theme.Theme, km keys.KeyMap) {
	f.fieldBase.setup(th, km)
	styleTextInput(&f.ti, th)
}

// load starts reading the current path, or settles an empty one at once.
func (f *FilePath) load() tea.Cmd {
	f.seq++
	f.content, f.size, f.readErr, f.path = "", 0, nil, ""
	path := f.Path()
	if path == "" {
		f.reading = false
		f.validate()
		return nil
	}
	f.reading = true
	f.validate()
	seq, read := f.seq, f.read
	return func() tea.Msg {
		b, err := read(path)
		return fileReadMsg{field: f, seq: seq, content: b, err: err}
	}
}

// settle records a finished read; it reports false for a stale one.
func (f *FilePath) settle(msg fileReadMsg) bool {
	if msg.seq != f.seq {
		return false
	}
	f.reading = false
	f.path = f.Path()
	if msg.err != nil {
		f.readErr = msg.err
	} else {
		f.content, f.size = string(msg.content), len(msg.content)
	}
	f.validate()
	return true
}

func (f *FilePath) validate() {
	f.err = nil
	switch {
	case f.reading:
		f.err = errReading
	case f.Path() == "":
		if !f.optional {
			f.err = errors.New("a file path is required")
		}
	case f.readErr != nil:
		f.err = f.readErr
	case f.validator != nil:
		f.err = f.validator(f.content)
	}
}

func (f *FilePath) update(msg tea.Msg) tea.Cmd {
	var cmd tea.Cmd
	f.ti, cmd = f.ti.Update(msg)
	return cmd
}

func (f *FilePath) focus() tea.Cmd         { return f.ti.Focus() }
func (f *FilePath) blur()                  { f.ti.Blur() }
func (f *FilePath) takesText() bool        { return true }
func (f *FilePath) setWidth(w int)         { f.ti.SetWidth(inputWidth(w)) }
func (f *FilePath) keyHelp() []key.Binding { return nil }

func (f *FilePath) render(_, height int, _ bool) []string {
	lines := []string{f.ti.View()}
	if f.Path() != "" && !f.reading && f.readErr == nil && height > 1 {
		lines = append(lines, f.th.Muted.Render(fmt.Sprintf("  read %s from %s", humanSize(f.size), f.path)))
	}
	return lines
}

func humanSize(n int) string {
	if n < 1024 {
		return fmt.Sprintf("%d bytes", n)
	}
	return fmt.Sprintf("%.1f KiB", float64(n)/1024)
}

// readFile is the default ReadFunc.
func readFile(path string) ([]byte, error) {
	if rest, ok := strings.CutPrefix(path, "~/"); ok {
		home, err := os.UserHomeDir()
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", path, err)
		}
		path = filepath.Join(home, rest)
	}
	file, err := os.Open(path)
	if err != nil {
		// Drop PathError's own "open <path>:" so the path shows once.
		if pe := (*fs.PathError)(nil); errors.As(err, &pe) {
			err = pe.Err
		}
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	defer file.Close()
	st, err := file.Stat()
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	if st.IsDir() {
		return nil, fmt.Errorf("read %s: it is a directory, not a file", path)
	}
	b, err := io.ReadAll(io.LimitReader(file, MaxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	if len(b) > MaxFileSize {
		return nil, fmt.Errorf("read %s: larger than %d KiB; a CA certificate is a few KiB", path, MaxFileSize/1024)
	}
	return b, nil
}
