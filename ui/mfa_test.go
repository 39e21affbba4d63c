package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/bslwiz/bslwiz/sandbox"
	"github.com/bslwiz/bslwiz/steps"
	"github.com/bslwiz/bslwiz/ui/internal/uitest"
)

// mfaEnv points the SDK at the sandbox's MFA profile, as `bslwiz sandbox`
// prints it.
func mfaEnv(t *testing.T, sb *sandbox.Sandbox) {
	t.Helper()
	for _, kv := range sb.Env() {
		k, v, _ := strings.Cut(kv, "=")
		if k == "AWS_CONFIG_FILE" || k == "AWS_SHARED_CREDENTIALS_FILE" || k == "AWS_ENDPOINT_URL_STS" {
			t.Setenv(k, v)
		}
	}
}

// mfaWorld is the wizard on a sandbox whose plan signs in to Account B
// with its MFA profile.
func mfaWorld(t *testing.T) *world {
	t.Helper()
	w := newWorld(t, worldOpts{sandbox: sandbox.Options{MFA: true}, clockNow: true})
	mfaEnv(t, w.sb)
	return w
}

// toMFAPrompt walks steps 1 to 4, which never ask for the code, and submits
// step 5, which signs in: it waits for the prompt.
func (w *world) toMFAPrompt() {
	w.t.Helper()
	for n := 1; n <= 4; n++ {
		w.walk(n)
		if w.m.mfa != nil {
			w.t.Fatalf("step %d asked for the MFA code:\n%s", n, w.screen())
		}
	}
	// Step 5's inputs are given: its preview signs in, and asks.
	w.until("step 5", func() bool { return w.m.number() == 5 && (w.m.mfa != nil || w.m.phase == phaseForm) })
	for i := 0; w.m.phase == phaseForm; i++ {
		if i == 40 {
			w.t.Fatalf("step 5's form does not submit:\n%s", w.screen())
		}
		w.press("enter")
		w.settle(5 * time.Millisecond)
	}
	w.awaitMFA()
}

// mfaText is the MFA prompt alone, without escape sequences (the screen
// interleaves it with the step list).
func (w *world) mfaText() string {
	if w.m.mfa == nil {
		return ""
	}
	return uitest.Plain(strings.Join(w.m.mfaLines(60), "\n"))
}

func (w *world) awaitMFA() {
	w.t.Helper()
	w.until("the MFA prompt", func() bool {
		if w.m.phase == phaseFailed {
			w.t.Fatalf("step %d failed before asking for the code:\n%s", w.m.number(), w.screen())
		}
		return w.m.mfa != nil
	})
}

func TestTheTUIAsksForTheMFACodeRefusesAWrongOneAndSignsInWithTheRight(t *testing.T) {
	w := mfaWorld(t)
	w.toMFAPrompt()
	screens := []string{w.screen()}
	contains(t, w.mfaText(), "Enter the 6-digit code from your MFA device", w.sb.MFA.Serial)
	contains(t, w.screen(), "esc cancel the sign-in")

	w.typeText("000000")
	screens = append(screens, w.screen())
	w.press("enter")
	w.until("the prompt again", func() bool { return w.m.mfa != nil && w.m.mfa.ask.req.Refused })
	screens = append(screens, w.screen())
	contains(t, w.mfaText(), "STS refused that code")

	w.typeText("12")
	w.press("enter") // too short: refused here, never sent
	screens = append(screens, w.screen())
	contains(t, w.mfaText(), "The code is the 6 digits your MFA device shows")
	w.press("backspace", "backspace")
	w.typeText(sandbox.MFACode)
	screens = append(screens, w.screen())
	w.press("enter")
	w.atStep(5)
	if w.m.phase != phasePreview {
		t.Fatalf("step 5 after the code: %s\n%s", w.m.phase, w.screen())
	}
	contains(t, w.screen(), "assumed-role/"+sandbox.MFARole)
	w.walk(5)
	w.atStep(6)
	screens = append(screens, w.screen())

	for _, s := range screens {
		for _, code := range []string{"000000", sandbox.MFACode} {
			if strings.Contains(s, code) {
				t.Fatalf("the screen shows the code %s:\n%s", code, s)
			}
		}
	}
	if !strings.Contains(screens[1], strings.Repeat(string(w.m.th.Glyphs.Mask), 6)) {
		t.Errorf("the typed code is not masked:\n%s", screens[1])
	}
	assertNoCodeOnDisk(t, w.dir, sandbox.MFACode, "000000")
}

func TestEscOnTheMFAPromptFailsTheSignInAndRetryAsksAgain(t *testing.T) {
	w := mfaWorld(t)
	w.toMFAPrompt()
	w.press("esc")
	w.until("the failed sign-in", func() bool { return w.m.phase == phaseFailed })
	contains(t, uitest.Plain(w.m.tasks.View()), "no MFA code was given")
	w.press("r")
	w.until("the retry", func() bool { return w.m.phase != phaseFailed })
	w.awaitMFA()
	if w.m.mfa.ask.req.Refused {
		t.Error("a cancelled prompt is asked again as if the code was refused")
	}
	w.typeText(sandbox.MFACode)
	w.press("enter")
	w.atStep(5)
	if w.m.phase != phasePreview {
		t.Fatalf("step 5 after the retry: %s\n%s", w.m.phase, w.screen())
	}
}

// assertNoCodeOnDisk fails if any file under dir (the journal) holds a code.
func assertNoCodeOnDisk(t *testing.T, dir string, codes ...string) {
	t.Helper()
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, c := range codes {
			if strings.Contains(string(b), c) {
				t.Errorf("%s holds the MFA code %s", path, c)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestGoldenMFAPrompt is step 5 signing in: the MFA prompt after a refused
// code, the device named, three digits typed and masked.
func TestGoldenMFAPrompt(t *testing.T) {
	for _, v := range append(uitest.Variants, uitest.ASCIIVariant) {
		t.Run(v.Name, func(t *testing.T) {
			m := goldenModel(t, v, 5)
			m.phase = phasePreviewing
			m.Update(mfaRequestMsg{ask: &mfaAsk{reply: make(chan mfaReply, 1), req: steps.MFARequest{
				Serial: "arn:aws:iam::111122223333:mfa/ops-phone", Profile: "account-b-admin", Refused: true}}})
			d := &driver{t: t, m: m, msgs: make(chan tea.Msg, 64)}
			d.typeText("314")
			uitest.Golden(t, v, m.render())
		})
	}
}
