package aws_test

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"

	bslaws "github.com/bslwiz/bslwiz/aws"
	"github.com/bslwiz/bslwiz/aws/iampolicy"
)

var optionSets = []iampolicy.PermissionsOptions{
	{}, {Tagging: true}, {KMSKeyARN: "arn:aws:kms:us-east-2:" + accountB + ":key/1234abcd"},
	{Tagging: true, KMSKeyARN: "arn:aws:kms:us-east-2:" + accountB + ":key/1234abcd"},
}

// TestGuideActionsMirrorThePermissionsPolicy: every action the policy grants
// (wildcards matched by prefix) is checked on its resource, and nothing else.
func TestGuideActionsMirrorThePermissionsPolicy(t *testing.T) {
	for _, opt := range optionSets {
		doc, err := iampolicy.Permissions("aws", bucketName, opt)
		if err != nil {
			t.Fatal(err)
		}
		var policy struct {
			Statement []struct {
				Action   []string
				Resource json.RawMessage
			}
		}
		if err := json.Unmarshal([]byte(doc), &policy); err != nil {
			t.Fatal(err)
		}
		granted := map[string]bool{} // "action resource" → seen by a check
		for _, st := range policy.Statement {
			var resources []string
			if json.Unmarshal(st.Resource, &resources) != nil {
				var one string
				_ = json.Unmarshal(st.Resource, &one)
				resources = []string{one}
			}
			for _, a := range st.Action {
				for _, r := range resources {
					granted[a+" "+r] = false
				}
			}
		}
		for _, ch := range bslaws.GuideActions("aws", bucketName, opt) {
			key := grantFor(granted, ch)
			if key == "" {
				t.Errorf("%+v: %s on %s is not in the policy", opt, ch.Action, ch.Resource)
				continue
			}
			granted[key] = true
		}
		for g, seen := range granted {
			if !seen {
				t.Errorf("%+v: the policy grants %s, which GuideActions does not check", opt, g)
			}
		}
	}
}

func grantFor(granted map[string]bool, ch bslaws.ActionCheck) string {
	for g := range granted {
		action, resource, _ := strings.Cut(g, " ")
		if resource != ch.Resource {
			continue
		}
		if action == ch.Action || strings.HasSuffix(action, "*") && strings.HasPrefix(ch.Action, strings.TrimSuffix(action, "*")) {
			return g
		}
	}
	return ""
}

func TestSimulateRole(t *testing.T) {
	w := newWorld(t)
	c := w.connect()
	ctx := context.Background()
	role := ensureRole(t, c, roleSpec())
	kms := optionSets[3]
	policy, err := c.EnsurePolicy(ctx, permissionsSpec(t, c, iampolicy.PermissionsOptions{KMSKeyARN: kms.KMSKeyARN}), false)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.AttachPolicy(ctx, role.Name, policy.ARN); err != nil {
		t.Fatal(err)
	}
	bslaws.SetListPageSize(t, 4) // several pages per resource

	denials, err := c.SimulateRole(ctx, role.ARN, bslaws.GuideActions("aws", bucketName, iampolicy.PermissionsOptions{KMSKeyARN: kms.KMSKeyARN}))
	if err != nil || len(denials) != 0 {
		t.Fatalf("SimulateRole with the guide's policy = %+v, %v; want nothing denied", denials, err)
	}

	// The tagging option needs a policy that grants it.
	denials, err = c.SimulateRole(ctx, role.ARN, bslaws.GuideActions("aws", bucketName, kms))
	want := []bslaws.Denial{{Action: "s3:PutObjectTagging", Resource: "arn:aws:s3:::" + bucketName + "/*", Decision: "implicitDeny"}}
	if err != nil || !slices.Equal(denials, want) {
		t.Errorf("SimulateRole with tagging = %+v, %v; want %+v", denials, err, want)
	}

	// An explicit Deny from another attached policy wins.
	deny, err := c.EnsurePolicy(ctx, bslaws.PolicySpec{Name: "no-deletes", Document: `{"Version":"2012-10-17","Statement":[` +
		`{"Effect":"Deny","Action":["s3:DeleteObject","ec2:DeleteSnapshot"],"Resource":"*"}]}`}, false)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.AttachPolicy(ctx, role.Name, deny.ARN); err != nil {
		t.Fatal(err)
	}
	denials, err = c.SimulateRole(ctx, role.ARN, bslaws.GuideActions("aws", bucketName, iampolicy.PermissionsOptions{}))
	want = []bslaws.Denial{
		{Action: "ec2:DeleteSnapshot", Resource: "*", Decision: "explicitDeny"},
		{Action: "s3:DeleteObject", Resource: "arn:aws:s3:::" + bucketName + "/*", Decision: "explicitDeny"},
	}
	if err != nil || !slices.Equal(denials, want) {
		t.Errorf("SimulateRole with a Deny = %+v, %v; want %+v", denials, err, want)
	}
}

func TestSimulateMissingRole(t *testing.T) {
	w := newWorld(t)
	c := w.connect()
	_, err := c.SimulateRole(context.Background(), c.RoleARN("absent", "/"), bslaws.GuideActions("aws", bucketName, iampolicy.PermissionsOptions{}))
	if !errors.Is(err, bslaws.ErrNotFound) {
		t.Errorf("err = %v, want ErrNotFound", err)
	}
}
