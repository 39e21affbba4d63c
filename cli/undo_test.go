package cli

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bslwiz/bslwiz/steps"
)

// fakePalette counts the requests that carry an API key; it knows no
// location, so undo finds the one it made already gone.
func fakePalette(t *testing.T) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	var keyed atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("ApiKey") != "" {
			keyed.Add(1)
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusNotFound)
		w.Write([]byte(`{"code":"ResourceNotFound","message":"not found"}`))
	}))
	t.Cleanup(srv.Close)
	return srv, &keyed
}

// journalOnPalette writes the journal of a finished run whose location bslwiz
// created on the Palette at endpoint.
func journalOnPalette(t *testing.T, dir, endpoint string) {
	t.Helper()
	j := steps.NewJournal(steps.JournalPath(dir, "prod", false), "prod", false, time.Now())
	j.Update(func(d *steps.JournalData) {
		d.Plan = steps.Plan{LocationName: "prod", PaletteEndpoint: endpoint, Scope: "tenant"}
		d.Palette = steps.PaletteRecord{Endpoint: endpoint, Scope: "tenant"}
		d.Created = steps.Created{LocationUID: "uid-1", LocationCreated: true}
	})
	if err := j.Save(); err != nil {
		t.Fatal(err)
	}
}

func TestUndoSendsTheKeyOnlyWhereThisRunSays(t *testing.T) {
	journaled, journaledHits := fakePalette(t)
	given, givenHits := fakePalette(t)
	cases := []struct {
		name        string
		journal     string // the journal's endpoint; the journaled server when empty
		env         map[string]string
		args        []string
		terminal    bool
		stdin       string
		want        int
		msg         string
		toJournaled bool
		toGiven     bool
	}{
		{name: "headless, only the journal names it: refused", args: []string{"--yes"}, want: ExitUsage, msg: "--palette-endpoint"},
		{name: "the flag wins over the journal", args: []string{"--yes", "--palette-endpoint", given.URL}, want: ExitOK, toGiven: true},
		{name: "SPECTROCLOUD_HOST wins over the journal", env: map[string]string{"SPECTROCLOUD_HOST": given.URL}, args: []string{"--yes"}, want: ExitOK, toGiven: true},
		{name: "the flag naming the journal's endpoint", args: []string{"--yes", "--palette-endpoint", "JOURNALED"}, want: ExitOK, toJournaled: true},
		{name: "at a terminal, confirmed", args: []string{"--yes"}, terminal: true, stdin: "y\n", want: ExitOK, toJournaled: true},
		{name: "at a terminal, declined", args: []string{"--yes"}, terminal: true, stdin: "n\n", want: ExitCancelled},
		{name: "plain http off loopback in the journal", journal: "http://palette.example.com", args: []string{"--yes"}, terminal: true, stdin: "y\n", want: ExitValidation, msg: "https"},
		{name: "plain http off loopback given", args: []string{"--yes", "--palette-endpoint", "http://10.1.2.3"}, want: ExitValidation, msg: "https"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			journaledHits.Store(0)
			givenHits.Store(0)
			dir := t.TempDir()
			endpoint := tc.journal
			if endpoint == "" {
				endpoint = journaled.URL
			}
			journalOnPalette(t, dir, endpoint)
			env := map[string]string{"SPECTROCLOUD_APIKEY": "k3y"}
			for k, v := range tc.env {
				env[k] = v
			}
			args := []string{"undo", "prod", "--state-dir", dir}
			for _, a := range tc.args {
				args = append(args, strings.ReplaceAll(a, "JOURNALED", journaled.URL))
			}
			var out, errb bytes.Buffer
			code := Main(context.Background(), Env{Args: args, Getenv: func(k string) string { return env[k] },
				In: strings.NewReader(tc.stdin), Out: &out, Err: &errb, IsTerminal: tc.terminal, Version: "test"})
			if code != tc.want || !strings.Contains(out.String()+errb.String(), tc.msg) {
				t.Fatalf("exit %d, want %d with %q\nstdout: %s\nstderr: %s", code, tc.want, tc.msg, out.String(), errb.String())
			}
			if got := journaledHits.Load() > 0; got != tc.toJournaled {
				t.Errorf("the journal's Palette got the key: %v, want %v", got, tc.toJournaled)
			}
			if got := givenHits.Load() > 0; got != tc.toGiven {
				t.Errorf("the given Palette got the key: %v, want %v", got, tc.toGiven)
			}
			if strings.Contains(out.String()+errb.String(), "k3y") {
				t.Errorf("the key reached the output")
			}
		})
	}
}
