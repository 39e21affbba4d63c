package export

import (
	"bytes"
	"strings"
	"testing"

	"github.com/bslwiz/bslwiz/steps"
)

// TestExportsCarryTheBucketsKeyAndFindings: every format grants the bucket's
// key when the plan found one, and carries each finding (as comments, or in
// the json document), each on one line whatever its reason holds.
func TestExportsCarryTheBucketsKeyAndFindings(t *testing.T) {
	key := "arn:aws:kms:us-east-2:111122223333:key/1b667900-a10b-410b-8485-86d5980799a6"
	p := basicPlan().WithBucketKMSKey(key)
	findings := []steps.CheckResult{
		{ID: steps.CheckLifecycle, Name: "Lifecycle keeps Velero's data", Status: steps.StatusFail, Reason: "rule \"x\" expires kopia/\nrm -rf /"},
		{ID: steps.CheckBucketVersioning, Name: "Bucket versioning", Status: steps.StatusWarn, Reason: "off"},
	}
	for _, f := range []Format{Terraform, CloudFormation, AWSCLI, JSON} {
		t.Run(string(f), func(t *testing.T) {
			var b bytes.Buffer
			if err := RenderWithFindings(&b, f, p, findings); err != nil {
				t.Fatal(err)
			}
			out := b.String()
			if !strings.Contains(out, "VeleroBucketKMSKey") || !strings.Contains(out, key) || !strings.Contains(out, "kms:GenerateDataKey") {
				t.Errorf("no statement for the bucket's key:\n%s", out)
			}
			if !strings.Contains(out, "[fail] Lifecycle keeps Velero's data") || !strings.Contains(out, "[warn] Bucket versioning: off") {
				t.Errorf("findings missing:\n%s", out)
			}
			for _, l := range strings.Split(out, "\n") {
				if strings.HasPrefix(strings.TrimSpace(l), "rm -rf") {
					t.Errorf("a finding's newline escaped its comment: %q", l)
				}
			}
			if f == AWSCLI && !strings.HasPrefix(out, "#!/usr/bin/env bash\n# The bucket's posture") {
				t.Errorf("the findings are not right after the shebang:\n%.200s", out)
			}
		})
	}
	// Without findings or a key, RenderWithFindings is Render.
	var a, b bytes.Buffer
	if err := Render(&a, Terraform, basicPlan()); err != nil {
		t.Fatal(err)
	}
	if err := RenderWithFindings(&b, Terraform, basicPlan(), nil); err != nil {
		t.Fatal(err)
	}
	if a.String() != b.String() {
		t.Error("RenderWithFindings without findings differs from Render")
	}
}
