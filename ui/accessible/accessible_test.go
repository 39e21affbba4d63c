package accessible

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/creack/pty"
)

func bucketName(s string) error {
	if strings.ToLower(s) != s {
		return fmt.Errorf("bucket name %q: uppercase letters are not allowed", s)
	}
	if len(s) < 3 {
		return fmt.Errorf("bucket name %q: must be 3 to 63 characters long", s)
	}
	return nil
}

func accountID(s string) error {
	if len(s) != 12 {
		return fmt.Errorf("account ID %q: must be exactly 12 digits", s)
	}
	return nil
}

func TestTextRepromptsWithTheRule(t *testing.T) {
	var out bytes.Buffer
	p := New(strings.NewReader("My_Bucket\nab\nacme-velero-backups\n"), &out)
	got, err := p.Text(Question{Label: "S3 bucket", Help: "The bucket in Account B.", Validate: bucketName})
	if err != nil || got != "acme-velero-backups" {
		t.Fatalf("Text = %q, %v", got, err)
	}
	want := "The bucket in Account B.\nS3 bucket: " +
		`Not accepted: bucket name "My_Bucket": uppercase letters are not allowed. Try again.` + "\n" +
		"The bucket in Account B.\nS3 bucket: " +
		`Not accepted: bucket name "ab": must be 3 to 63 characters long. Try again.` + "\n" +
		"The bucket in Account B.\nS3 bucket: "
	if out.String() != want {
		t.Errorf("output:\n%s\nwant:\n%s", out.String(), want)
	}
	if strings.Contains(out.String(), "\x1b") {
		t.Error("accessible output contains escape sequences")
	}
}

func TestTextDefaultAndEOF(t *testing.T) {
	tests := []struct {
		name, input, def, want string
		wantErr                error
	}{
		{"empty takes the default", "\n", "bslwiz-velero", "bslwiz-velero", nil},
		{"answer replaces the default", "my-role\n", "bslwiz-velero", "my-role", nil},
		{"CRLF line ending", "my-role\r\n", "", "my-role", nil},
		{"last line without newline", "my-role", "", "my-role", nil},
		{"no input at all", "", "", "", ErrNoInput},
		{"input ends after bad answers", "X\n", "", "", ErrNoInput},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out bytes.Buffer
			p := New(strings.NewReader(tt.input), &out)
			got, err := p.Text(Question{Label: "Role name", Default: tt.def, Validate: func(s string) error {
				if s == "X" || s == "" {
					return errors.New("bad")
				}
				return nil
			}})
			if !errors.Is(err, tt.wantErr) || got != tt.want {
				t.Errorf("Text = %q, %v; want %q, %v", got, err, tt.want, tt.wantErr)
			}
			if tt.def != "" && !strings.Contains(out.String(), "[default: "+tt.def+"]") {
				t.Errorf("default not shown: %q", out.String())
			}
		})
	}
}

func TestSecretFromAPipeIsReadAsALineAndNeverPrinted(t *testing.T) {
	var out bytes.Buffer
	p := New(strings.NewReader("short\nlong-enough-key\n"), &out)
	got, err := p.Secret(Question{Label: "Palette API key", Validate: func(s string) error {
		if len(s) < 8 {
			return fmt.Errorf("API key %q: too short", s)
		}
		return nil
	}})
	if err != nil || got != "long-enough-key" {
		t.Fatalf("Secret = %q, %v", got, err)
	}
	if strings.Contains(out.String(), "short") && !strings.Contains(out.String(), `"[redacted]"`) {
		t.Errorf("refusal printed the secret: %q", out.String())
	}
	if strings.Contains(out.String(), "long-enough-key") || strings.Contains(out.String(), `"short"`) {
		t.Errorf("secret printed: %q", out.String())
	}
	if !strings.Contains(out.String(), "input is not a terminal, so it is not hidden") {
		t.Errorf("the prompt should say the input is not hidden: %q", out.String())
	}
}

func TestSecretOnATerminalUsesNoEcho(t *testing.T) {
	var out bytes.Buffer
	p := New(strings.NewReader(""), &out)
	var calls int
	p.tty, p.fd = true, 42
	p.readPassword = func(fd uintptr) ([]byte, error) {
		calls++
		if fd != 42 {
			t.Errorf("read from fd %d", fd)
		}
		return []byte("hunter22-key"), nil
	}
	got, err := p.Secret(Question{Label: "Palette API key"})
	if err != nil || got != "hunter22-key" || calls != 1 {
		t.Fatalf("Secret = %q, %v after %d reads", got, err, calls)
	}
	if out.String() != "Palette API key (input hidden): \n" {
		t.Errorf("output %q", out.String())
	}
}

// TestSecretOnARealPty runs ReadPassword on a pseudo-terminal and checks
// that what is typed is not echoed back to the terminal.
func TestSecretOnARealPty(t *testing.T) {
	ptmx, tty, err := pty.Open()
	if err != nil {
		t.Skipf("no pty here: %v", err)
	}
	defer ptmx.Close()
	defer tty.Close()

	echoed := make(chan string, 1)
	go func() {
		var b bytes.Buffer
		buf := make([]byte, 256)
		for {
			n, err := ptmx.Read(buf)
			b.Write(buf[:n])
			if err != nil || strings.Contains(b.String(), "\n") {
				echoed <- b.String()
				return
			}
		}
	}()

	var out syncBuffer
	p := New(tty, &out)
	if !p.tty {
		t.Fatal("a pty slave was not recognised as a terminal")
	}
	type result struct {
		s   string
		err error
	}
	done := make(chan result, 1)
	go func() {
		s, err := p.Secret(Question{Label: "Palette API key"})
		done <- result{s, err}
	}()
	// Wait until echo is off before typing, as a user would see the prompt.
	deadline := time.Now().Add(5 * time.Second)
	for !strings.Contains(out.String(), "(input hidden)") && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	time.Sleep(20 * time.Millisecond)
	if _, err := io.WriteString(ptmx, "pty-secret-123\n"); err != nil {
		t.Fatal(err)
	}
	select {
	case r := <-done:
		if r.err != nil || r.s != "pty-secret-123" {
			t.Fatalf("Secret = %q, %v", r.s, r.err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Secret did not return")
	}
	tty.Close() // ends the echo reader
	select {
	case e := <-echoed:
		if strings.Contains(e, "pty-secret") {
			t.Errorf("the terminal echoed the secret: %q", e)
		}
	case <-time.After(5 * time.Second):
	}
}

// syncBuffer is a bytes.Buffer safe to read while another goroutine writes.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestConfirm(t *testing.T) {
	tests := []struct {
		input string
		def   bool
		want  bool
	}{
		{"y\n", false, true}, {"YES\n", false, true}, {"n\n", true, false}, {"\n", true, true}, {"\n", false, false}, {"maybe\ny\n", false, true},
	}
	for _, tt := range tests {
		var out bytes.Buffer
		got, err := New(strings.NewReader(tt.input), &out).Confirm("Create the role", tt.def)
		if err != nil || got != tt.want {
			t.Errorf("Confirm(%q, def=%v) = %v, %v", tt.input, tt.def, got, err)
		}
	}
	var out bytes.Buffer
	New(strings.NewReader("maybe\ny\n"), &out).Confirm("Create the role", false)
	if !strings.Contains(out.String(), "Create the role (y/N): Not accepted: answer y or n.") {
		t.Errorf("output %q", out.String())
	}
}

var regions = []Option{{"us-east-1", "US East (N. Virginia)"}, {"us-east-2", "US East (Ohio)"}, {"eu-west-1", "Europe (Ireland)"}}

func TestSelect(t *testing.T) {
	tests := []struct {
		name, input, def, want string
	}{
		{"by number", "2\n", "", "us-east-2"},
		{"by value, any case", "EU-WEST-1\n", "", "eu-west-1"},
		{"by unique prefix", "eu\n", "", "eu-west-1"},
		{"default", "\n", "us-east-2", "us-east-2"},
		{"ambiguous then number", "us-east\n1\n", "", "us-east-1"},
		{"out of range then value", "9\nus-east-1\n", "", "us-east-1"},
		{"list then choose", "?\n3\n", "", "eu-west-1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out bytes.Buffer
			got, err := New(strings.NewReader(tt.input), &out).Select(Question{Label: "Region", Default: tt.def}, regions)
			if err != nil || got != tt.want {
				t.Errorf("Select = %q, %v; output:\n%s", got, err, out.String())
			}
		})
	}
	var out bytes.Buffer
	New(strings.NewReader("us-east\n1\n"), &out).Select(Question{Label: "Region"}, regions)
	if !strings.Contains(out.String(), `"us-east" could be us-east-1, us-east-2`) || !strings.Contains(out.String(), "  2) us-east-2 - US East (Ohio)") {
		t.Errorf("output:\n%s", out.String())
	}
}

func TestSelectRunsTheValidator(t *testing.T) {
	var out bytes.Buffer
	got, err := New(strings.NewReader("3\n1\n"), &out).Select(Question{Label: "Region", Validate: func(s string) error {
		if !strings.HasPrefix(s, "us-") {
			return fmt.Errorf("region %q: not in partition aws-us-gov", s)
		}
		return nil
	}}, regions)
	if err != nil || got != "us-east-1" || !strings.Contains(out.String(), `region "eu-west-1": not in partition`) {
		t.Errorf("Select = %q, %v; output:\n%s", got, err, out.String())
	}
}

func TestStatusSpellsItOut(t *testing.T) {
	var out bytes.Buffer
	p := New(strings.NewReader(""), &out)
	p.Status("ok", "Bucket exists", "found in us-east-2")
	p.Status("fail", "Role name", "")
	if out.String() != "[ok] Bucket exists: found in us-east-2\n[fail] Role name\n" {
		t.Errorf("output %q", out.String())
	}
}

func TestAccountIDExample(t *testing.T) {
	var out bytes.Buffer
	got, err := New(strings.NewReader("44445555666\n444455556666\n"), &out).Text(Question{Label: "Account A", Validate: accountID})
	if err != nil || got != "444455556666" || !strings.Contains(out.String(), "must be exactly 12 digits") {
		t.Errorf("Text = %q, %v; output %q", got, err, out.String())
	}
}
