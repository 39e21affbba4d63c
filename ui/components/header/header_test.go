package header

import (
	"strings"
	"testing"

	"github.com/bslwiz/bslwiz/ui/internal/uitest"
	"github.com/bslwiz/bslwiz/ui/theme"
)

var sandboxInfo = Info{
	PaletteEndpoint: "http://127.0.0.1:41234",
	PaletteProject:  "Default",
	CallerARN:       "arn:aws:iam::111122223333:user/admin",
	Account:         "111122223333",
	Partition:       "aws",
	Sandbox:         true,
}

func TestHeaderGolden(t *testing.T) {
	cases := map[string]Info{
		"sandbox":    sandboxInfo,
		"gov":        {PaletteEndpoint: "https://palette.example.gov", PaletteProject: "Platform", CallerARN: "arn:aws-us-gov:sts::111122223333:assumed-role/Admin/alice@example.gov", Account: "111122223333", Partition: "aws-us-gov"},
		"connecting": {},
	}
	for name, info := range cases {
		for _, v := range uitest.Variants {
			t.Run(name+"/"+v.Name, func(t *testing.T) {
				m := New(v.Theme())
				m.SetInfo(info)
				m.SetSize(v.Width, v.Height)
				uitest.Golden(t, v, m.View())
			})
		}
	}
}

func TestHeaderShowsWhoYouAre(t *testing.T) {
	m := New(theme.New(true, true))
	m.SetInfo(sandboxInfo)
	m.SetSize(120, 3)
	out := uitest.Plain(m.View())
	for _, want := range []string{"http://127.0.0.1:41234", "project Default", sandboxInfo.CallerARN, "account 111122223333", "partition aws", SandboxText} {
		if !strings.Contains(out, want) {
			t.Errorf("header lacks %q:\n%s", want, out)
		}
	}
	if n := strings.Count(out, "\n") + 1; n != 2 {
		t.Errorf("at 120 columns the badge should share the Palette line; got %d lines:\n%s", n, out)
	}
}

func TestHeaderNarrowMovesBadgeAndTruncates(t *testing.T) {
	m := New(theme.New(true, true))
	m.SetInfo(sandboxInfo)
	for _, w := range []int{80, 60, 40, 20} {
		m.SetSize(w, 3)
		view := m.View()
		uitest.RequireFits(t, view, w, 4)
		if got := strings.Count(view, "\n") + 1; got != m.Height() {
			t.Errorf("width %d: Height() = %d but View has %d lines", w, m.Height(), got)
		}
		if !strings.Contains(uitest.Plain(view), "SANDBOX") {
			t.Errorf("width %d: badge lost:\n%s", w, uitest.Plain(view))
		}
		if w >= 40 && !strings.Contains(uitest.Plain(view), "account 111122223333") {
			t.Errorf("width %d: account pushed out of sight:\n%s", w, uitest.Plain(view))
		}
	}
}

func TestHeaderASCIIUsesNoUnicode(t *testing.T) {
	m := New(theme.FromCapabilities(true, theme.Capabilities{ASCII: true, NoColor: true}))
	m.SetInfo(sandboxInfo)
	m.SetSize(60, 3)
	for _, r := range uitest.Plain(m.View()) {
		if r > 0x7e {
			t.Fatalf("ASCII header draws %q:\n%s", r, uitest.Plain(m.View()))
		}
	}
}
