package form

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/bslwiz/bslwiz/ui/internal/uitest"
	"github.com/bslwiz/bslwiz/ui/theme"
)

// FuzzFormInput drives a form with arbitrary input — each byte is a key or a
// navigation, the text is also pasted — and checks that it never panics,
// never draws outside its box, and never shows the masked value.
func FuzzFormInput(f *testing.F) {
	f.Add("My_Bucket\tus-\x01\x02\t \t/etc/ssl/minio-ca.pem\thunter22\r", uint8(60))
	f.Add("\x1b[2J\u00e9\u65e5\u672c\t\t\t\t\thunter22\r\r", uint8(20))
	f.Add("\x03\x04\x05\x06\x07\x08", uint8(80))
	f.Fuzz(func(t *testing.T, input string, width uint8) {
		w := int(width)%120 + 10
		m := newTestForm(theme.New(true, false))
		m.SetSize(w, 16)
		for _, r := range input {
			var msg tea.Msg
			switch r {
			case '\t':
				msg = uitest.Key(tea.KeyTab)
			case '\x01':
				msg = uitest.Key(tea.KeyDown)
			case '\x02':
				msg = uitest.Key(tea.KeyUp)
			case '\x03':
				msg = uitest.Shift(tea.KeyTab)
			case '\x04':
				msg = uitest.Ctrl('v')
			case '\x05':
				msg = uitest.Ctrl('u')
			case '\x06':
				msg = uitest.Key(tea.KeyBackspace)
			case '\r':
				msg = uitest.Key(tea.KeyEnter)
			default:
				msg = uitest.Key(r)
			}
			send(t, m, msg)
		}
		send(t, m, tea.PasteMsg{Content: input})
		view := m.View()
		uitest.RequireFits(t, view, w, 16)
		// The masked field draws only its prompt, mask glyphs and padding.
		in := m.Field("apiKey").(*Input)
		for _, line := range in.render(w, 16, true) {
			if rest := strings.Trim(uitest.Plain(line), "> •"); rest != "" {
				t.Fatalf("masked field draws %q (value %q)", rest, in.Value())
			}
		}
	})
}
