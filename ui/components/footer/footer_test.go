package footer

import (
	"strings"
	"testing"

	"charm.land/bubbles/v2/key"

	"github.com/bslwiz/bslwiz/ui/clipboard"
	"github.com/bslwiz/bslwiz/ui/internal/uitest"
	"github.com/bslwiz/bslwiz/ui/keys"
	"github.com/bslwiz/bslwiz/ui/theme"
)

type staticKeys []key.Binding

func (s staticKeys) ShortHelp() []key.Binding  { return s }
func (s staticKeys) FullHelp() [][]key.Binding { return [][]key.Binding{s} }

func TestFooterGolden(t *testing.T) {
	for _, v := range uitest.Variants {
		for _, full := range []bool{false, true} {
			name := v.Name + "/short"
			if full {
				name = v.Name + "/full"
			}
			t.Run(name, func(t *testing.T) {
				km := keys.Default()
				m := New(v.Theme(), km)
				m.SetSize(v.Width, 10)
				m.SetStatus(clipboard.OSC52Message)
				if full {
					m.Update(uitest.Key('?'))
				}
				uitest.Golden(t, v, m.View())
			})
		}
	}
}

func TestHelpKeyToggles(t *testing.T) {
	m := New(theme.New(true, true), keys.Default())
	m.SetSize(120, 10)
	short := m.View()
	m.Update(uitest.Key('?'))
	if !m.ShowingAll() || m.View() == short || !strings.Contains(uitest.Plain(m.View()), "write to file") {
		t.Fatalf("? did not open the full help:\n%s", uitest.Plain(m.View()))
	}
	m.Update(uitest.Key('?'))
	if m.ShowingAll() || m.View() != short {
		t.Error("? did not close the full help")
	}
}

func TestCombinedKeysAndNarrowWidth(t *testing.T) {
	km := keys.Default()
	m := New(theme.New(true, true), km)
	m.SetKeys(keys.Combine(staticKeys{km.Retry, km.Copy, km.WriteFile}, km))
	for _, w := range []int{120, 60, 20} {
		m.SetSize(w, 5)
		view := m.View()
		uitest.RequireFits(t, view, w, 5)
		if w == 120 && !strings.Contains(uitest.Plain(view), "r retry · c copy · w write to file · ? more keys · ctrl+c quit") {
			t.Errorf("short help:\n%s", uitest.Plain(view))
		}
	}
	if m.Height() != 1 {
		t.Errorf("Height() = %d, want 1 with no status", m.Height())
	}
}

// TestShortHelpKeepsTheFrameKeys: when a screen's keys do not fit, its last
// ones give way; "more keys" and "quit" always show.
func TestShortHelpKeepsTheFrameKeys(t *testing.T) {
	km := keys.Default()
	m := New(theme.New(true, true), km)
	m.SetKeys(keys.Combine(staticKeys{km.Confirm, km.Cancel, km.Down, km.PageDown, km.Up}, km))
	for _, w := range []int{120, 80, 60} {
		m.SetSize(w, 5)
		view := uitest.Plain(m.View())
		uitest.RequireFits(t, m.View(), w, 5)
		for _, want := range []string{"y/enter confirm", "? more keys", "ctrl+c quit"} {
			if !strings.Contains(view, want) {
				t.Errorf("%d columns: %q is missing: %s", w, want, view)
			}
		}
		if w == 120 && !strings.Contains(view, "pgdn page down · ↑/k up") {
			t.Errorf("%d columns: every key fits: %s", w, view)
		}
	}
}
