package keys

import (
	"testing"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

func TestDefaultMatchesTheDocumentedKeys(t *testing.T) {
	k := Default()
	tests := []struct {
		name    string
		msg     tea.KeyPressMsg
		binding key.Binding
	}{
		{"tab is next", tea.KeyPressMsg{Code: tea.KeyTab}, k.Next},
		{"shift+tab is previous", tea.KeyPressMsg{Code: tea.KeyTab, Mod: tea.ModShift}, k.Prev},
		{"enter submits", tea.KeyPressMsg{Code: tea.KeyEnter}, k.Submit},
		{"y confirms", tea.KeyPressMsg{Code: 'y', Text: "y"}, k.Confirm},
		{"enter confirms", tea.KeyPressMsg{Code: tea.KeyEnter}, k.Confirm},
		{"esc backs out", tea.KeyPressMsg{Code: tea.KeyEscape}, k.Cancel},
		{"r retries", tea.KeyPressMsg{Code: 'r', Text: "r"}, k.Retry},
		{"? is help", tea.KeyPressMsg{Code: '?', Text: "?"}, k.Help},
		{"ctrl+c quits", tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl}, k.Quit},
		{"pgdown pages", tea.KeyPressMsg{Code: tea.KeyPgDown}, k.PageDown},
		{"j is down", tea.KeyPressMsg{Code: 'j', Text: "j"}, k.Down},
		{"space toggles", tea.KeyPressMsg{Code: tea.KeySpace, Text: " "}, k.Toggle},
		{"home", tea.KeyPressMsg{Code: tea.KeyHome}, k.Home},
		{"end", tea.KeyPressMsg{Code: tea.KeyEnd}, k.End},
	}
	for _, tt := range tests {
		if !key.Matches(tt.msg, tt.binding) {
			t.Errorf("%s: %q does not match %v", tt.name, tt.msg.String(), tt.binding.Keys())
		}
	}
}

func TestEveryBindingHasHelp(t *testing.T) {
	for _, group := range Default().FullHelp() {
		for _, b := range group {
			if b.Help().Key == "" || b.Help().Desc == "" {
				t.Errorf("binding %v has no help text", b.Keys())
			}
		}
	}
}

func TestCombineKeepsOrder(t *testing.T) {
	k := Default()
	c := Combine(nil, staticMap{k.Retry}, k)
	short := c.ShortHelp()
	if len(short) != 3 || short[0].Help().Key != "r" || short[2].Help().Key != "ctrl+c" {
		t.Fatalf("Combine short help = %v", short)
	}
	if got, want := len(c.FullHelp()), 1+len(k.FullHelp()); got != want {
		t.Errorf("Combine full help has %d groups, want %d", got, want)
	}
}

type staticMap []key.Binding

func (s staticMap) ShortHelp() []key.Binding  { return s }
func (s staticMap) FullHelp() [][]key.Binding { return [][]key.Binding{s} }
