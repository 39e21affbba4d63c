package theme

import (
	"reflect"
	"strings"
	"testing"
)

func TestDetect(t *testing.T) {
	tests := []struct {
		name string
		env  []string
		want Capabilities
	}{
		{"xterm with colour", []string{"TERM=xterm-256color"}, Capabilities{}},
		{"NO_COLOR=1", []string{"TERM=xterm-256color", "NO_COLOR=1"}, Capabilities{NoColor: true}},
		{"NO_COLOR any non-empty value", []string{"NO_COLOR=no"}, Capabilities{NoColor: true}},
		{"NO_COLOR empty is unset", []string{"NO_COLOR="}, Capabilities{}},
		{"vt100", []string{"TERM=vt100"}, Capabilities{ASCII: true}},
		{"vt220 variant", []string{"TERM=vt220-am"}, Capabilities{ASCII: true}},
		{"linux console", []string{"TERM=linux"}, Capabilities{ASCII: true}},
		{"dumb", []string{"TERM=dumb"}, Capabilities{ASCII: true}},
		{"vt100 prefix is not enough", []string{"TERM=vt100x"}, Capabilities{}},
		{"tmux", []string{"TERM=tmux-256color"}, Capabilities{}},
		{"later entry wins", []string{"TERM=linux", "TERM=xterm"}, Capabilities{}},
		{"LANG=C does not force ASCII", []string{"TERM=xterm", "LANG=C"}, Capabilities{}},
		{"both", []string{"TERM=linux", "NO_COLOR=true"}, Capabilities{NoColor: true, ASCII: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Detect(tt.env); got != tt.want {
				t.Errorf("Detect(%q) = %+v, want %+v", tt.env, got, tt.want)
			}
		})
	}
}

// styles lists every style of a theme by field name.
func styles(th *Theme) map[string]string {
	out := map[string]string{}
	v := reflect.ValueOf(th).Elem()
	for i := 0; i < v.NumField(); i++ {
		f := v.Type().Field(i)
		if r, ok := v.Field(i).Interface().(interface{ Render(...string) string }); ok {
			out[f.Name] = r.Render("x")
		}
	}
	return out
}

func TestNoColorThemeHasNoColour(t *testing.T) {
	for _, dark := range []bool{true, false} {
		for name, out := range styles(New(dark, true)) {
			// SGR 30-49 and 90-107 are colours; 38/48 extended colours.
			for _, code := range []string{"[3", "[4", ";3", ";4", "[9", ";9", "[10", ";10"} {
				if strings.Contains(out, code) {
					t.Errorf("dark=%v: style %s renders a colour under NO_COLOR: %q", dark, name, out)
				}
			}
		}
	}
}

func TestColourThemeUsesColour(t *testing.T) {
	th := New(true, false)
	for _, name := range []string{"Success", "Danger", "Warning", "DiffAdded", "DiffRemoved"} {
		if out := styles(th)[name]; !strings.Contains(out, "38;2;") {
			t.Errorf("style %s has no truecolor foreground: %q", name, out)
		}
	}
	if New(true, false).Success.Render("x") == New(false, false).Success.Render("x") {
		t.Error("dark and light themes render Success the same; expected a colour per background")
	}
}

func TestASCIIThemeIsSevenBit(t *testing.T) {
	th := FromCapabilities(true, Capabilities{ASCII: true, NoColor: true})
	box := th.Panel.Render("ok")
	g := th.Glyphs
	all := []string{box, g.Pending, g.Current, g.Done, g.Failed, g.Skipped, g.Warn, g.RunningFormat,
		g.Cursor, g.Bullet, g.Ellipsis, g.Dash, g.Sep, g.UpDown, g.Arrow, g.CheckOn, g.CheckOff, g.RuleTrail, string(g.Mask)}
	all = append(all, g.Spinner.Frames...)
	for _, s := range all {
		for _, r := range s {
			if r > 0x7e {
				t.Errorf("ASCII theme draws non-ASCII %q in %q", r, s)
			}
		}
	}
	for _, s := range []string{g.Pending, g.Current, g.Done, g.Failed, g.Skipped, g.Warn} {
		if len(s) != len(g.Done) {
			t.Errorf("ASCII status %q is not as wide as %q; columns would not align", s, g.Done)
		}
	}
	if g.Done != "[ ok ]" || g.Failed != "[fail]" {
		t.Errorf("ASCII statuses are %q/%q, want words", g.Done, g.Failed)
	}
}

func TestUnicodeStatusesAreDistinct(t *testing.T) {
	g := UnicodeGlyphs()
	seen := map[string]bool{}
	for _, s := range []string{g.Pending, g.Current, g.Done, g.Failed, g.Skipped, g.Warn} {
		if seen[s] {
			t.Errorf("glyph %q used for two statuses; meaning would rest on colour", s)
		}
		seen[s] = true
	}
}

func TestTextInputCursorDoesNotBlink(t *testing.T) {
	for _, nc := range []bool{true, false} {
		if New(true, nc).TextInput().Cursor.Blink {
			t.Errorf("noColor=%v: cursor blinks; it would redraw twice a second over SSH", nc)
		}
	}
}
