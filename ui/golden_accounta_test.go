package ui

import (
	"strings"
	"testing"

	"github.com/bslwiz/bslwiz/aws/iampolicy"
	"github.com/bslwiz/bslwiz/steps"
	"github.com/bslwiz/bslwiz/ui/clipboard"
	"github.com/bslwiz/bslwiz/ui/components"
	"github.com/bslwiz/bslwiz/ui/internal/uitest"
)

const goldenGrantCmd = `aws iam put-role-policy --role-name ROLE_IN_ACCOUNT_A --policy-name bslwiz-acme-backups-assume --policy-document '{"Version":"2012-10-17","Statement":[{"Sid":"BslwizAssumeBackupRole","Effect":"Allow","Action":"sts:AssumeRole","Resource":"arn:aws:iam::111122223333:role/bslwiz-acme-backups"}]}'`

// accountANeedsPreview is step 9 without --account-a-profile: the trust
// diff, and the facts of what Account A needs, with the grant command.
func accountANeedsPreview(t *testing.T) *steps.Preview {
	pv := step9Preview(t)
	pv.Facts = []string{
		"Account A: some principal in 444455556666 (the role your cluster's backups run as) must be allowed sts:AssumeRole on arn:aws:iam::111122223333:role/bslwiz-acme-backups; bslwiz cannot know which one",
		"grant it with Account A's credentials: " + goldenGrantCmd,
	}
	return pv
}

// TestGoldenAccountANeeds is step 9 with what Account A needs: at 80x24 the
// facts fold to one line so that the diff keeps its room (minDiffH) and
// who can assume stays in a sentence; i shows the facts in the diff's
// place, the grant command whole (wrapped, never shortened), and c copies
// it byte for byte. At 120x40 everything shows at once, the command
// indented under its bullet.
func TestGoldenAccountANeeds(t *testing.T) {
	for _, v := range uitest.Variants {
		t.Run(v.Name, func(t *testing.T) {
			m := goldenModel(t, v, 9)
			d := &driver{t: t, m: m}
			preview(m, accountANeedsPreview(t))
			f := m.computeFrame()
			screen := uitest.Plain(m.render())
			if f.diffH < minDiffH-4 {
				t.Errorf("the diff has %d lines, want at least %d", f.diffH, minDiffH-4)
			}
			if !strings.Contains(screen, "who can assume") {
				t.Errorf("who can assume is missing:\n%s", screen)
			}
			if !strings.Contains(screen, "c copy command") {
				t.Errorf("the footer does not list the copy key:\n%s", screen)
			}
			if f.factsFold {
				if !strings.Contains(screen, "i show facts") {
					t.Errorf("folded facts without their key in the footer:\n%s", screen)
				}
				uitest.Golden(t, v, m.render())
				d.press("i")
				screen = uitest.Plain(m.render())
				if !strings.Contains(screen, "i show diff") {
					t.Errorf("open facts without the key back in the footer:\n%s", screen)
				}
				// What the facts hold scrolls into view: the command's end.
				for range 10 {
					if strings.Contains(screen, `bslwiz-acme-backups"}]}'`) {
						break
					}
					d.press("down")
					screen = uitest.Plain(m.render())
				}
			} else {
				uitest.Golden(t, v, m.render())
			}
			if strings.Contains(screen, "… ") && strings.Contains(screen, "put-role-policy") && !commandWhole(screen) {
				t.Errorf("the grant command is shortened:\n%s", screen)
			}
			if !commandWhole(screen) {
				t.Errorf("the grant command is not on screen whole:\n%s", screen)
			}
			cmd := m.copyCommand()
			if cmd == nil {
				t.Fatal("c copies nothing")
			}
			res := cmd().(copiedMsg).res
			if res.Method == clipboard.OSC52 && res.Sequence != clipboard.OSC52Sequence(goldenGrantCmd) {
				t.Errorf("c copied something else than the command: %q", res.Sequence)
			}
		})
	}
}

// commandWhole reports whether the grant command is on the screen whole:
// its lines, joined as WrapPaste wrote them, give it back.
func commandWhole(screen string) bool {
	var got []string
	in := false
	for _, l := range strings.Split(screen, "\n") {
		l = strings.TrimSpace(l)
		if strings.HasPrefix(l, "aws iam put-role-policy") {
			in = true
		}
		if in {
			got = append(got, l)
			if strings.HasSuffix(l, "}]}'") {
				break
			}
		}
	}
	for _, cont := range []string{"↩", "~"} {
		if components.JoinPaste(got, cont) == goldenGrantCmd {
			return true
		}
	}
	return false
}

// TestAuthMapCopiesTheGrantCommand: on the done screen's map, c copies the
// command Account A needs, whole, when the map has one (the map says so
// where the command does not fit its rows), and the footer lists it.
func TestAuthMapCopiesTheGrantCommand(t *testing.T) {
	v := uitest.Variants[0]
	m := goldenModel(t, v, 13)
	m.phase = phaseDone
	m.authMap = authMapState{shown: true, auths: []steps.Authorization{
		{ID: steps.AuthPaletteCluster, Name: "(1) Palette administers the cluster in Account A (cloud account)", Status: steps.AuthOK, Reason: "cloud account account-a is in Account A 444455556666"},
		{ID: steps.AuthPaletteBucket, Name: "(2) Palette may use the bucket in Account B (role, policy, external ID)", Status: steps.AuthOK, Reason: "validate passed"},
		{ID: steps.AuthClusterBucket, Name: "(3) the cluster in Account A may use the bucket (trust in B, grant in A)", Status: steps.AuthUnknown,
			Reason: "not checked (give --account-a-profile); Account A needs " + goldenGrantCmd},
	}}
	m.layout()
	screen := uitest.Plain(m.render())
	if !strings.Contains(screen, "c copy command") {
		t.Errorf("the footer does not list the command's copy key:\n%s", screen)
	}
	if !commandWhole(screen) && !strings.Contains(screen, "c copies it whole") {
		t.Errorf("the command is neither whole nor said to be copyable:\n%s", screen)
	}
	d := &driver{t: t, m: m}
	_, cmd := d.m.Update(keyMsg("c"))
	if cmd == nil {
		t.Fatal("c copies nothing on the map")
	}
	res := cmd().(copiedMsg).res
	if res.Method == clipboard.OSC52 && res.Sequence != clipboard.OSC52Sequence(goldenGrantCmd) {
		t.Errorf("c copied something else than the command: %q", res.Sequence)
	}
}

// TestGoldenAccountANeedsDocument is step 9 on a role step 6 made whole
// with Account A's statement: nothing to change, what Account A needs, its
// grant command and its policy, scrolled to the policy's end. The policy's
// Resource, too wide for the column at 80x24, is wrapped with the
// continuation mark, never shortened (the golden scan reads it).
func TestGoldenAccountANeedsDocument(t *testing.T) {
	const role = "arn:aws:iam::111122223333:role/bslwiz-sandbox-backups" // too wide for the column at 80x24
	doc, err := iampolicy.Canonicalize(steps.AccountAGrantDocument(role))
	if err != nil {
		t.Fatal(err)
	}
	pv := &steps.Preview{ID: steps.StepAppendAccountA, Number: 9, Verb: "continue", Title: "Append Account A", Mutates: true, NoChange: true,
		Facts: append([]string{"the trust policy already lets Account A 444455556666 assume the role: step 6 created the role with Account A's statement beside Palette's, in one call, so there is nothing to read, append or write"},
			accountANeedsPreview(t).Facts...),
		Documents: []steps.Document{{Title: "Account A needs (run with Account A's credentials): inline policy bslwiz-acme-backups-assume", Body: doc}}}
	for _, v := range uitest.Variants {
		t.Run(v.Name, func(t *testing.T) {
			m := goldenModel(t, v, 9)
			d := &driver{t: t, m: m}
			preview(m, pv)
			d.handle(keyMsg("end"))
			screen := uitest.Plain(m.render())
			if !strings.Contains(screen, "Press enter to continue.") {
				t.Errorf("the end of the findings is not on screen:\n%s", screen)
			}
			uitest.Golden(t, v, m.render())
		})
	}
}
