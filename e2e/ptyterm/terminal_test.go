package ptyterm

import (
	"errors"
	"os"
	"strings"
	"testing"
	"time"
)

// replyEcho asks for the cursor position and shows the answer it got,
// made visible by cat -v.
const replyEcho = `stty raw -echo; printf 'ready\r\n\033[6n'; head -c 6 | cat -v; printf '\r\ndone'`

func env() []string { return []string{"PATH=" + os.Getenv("PATH"), "TERM=xterm-256color"} }

func TestTerminalAnswersQueries(t *testing.T) {
	term, err := Start(Options{Cols: 40, Rows: 10, Env: env(), Answer: true}, "sh", "-c", replyEcho)
	if err != nil {
		t.Fatal(err)
	}
	defer term.Close()
	if _, err := term.WaitContains(5*time.Second, "^[[2;1R", "done"); err != nil {
		t.Fatal(err)
	}
	if got := term.Replies(); len(got) != 1 || got[0] != "\x1b[2;1R" {
		t.Fatalf("replies = %q, want one CPR at row 2, column 1", got)
	}
	if err := term.Wait(5 * time.Second); err != nil {
		t.Fatalf("the program failed: %v", err)
	}
}

func TestTerminalThatNeverAnswers(t *testing.T) {
	term, err := Start(Options{Cols: 40, Rows: 10, Env: env()}, "sh", "-c", replyEcho)
	if err != nil {
		t.Fatal(err)
	}
	defer term.Close()
	if _, err := term.WaitContains(5*time.Second, "ready"); err != nil {
		t.Fatal(err)
	}
	_, err = term.WaitContains(200*time.Millisecond, "done")
	if !errors.Is(err, ErrTimeout) {
		t.Fatalf("WaitContains = %v, want a timeout: nothing answers the program", err)
	}
	if got := term.Replies(); len(got) != 0 {
		t.Fatalf("replies = %q, want none", got)
	}
	// Typing what a terminal would have answered lets it finish.
	if err := term.Send("\x1b[9;9R"); err != nil {
		t.Fatal(err)
	}
	if _, err := term.WaitContains(5*time.Second, "^[[9;9R", "done"); err != nil {
		t.Fatal(err)
	}
}

func TestTerminalRecordsBytesAndScreen(t *testing.T) {
	term, err := Start(Options{Cols: 20, Rows: 5, Env: env()}, "sh", "-c", `printf 'one \033[1mtwo\033[m'; sleep 0.2; printf '\033[?1049hthree'`)
	if err != nil {
		t.Fatal(err)
	}
	defer term.Close()
	at, err := term.WaitContains(5*time.Second, "three")
	if err != nil {
		t.Fatal(err)
	}
	if !term.AltScreen() {
		t.Error("the program switched to the alternate screen, the terminal does not say so")
	}
	if at < 150*time.Millisecond {
		t.Errorf("three arrived at %v, before the program's 200 ms sleep", at)
	}
	if err := term.Wait(5 * time.Second); err != nil {
		t.Fatal(err)
	}
	want := "one \x1b[1mtwo\x1b[m\x1b[?1049hthree"
	if got := string(term.Raw()); got != want {
		t.Fatalf("raw = %q, want %q", got, want)
	}
	total := 0
	for _, c := range term.Chunks() {
		total += c.N
	}
	if total != term.Len() || total != len(want) {
		t.Fatalf("chunks add up to %d, Len %d, want %d", total, term.Len(), len(want))
	}
	if s := term.Screen(); strings.Contains(s, "one") {
		t.Fatalf("the alternate screen shows the main screen's text:\n%s", s)
	}
}

func TestWaitScreenReportsTheEnd(t *testing.T) {
	term, err := Start(Options{Cols: 20, Rows: 5, Env: env()}, "sh", "-c", "printf bye")
	if err != nil {
		t.Fatal(err)
	}
	defer term.Close()
	_, err = term.WaitContains(5*time.Second, "never")
	if err == nil || !strings.Contains(err.Error(), "ended") {
		t.Fatalf("WaitContains = %v, want an error saying the program ended", err)
	}
}
