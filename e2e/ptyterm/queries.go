package ptyterm

import (
	"fmt"
	"strconv"
	"strings"
)

// queryScanner finds the terminal queries in a program's output, across
// reads, and makes xterm's answers.
type queryScanner struct {
	pending []byte // the start of a sequence cut by the end of a read
	// SyncOutput acknowledges synchronized output (DECRQM 2026), as kitty,
	// WezTerm, foot and iTerm2 do; xterm does not know the mode.
	syncOutput bool
}

// maxPending bounds a sequence kept across reads; longer ones are not
// queries.
const maxPending = 256

// xtermModes are the private modes this terminal reports as known (reset)
// to DECRQM, the way xterm does; any other mode is reported unknown (0).
var xtermModes = map[int]bool{1: true, 7: true, 12: true, 25: true, 1000: true, 1002: true, 1003: true,
	1004: true, 1006: true, 1049: true, 2004: true}

// scan returns the replies to the queries completed by p; row and col are
// the cursor position (1-based) for CPR.
func (q *queryScanner) scan(p []byte, row, col int) []string {
	b := append(q.pending, p...)
	q.pending = nil
	var replies []string
	for i := 0; i < len(b); i++ {
		if b[i] != 0x1b {
			continue
		}
		if i+1 >= len(b) {
			q.keep(b[i:])
			break
		}
		switch b[i+1] {
		case '[':
			end, params, inter, final, ok := parseCSI(b, i+2)
			if !ok {
				q.keep(b[i:])
				return replies
			}
			if r := q.answerCSI(params, inter, final, row, col); r != "" {
				replies = append(replies, r)
			}
			i = end
		case ']':
			end, body, st, ok := parseOSC(b, i+2)
			if !ok {
				q.keep(b[i:])
				return replies
			}
			if r := answerOSC(body, st); r != "" {
				replies = append(replies, r)
			}
			i = end
		}
	}
	return replies
}

func (q *queryScanner) keep(b []byte) {
	if len(b) <= maxPending {
		q.pending = append([]byte(nil), b...)
	}
}

// parseCSI reads a control sequence's parameters, intermediates and final
// byte from b[i:]; end is the index of the final byte.
func parseCSI(b []byte, i int) (end int, params, inter string, final byte, ok bool) {
	start := i
	for i < len(b) && b[i] >= 0x30 && b[i] <= 0x3f {
		i++
	}
	params = string(b[start:i])
	start = i
	for i < len(b) && b[i] >= 0x20 && b[i] <= 0x2f {
		i++
	}
	inter = string(b[start:i])
	if i >= len(b) {
		return 0, "", "", 0, false
	}
	return i, params, inter, b[i], true
}

// parseOSC reads an operating system command up to BEL or ST; st is the
// terminator, so the answer can use the same one.
func parseOSC(b []byte, i int) (end int, body, st string, ok bool) {
	for j := i; j < len(b); j++ {
		switch {
		case b[j] == 0x07:
			return j, string(b[i:j]), "\a", true
		case b[j] == 0x1b && j+1 < len(b) && b[j+1] == '\\':
			return j + 1, string(b[i:j]), "\x1b\\", true
		case j-i > maxPending:
			return j, "", "", true // too long for a query: skip it
		}
	}
	return 0, "", "", false
}

func (q *queryScanner) answerCSI(params, inter string, final byte, row, col int) string {
	switch {
	case final == 'n' && params == "6" && inter == "": // CPR
		return fmt.Sprintf("\x1b[%d;%dR", row, col)
	case final == 'p' && inter == "$" && strings.HasPrefix(params, "?"): // DECRQM, private mode
		mode, err := strconv.Atoi(params[1:])
		if err != nil {
			return ""
		}
		state := 0
		if xtermModes[mode] || (mode == 2026 && q.syncOutput) {
			state = 2
		}
		return fmt.Sprintf("\x1b[?%d;%d$y", mode, state)
	case final == 'c' && inter == "" && (params == "" || params == "0"): // DA1
		return "\x1b[?64;1;2;6;9;15;18;21;22c"
	}
	return ""
}

func answerOSC(body, st string) string {
	switch body {
	case "11;?": // background colour: black, as xterm -rv
		return "\x1b]11;rgb:0000/0000/0000" + st
	case "10;?":
		return "\x1b]10;rgb:ffff/ffff/ffff" + st
	}
	return ""
}
