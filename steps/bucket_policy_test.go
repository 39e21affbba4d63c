package steps_test

import (
	"context"
	"strings"
	"testing"

	"github.com/bslwiz/bslwiz/sandbox"
	"github.com/bslwiz/bslwiz/steps"
)

// onlyFromOurVPC is a bucket policy a platform team writes: writes only from
// its VPC endpoint. Palette writes from the internet, so it denies the role.
const onlyFromOurVPC = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "OnlyFromOurVPC",
      "Effect": "Deny",
      "Principal": "*",
      "Action": "s3:PutObject",
      "Resource": "arn:aws:s3:::acme-velero-backups/*",
      "Condition": {"StringNotEquals": {"aws:SourceVpce": "vpce-0a1b2c3d4e5f"}}
    }
  ]
}`

// TestABucketPolicyThatDeniesTheRoleFailsBeforeAnyChange: the permission check
// fails naming the statement, and apply stops before any mutating call in
// AWS or Palette, rather than at Palette's validate two minutes later.
func TestABucketPolicyThatDeniesTheRoleFailsBeforeAnyChange(t *testing.T) {
	w := newWorld(t, sandbox.Options{})
	w.sb.AWS.SetBucketPolicy(sandbox.Bucket, onlyFromOurVPC)
	s := w.session(w.sb.Plan())
	if _, err := s.Gather(context.Background(), steps.AllFacts); err != nil {
		t.Fatal(err)
	}
	for _, id := range []steps.CheckID{steps.CheckPermissions, steps.CheckBucketPolicy} {
		rs := s.RunChecks(context.Background(), []steps.CheckID{id}, nil)
		if len(rs) != 1 || rs[0].Status != steps.StatusFail || !strings.Contains(rs[0].Reason, `statement "OnlyFromOurVPC" denies s3:PutObject`) {
			t.Errorf("check %s = %+v; want a failure naming the statement", id, rs)
		}
	}

	err := (&steps.Runner{Session: s, Confirm: yes}).Run(context.Background())
	if err == nil || !strings.Contains(err.Error(), `statement "OnlyFromOurVPC" denies s3:PutObject`) {
		t.Fatalf("apply = %v; want a stop naming the bucket policy's statement", err)
	}
	if m := w.sb.AWS.MutatingCalls(); len(m) > 0 {
		t.Errorf("AWS mutating calls before the stop: %+v", m)
	}
	for _, c := range w.sb.Palette.Calls() {
		if c.Mutating {
			t.Errorf("Palette mutating call before the stop: %+v", c)
		}
	}
}

// TestTheRoleCheckWeighsTheBucketPolicyOnceTheRoleExists: after the role
// exists, the simulator weighs the bucket policy (its ResourcePolicy) and
// names the statement too.
func TestTheRoleCheckWeighsTheBucketPolicyOnceTheRoleExists(t *testing.T) {
	w := newWorld(t, sandbox.Options{})
	s := w.session(w.sb.Plan())
	if err := w.run(s, steps.StepRole); err != nil {
		t.Fatal(err)
	}
	w.sb.AWS.SetBucketPolicy(sandbox.Bucket, onlyFromOurVPC)
	s2 := w.session(w.sb.Plan())
	if _, err := s2.Gather(context.Background(), steps.AllFacts); err != nil {
		t.Fatal(err)
	}
	rs := s2.RunChecks(context.Background(), []steps.CheckID{steps.CheckPermissions}, nil)
	if len(rs) != 1 || rs[0].Status != steps.StatusFail || !strings.Contains(rs[0].Reason, `s3:PutObject on arn:aws:s3:::acme-velero-backups/* (explicitDeny by statement "OnlyFromOurVPC"`) {
		t.Errorf("permission check = %+v; want the simulator's explicit deny naming the statement", rs)
	}
}

// TestABucketOfAnotherAccountIsAClearStop: every posture read expects Account
// B as the owner; a bucket of a third account stops the run at step 5.
func TestABucketOfAnotherAccountIsAClearStop(t *testing.T) {
	w := newWorld(t, sandbox.Options{})
	w.sb.AWS.AddAccount("777788889999")
	w.sb.AWS.CreateBucket("777788889999", "someone-elses-bucket", sandbox.BucketRegion)
	p := w.sb.Plan()
	p.Bucket = "someone-elses-bucket"
	s := w.session(p)
	err := (&steps.Runner{Session: s, Confirm: yes}).Run(context.Background())
	if err == nil || !strings.Contains(err.Error(), "does not answer as Account B's (111122223333)") || !strings.Contains(err.Error(), "step 5") {
		t.Fatalf("apply = %v; want a stop at step 5 for a bucket of another account", err)
	}
	if m := w.sb.AWS.MutatingCalls(); len(m) > 0 {
		t.Errorf("AWS mutating calls before the stop: %+v", m)
	}
	rs := s.RunChecks(context.Background(), []steps.CheckID{steps.CheckBucketOwner}, nil)
	if len(rs) != 1 || rs[0].Status != steps.StatusFail {
		t.Errorf("owner check = %+v; want a failure", rs)
	}
}

// TestAKeyInAnotherAccount: the role's policy grants the key all the same, and
// the check says the key's own policy must allow the role, with the statement.
func TestAKeyInAnotherAccount(t *testing.T) {
	w := newWorld(t, sandbox.Options{})
	keyPolicy := `{"Version":"2012-10-17","Statement":[` +
		`{"Sid":"Owner","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::444455556666:root"},"Action":"kms:*","Resource":"*"},` +
		`{"Sid":"AccountB","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":["kms:DescribeKey","kms:GenerateDataKey","kms:Decrypt"],"Resource":"*"}]}`
	key := w.sb.AWS.AddKMSKey(sandbox.AccountA, sandbox.BucketRegion, "", keyPolicy)
	w.sb.AWS.SetBucketEncryption(sandbox.Bucket, "aws:kms", key, false)
	s := w.session(w.sb.Plan())
	if _, err := s.Gather(context.Background(), steps.AllFacts); err != nil {
		t.Fatal(err)
	}
	if got := s.Plan().BucketKMSKey(); got != key {
		t.Fatalf("the plan's bucket key = %q, want %s", got, key)
	}
	rs := s.RunChecks(context.Background(), []steps.CheckID{steps.CheckBucketEncryption}, nil)
	if len(rs) != 1 || rs[0].Status != steps.StatusWarn || !strings.Contains(rs[0].Reason, "of account 444455556666") ||
		!strings.Contains(rs[0].Reason, `"Principal":{"AWS":"arn:aws:iam::111122223333:role/bslwiz-`) {
		t.Errorf("encryption check = %+v; want a warning with the key-policy statement to add", rs)
	}
	d, err := steps.Desired(s.Plan())
	if err != nil || !strings.Contains(d.PolicyDocument, `"VeleroBucketKMSKey"`) || !strings.Contains(d.PolicyDocument, key) {
		t.Errorf("desired policy %s, %v; want the bucket key's statement", d.PolicyDocument, err)
	}
}
