package shellquote

import (
	"os/exec"
	"strings"
	"testing"
)

var shellCases = []struct{ in, want string }{
	{"bslwiz-prod-backups", "bslwiz-prod-backups"},
	{"/palette/", "/palette/"},
	{"arn:aws:iam::111122223333:role/x", "arn:aws:iam::111122223333:role/x"},
	{"a=b,c@d+e%f", "a=b,c@d+e%f"},
	{"", "''"},
	{"two words", "'two words'"},
	{"it's", `'it'\''s'`},
	{`say "hi"`, `'say "hi"'`},
	{"$HOME", "'$HOME'"},
	{"`id`", "'`id`'"},
	{"$(id)", "'$(id)'"},
	{"a\nb", "'a\nb'"},
	{"tab\there", "'tab\there'"},
	{"*", "'*'"},
	{"~root", "'~root'"},
	{"#comment", "'#comment'"},
	{"!event", "'!event'"},
	{"semi;colon", "'semi;colon'"},
	{"back\\slash", "'back\\slash'"},
	{"'", `''\'''`},
	{"café", "'café'"},
	{"{a,b}", "'{a,b}'"},
	{"-n", "-n"},
}

func TestQuote(t *testing.T) {
	for _, tt := range shellCases {
		if got := Quote(tt.in); got != tt.want {
			t.Errorf("Quote(%q) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

// TestQuoteRoundTripsThroughBash has bash print every quoted word back,
// one NUL-terminated word each, and compares with the originals.
func TestQuoteRoundTripsThroughBash(t *testing.T) {
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("bash is not installed")
	}
	var words []string
	var inputs []string
	for _, tt := range shellCases {
		words = append(words, Quote(tt.in))
		inputs = append(inputs, tt.in)
	}
	script := "set -u; printf '%s\\0' " + strings.Join(words, " ")
	out, err := exec.Command(bash, "--norc", "--noprofile", "-c", script).Output()
	if err != nil {
		t.Fatalf("bash: %v", err)
	}
	got := strings.Split(strings.TrimSuffix(string(out), "\x00"), "\x00")
	if len(got) != len(inputs) {
		t.Fatalf("bash printed %d words, want %d: %q", len(got), len(inputs), got)
	}
	for i := range inputs {
		if got[i] != inputs[i] {
			t.Errorf("bash read %s as %q, want %q", words[i], got[i], inputs[i])
		}
	}
}

func TestCommand(t *testing.T) {
	got := Command([]string{"aws", "iam", "get-role", "--role-name", "my role"})
	if want := "aws iam get-role --role-name 'my role'"; got != want {
		t.Errorf("shellCommand = %s, want %s", got, want)
	}
}

// unquoteShell reads back a word Quote wrote, with no shell: bare, or
// single-quoted runs joined by \'.
func unquoteShell(w string) (string, bool) {
	if safe(w) {
		return w, true
	}
	var b strings.Builder
	for w != "" {
		switch {
		case strings.HasPrefix(w, `\'`):
			b.WriteByte('\'')
			w = w[2:]
		case strings.HasPrefix(w, "'"):
			end := strings.IndexByte(w[1:], '\'')
			if end < 0 {
				return "", false
			}
			b.WriteString(w[1 : 1+end])
			w = w[end+2:]
		default:
			return "", false
		}
	}
	return b.String(), true
}

func FuzzShellQuote(f *testing.F) {
	for _, tt := range shellCases {
		f.Add(tt.in)
	}
	f.Fuzz(func(t *testing.T, s string) {
		q := Quote(s)
		got, ok := unquoteShell(q)
		if !ok || got != s {
			t.Fatalf("Quote(%q) = %s, which reads back as %q (ok=%v)", s, q, got, ok)
		}
	})
}
