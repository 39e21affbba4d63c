package components

import (
	"regexp"
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// pasteCommand finds a shell command a person is to paste in a sentence: it
// starts with a known tool and a subcommand with a flag ("aws iam
// put-role-policy --role-name …") and runs to the end of the text, as the
// engine writes them ("…: grant it with Account A's credentials: aws …").
var pasteCommand = regexp.MustCompile(`(^|[\s(])((?:aws|bslwiz) [a-z0-9-]+(?: [a-z0-9-]+)? --\S.*)$`)

// SplitCommand splits text into the words before a command to paste and the
// command itself, whole; ok is false when text holds no such command.
func SplitCommand(text string) (lead, cmd string, ok bool) {
	loc := pasteCommand.FindStringSubmatchIndex(text)
	if loc == nil {
		return text, "", false
	}
	return strings.TrimRight(text[:loc[4]], " "), text[loc[4]:loc[5]], true
}

// WrapPaste breaks a command or a document meant to be pasted into lines of
// at most width cells without ever shortening it: at spaces where it can,
// and a token wider than the line (a JSON document in quotes) is cut into
// pieces (after a comma or a JSON key's colon where one is near the line's end), each
// but the last ending with cont, so the eye sees where it goes
// on. Joining the lines, each without its trailing cont, with a space after
// a line that ended at a space, gives back text (see JoinPaste).
func WrapPaste(text string, width int, cont string) []string {
	text = Sanitize(text)
	cw := ansi.StringWidth(cont)
	if width <= cw+1 {
		width = cw + 2
	}
	var out []string
	line := ""
	for _, word := range strings.Fields(text) {
		w := ansi.StringWidth(word)
		switch {
		case line == "" && w <= width:
			line = word
			continue
		case line != "" && ansi.StringWidth(line)+1+w <= width:
			line += " " + word
			continue
		}
		if line != "" {
			out = append(out, line)
			line = ""
		}
		for ansi.StringWidth(word) > width {
			piece := ansi.Truncate(word, width-cw, "")
			// JSON reads better cut after a comma or a key's colon than
			// inside a word or an ARN, when one is in the piece's second
			// half.
			if i := jsonBreak(piece); i >= len(piece)/2 {
				piece = piece[:i+1]
			}
			out = append(out, piece+cont)
			word = word[len(piece):]
		}
		line = word
	}
	if line != "" {
		out = append(out, line)
	}
	return out
}

// jsonBreak is the index of the last comma, or colon after a closing quote
// ("Resource":), in s; -1 when there is none.
func jsonBreak(s string) int {
	for i := len(s) - 1; i > 0; i-- {
		if s[i] == ',' || s[i] == ':' && s[i-1] == '"' {
			return i
		}
	}
	return -1
}

// JoinPaste undoes WrapPaste: what a copy of the lines gives back.
func JoinPaste(lines []string, cont string) string {
	var b strings.Builder
	for i, l := range lines {
		if s, ok := strings.CutSuffix(l, cont); ok {
			b.WriteString(s)
			continue
		}
		b.WriteString(l)
		if i < len(lines)-1 {
			b.WriteString(" ")
		}
	}
	return b.String()
}

// WrapDocument breaks a document meant to be pasted (a JSON policy) into
// lines of at most width cells, line by line: each keeps its indent (up to
// half the width, less where a value would not fit after it), and a line
// too long for the rest is wrapped by WrapPaste under that indent, each
// piece of a token but the last ending with cont, never shortened.
func WrapDocument(body string, width int, cont string) []string {
	var out []string
	for _, line := range strings.Split(Sanitize(strings.TrimRight(body, "\n")), "\n") {
		text := strings.TrimLeft(line, " ")
		indent := line[:len(line)-len(text)]
		indent = indent[:min(len(indent), max(0, (width-2)/2))]
		if text == "" {
			out = append(out, "")
			continue
		}
		// A value that fits the width but not after the indent gives up
		// as much indent as it takes, rather than be cut (as Wrap does).
		longest := 0
		for _, w := range strings.Fields(text) {
			longest = max(longest, ansi.StringWidth(w))
		}
		if longest <= width {
			indent = indent[:min(len(indent), width-longest)]
		}
		for _, l := range WrapPaste(text, width-len(indent), cont) {
			out = append(out, indent+l)
		}
	}
	return out
}
