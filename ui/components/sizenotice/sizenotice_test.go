package sizenotice

import (
	"strings"
	"testing"

	"github.com/bslwiz/bslwiz/ui/internal/uitest"
	"github.com/bslwiz/bslwiz/ui/theme"
)

func TestTooSmall(t *testing.T) {
	tests := []struct {
		w, h int
		want bool
	}{
		{80, 24, false}, {60, 20, false}, {59, 20, true}, {60, 19, true}, {0, 0, true}, {200, 10, true},
	}
	for _, tt := range tests {
		if got := TooSmall(tt.w, tt.h); got != tt.want {
			t.Errorf("TooSmall(%d, %d) = %v", tt.w, tt.h, got)
		}
	}
}

func TestNoticeGolden(t *testing.T) {
	for _, v := range []uitest.Variant{
		{Name: "50x15", Width: 50, Height: 15},
		{Name: "50x15_nocolor", Width: 50, Height: 15, NoColor: true},
	} {
		t.Run(v.Name, func(t *testing.T) {
			m := New(v.Theme())
			m.SetSize(v.Width, v.Height)
			uitest.Golden(t, v, m.View())
		})
	}
}

func TestNoticeFitsAnySize(t *testing.T) {
	m := New(theme.New(true, true))
	for _, size := range [][2]int{{59, 24}, {80, 5}, {20, 3}, {10, 1}, {1, 1}} {
		m.SetSize(size[0], size[1])
		view := m.View()
		uitest.RequireFits(t, view, size[0], size[1])
		if size[0] >= 20 && size[1] >= 3 && !strings.Contains(strings.Join(strings.Fields(uitest.Plain(view)), " "), "terminal too small") {
			t.Errorf("%v: notice lost:\n%s", size, uitest.Plain(view))
		}
	}
	m.SetSize(59, 24)
	if got, want := m.Text(), "terminal too small: 59x24, need at least 60x20"; got != want {
		t.Errorf("Text() = %q, want %q", got, want)
	}
}
