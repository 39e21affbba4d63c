package authmap

import (
	"strings"
	"testing"

	"github.com/bslwiz/bslwiz/ui/internal/uitest"
	"github.com/bslwiz/bslwiz/ui/theme"
)

// sample is a run where Palette validates but Account A cannot assume the
// role: the case the map exists to show.
func sample() Map {
	return Map{
		AccountA: "444455556666", Cluster: "demo-cluster", Principal: "SpectroCloudRole", AccountB: "111122223333",
		Role: "bslwiz-acme-backups", Bucket: "acme-velero-backups",
		Cloud: Arrow{Name: "(1) Palette administers the cluster in Account A (cloud account)", Status: OK,
			Reason: "cloud account account-a (STS, arn:aws:iam::444455556666:role/PaletteCloudAccountRole) is in Account A 444455556666"},
		STS: Arrow{Name: "(2) Palette may use the bucket in Account B (role, policy, external ID)", Status: OK,
			Reason: "Palette assumed arn:aws:iam::111122223333:role/bslwiz-acme-backups and reached s3://acme-velero-backups"},
		Assume: Arrow{Name: "(3) the cluster in Account A may use the bucket (trust in B, grant in A)", Status: Failed,
			Reason: "no identity policy in Account A allows arn:aws:iam::444455556666:role/SpectroCloudRole sts:AssumeRole on " +
				"arn:aws:iam::111122223333:role/bslwiz-acme-backups (implicitDeny); fix: 'bslwiz apply --account-a-profile PROFILE' offers the grant, or run with Account A's credentials: " +
				`aws iam put-role-policy --role-name SpectroCloudRole --policy-name bslwiz-acme-backups-assume --policy-document '{"Version":"2012-10-17","Statement":[{"Sid":"BslwizAssumeBackupRole","Effect":"Allow","Action":"sts:AssumeRole","Resource":"arn:aws:iam::111122223333:role/bslwiz-acme-backups"}]}'`},
		Probe: &Arrow{Name: "probe: HeadBucket, PutObject and DeleteObject from Account A", Status: Unknown,
			Reason: "the trust names role SpectroCloudRole, not Account A's root: your identity cannot assume it from here"},
	}
}

func TestAuthMapGolden(t *testing.T) {
	for _, v := range append(uitest.Variants, uitest.ASCIIVariant) {
		t.Run(v.Name, func(t *testing.T) {
			view := Render(v.Theme(), sample(), v.Width, v.Height)
			uitest.RequireFits(t, view, v.Width, v.Height)
			uitest.Golden(t, v, view)
		})
	}
}

// TestAuthMapUnderNoColorIsPlainASCIIArt: boxes and arrows in `+ - |`, and
// every status a word, so nothing rests on colour.
func TestAuthMapUnderNoColorIsPlainASCIIArt(t *testing.T) {
	view := uitest.Plain(Render(theme.New(true, true), sample(), 80, 0))
	for _, r := range view {
		if r > 127 {
			t.Fatalf("NO_COLOR map has a non-ASCII rune %q:\n%s", r, view)
		}
	}
	for _, want := range []string{"+----", "| Palette SaaS   |", "(1) cloud account [ok]", "(2) STS, external ID [ok]", "(3) trust + grant [failed]", "<---"} {
		if !strings.Contains(view, want) {
			t.Errorf("map lacks %q:\n%s", want, view)
		}
	}
	if !strings.Contains(view, "offers the grant") {
		t.Errorf("without a height limit the reason is whole:\n%s", view)
	}
}

// TestAuthMapKeepsEveryStatusWhenShort: on a short body the reasons go
// first, never an arrow's status.
func TestAuthMapKeepsEveryStatusWhenShort(t *testing.T) {
	view := uitest.Plain(Render(theme.New(true, true), sample(), 80, 18))
	uitest.RequireFits(t, view, 80, 18)
	for _, want := range []string{"(1) Palette administers", "(2) Palette may use", "(3) the cluster", "probe:"} {
		if !strings.Contains(view, want) {
			t.Errorf("18 rows lack %q:\n%s", want, view)
		}
	}
}

// TestRenderWholeShortensNothing: `bslwiz status` prints the map whole at
// 80 columns: every name and reason word for word, no "...", and the grant
// command on a line of its own, byte for byte, ready to paste.
func TestRenderWholeShortensNothing(t *testing.T) {
	const cmd = `aws iam put-role-policy --role-name SpectroCloudRole --policy-name bslwiz-real1-assume --policy-document '{"Version":"2012-10-17","Statement":[{"Sid":"BslwizAssumeBackupRole","Effect":"Allow","Action":"sts:AssumeRole","Resource":"arn:aws:iam::111122223333:role/bslwiz-real1"}]}'`
	m := sample()
	m.Assume.Reason = "not checked (give --account-a-profile); Account A needs " + cmd
	m.STS.Name = "(2) Palette may use the bucket in Account B (role, policy, external ID, and a name long enough to wrap)"
	view := uitest.Plain(RenderWhole(theme.New(true, true), m, 80))
	if strings.Contains(view, "...") {
		t.Errorf("text output is shortened:\n%s", view)
	}
	lines := strings.Split(view, "\n")
	found := false
	for _, l := range lines {
		if strings.TrimSpace(l) == cmd {
			found = true
		}
	}
	if !found {
		t.Errorf("the command is not on a line of its own, whole:\n%s", view)
	}
	flat := strings.Join(strings.Fields(view), " ")
	for _, a := range []Arrow{m.Cloud, m.STS, m.Assume, *m.Probe} {
		for _, s := range []string{a.Name, a.Reason} {
			if !strings.Contains(flat, strings.Join(strings.Fields(s), " ")) {
				t.Errorf("%q is not whole in:\n%s", s, view)
			}
		}
	}
}
