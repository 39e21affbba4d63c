package steps_test

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"

	"github.com/bslwiz/bslwiz/palette"
	"github.com/bslwiz/bslwiz/sandbox"
	"github.com/bslwiz/bslwiz/steps"
)

// TestUndoChecksATamperedJournalAgainstWhatExists: a journal is a file, and
// an edited one once made undo delete a foreign policy and another
// location, or write Principal "*". Each is now checked against the live
// resource first.
func TestUndoChecksATamperedJournalAgainstWhatExists(t *testing.T) {
	trustBefore := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}`
	cases := []struct {
		name   string
		setup  func(t *testing.T, w *world) // before the run
		tamper func(w *world, d *steps.JournalData)
		refuse string // the undo preview's error, or "" when it keeps the resource
		kept   func(t *testing.T, w *world)
	}{
		{"another location's uid", nil, func(w *world, d *steps.JournalData) {
			uid, err := w.palette().CreateS3Location(context.Background(), palette.S3Location{Name: "someone-elses", Bucket: "other-bucket",
				Region: "us-east-1", RoleARN: "arn:aws:iam::111122223333:role/other", ExternalID: w.sb.Tenant.ExternalID})
			if err != nil {
				panic(err)
			}
			d.Created.LocationUID = uid
		}, "does not match what exists", func(t *testing.T, w *world) {
			for _, l := range w.locations() {
				if l.Name == "someone-elses" {
					return
				}
			}
			t.Fatal("undo deleted another location")
		}},
		{"a foreign policy", func(t *testing.T, w *world) {
			if _, err := w.iam().CreatePolicy(context.Background(), &iam.CreatePolicyInput{PolicyName: sdkaws.String("finance"),
				PolicyDocument: sdkaws.String(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}`)}); err != nil {
				t.Fatal(err)
			}
		}, func(w *world, d *steps.JournalData) {
			d.Created.PolicyARN, d.Created.PolicyCreated, d.Created.PolicyAttached = "arn:aws:iam::"+sandbox.AccountB+":policy/finance", true, false
		}, "which bslwiz did not attach", func(t *testing.T, w *world) {
			if _, err := w.iam().GetPolicy(context.Background(), &iam.GetPolicyInput{PolicyArn: sdkaws.String("arn:aws:iam::" + sandbox.AccountB + ":policy/finance")}); err != nil {
				t.Fatalf("undo deleted a foreign policy: %v", err)
			}
		}},
		{"a foreign policy named as the only thing made", func(t *testing.T, w *world) {
			if _, err := w.iam().CreatePolicy(context.Background(), &iam.CreatePolicyInput{PolicyName: sdkaws.String("finance"),
				PolicyDocument: sdkaws.String(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}`)}); err != nil {
				t.Fatal(err)
			}
		}, func(w *world, d *steps.JournalData) {
			d.Created = steps.Created{Account: sandbox.AccountB, PolicyARN: "arn:aws:iam::" + sandbox.AccountB + ":policy/finance", PolicyCreated: true}
			d.Trust = nil
		}, "", func(t *testing.T, w *world) {
			if _, err := w.iam().GetPolicy(context.Background(), &iam.GetPolicyInput{PolicyArn: sdkaws.String("arn:aws:iam::" + sandbox.AccountB + ":policy/finance")}); err != nil {
				t.Fatalf("undo deleted a foreign policy: %v", err)
			}
		}},
		{"a trust to restore that lets anyone in", func(t *testing.T, w *world) {
			if _, err := w.iam().CreateRole(context.Background(), &iam.CreateRoleInput{RoleName: sdkaws.String("bslwiz-sandbox-backups"),
				AssumeRolePolicyDocument: sdkaws.String(trustBefore)}); err != nil {
				t.Fatal(err)
			}
		}, func(w *world, d *steps.JournalData) {
			for i := range d.Trust {
				if d.Trust[i].Before != "" {
					d.Trust[i].Before = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"sts:AssumeRole"}]}`
				}
			}
		}, "every AWS principal", nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			w := newWorld(t, sandbox.Options{})
			p := w.sb.Plan()
			if tc.setup != nil {
				tc.setup(t, w)
			}
			if err := w.run(w.session(p), ""); err != nil {
				t.Fatal(err)
			}
			s := w.session(p)
			s.Journal.Update(func(d *steps.JournalData) { tc.tamper(w, d) })
			if err := s.Journal.Save(); err != nil {
				t.Fatal(err)
			}
			us := w.session(p)
			pv, err := us.UndoPreview(context.Background())
			if tc.refuse != "" {
				if err == nil || !strings.Contains(err.Error(), tc.refuse) {
					t.Fatalf("undo preview: %v, want it refused (%q)", err, tc.refuse)
				}
				if tc.kept != nil {
					tc.kept(t, w)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if err := us.Undo(context.Background(), pv, nil); err != nil {
				t.Fatal(err)
			}
			tc.kept(t, w)
		})
	}
}

func TestAStateDirectoryOthersCanWriteIsRefused(t *testing.T) {
	dir := t.TempDir()
	if err := os.Chmod(dir, 0o777); err != nil {
		t.Fatal(err)
	}
	path := steps.JournalPath(dir, "prod", false)
	if err := os.WriteFile(path, []byte(`{"version":2,"location":"prod"}`), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := steps.LoadJournal(path); err == nil || !strings.Contains(err.Error(), "writable by others") {
		t.Fatalf("LoadJournal in a 0777 directory: %v", err)
	}
	j := steps.NewJournal(steps.JournalPath(dir, "new", false), "new", false, w0())
	if err := j.Save(); err == nil {
		t.Fatal("saved a journal into a directory others can write")
	}
	fresh := dir + "/made-by-bslwiz"
	if err := steps.NewJournal(steps.JournalPath(fresh, "x", false), "x", false, w0()).Save(); err == nil {
		if fi, _ := os.Stat(fresh); fi.Mode().Perm() != 0o700 {
			t.Fatalf("bslwiz made its state directory with mode %v", fi.Mode().Perm())
		}
	}
}

func w0() (t time.Time) { return time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC) }
