package ptyterm

import (
	"reflect"
	"testing"
)

func TestQueryScannerAnswersLikeXterm(t *testing.T) {
	tests := []struct {
		name   string
		reads  []string
		sync   bool
		want   []string
		row    int
		column int
	}{
		{name: "cursor position", reads: []string{"hello\x1b[6n"}, row: 3, column: 7, want: []string{"\x1b[3;7R"}},
		{name: "background colour, BEL", reads: []string{"\x1b]11;?\a"}, want: []string{"\x1b]11;rgb:0000/0000/0000\a"}},
		{name: "background colour, ST", reads: []string{"\x1b]11;?\x1b\\"}, want: []string{"\x1b]11;rgb:0000/0000/0000\x1b\\"}},
		{name: "synchronized output unknown to xterm", reads: []string{"\x1b[?2026$p\x1b[?2027$p"},
			want: []string{"\x1b[?2026;0$y", "\x1b[?2027;0$y"}},
		{name: "synchronized output acknowledged", sync: true, reads: []string{"\x1b[?2026$p"}, want: []string{"\x1b[?2026;2$y"}},
		{name: "bracketed paste known", reads: []string{"\x1b[?2004$p"}, want: []string{"\x1b[?2004;2$y"}},
		{name: "primary device attributes", reads: []string{"\x1b[c"}, want: []string{"\x1b[?64;1;2;6;9;15;18;21;22c"}},
		{name: "queries cut across reads", reads: []string{"ab\x1b", "]11", ";?", "\a\x1b[", "?2026", "$p"},
			want: []string{"\x1b]11;rgb:0000/0000/0000\a", "\x1b[?2026;0$y"}},
		{name: "drawing is not a query", reads: []string{"\x1b[38;5;75;1mPalette\x1b[m\x1b[33X\x1b[1;82H\x1b]52;c;aGk=\a"}},
		{name: "kitty keyboard query: xterm stays silent", reads: []string{"\x1b[>1u\x1b[?u"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q := queryScanner{syncOutput: tt.sync}
			var got []string
			for _, r := range tt.reads {
				got = append(got, q.scan([]byte(r), tt.row, tt.column)...)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("replies = %q, want %q", got, tt.want)
			}
		})
	}
}
