package cli

import (
	"regexp"
	"strings"
	"testing"
)

var anyARN = regexp.MustCompile(`arn:[a-z0-9-]*:`)

func TestApplyInAGovCloudSandboxWithoutARegionPrintsOnlyGovCloudARNs(t *testing.T) {
	env := map[string]string{"BSLWIZ_SANDBOX_PARTITION": "aws-us-gov"}
	for _, output := range []string{"text", "json"} {
		t.Run(output, func(t *testing.T) {
			r := bslwiz(t, env, "", sandboxArgs(t, "apply", "--yes", "--output", output)...)
			if r.code != ExitOK {
				t.Fatalf("apply exit %d\n%s\n%s", r.code, r.out, r.err)
			}
			arns := anyARN.FindAllString(r.out+r.err, -1)
			if len(arns) == 0 {
				t.Fatalf("apply printed no ARN:\n%s", r.out)
			}
			for _, a := range arns {
				if a != "arn:aws-us-gov:" {
					t.Errorf("apply printed a %s ARN in a GovCloud run:\n%s", a, r.out)
					break
				}
			}
			if !strings.Contains(r.out, "us-gov-east-1") {
				t.Errorf("the bucket's region us-gov-east-1 was not detected:\n%s", r.out)
			}
		})
	}
}

func TestAChinaSandboxStopsBeforeAnyChangeSayingPaletteHasNoSTSThere(t *testing.T) {
	r := bslwiz(t, map[string]string{"BSLWIZ_SANDBOX_PARTITION": "aws-cn"}, "", sandboxArgs(t, "apply", "--yes")...)
	if r.code == ExitOK {
		t.Fatalf("apply in aws-cn succeeded:\n%s", r.out)
	}
	if msg := r.out + r.err; !strings.Contains(msg, "aws-cn") || !strings.Contains(msg, "aws-us-gov") {
		t.Errorf("the message does not say that Palette's STS serves aws and aws-us-gov only:\n%s\n%s", r.out, r.err)
	}
	// It stops on the step that signs in to Account B (its profile is asked
	// there, so not before), before any change, with one clear line, exit 3.
	if r.code != ExitValidation || strings.Contains(r.out, "Step 6.") || strings.Count(r.err, "aws-cn") != 1 {
		t.Errorf("want a stop at the STS step with exit %d and one mention of the partition, got exit %d:\n%s\n%s", ExitValidation, r.code, r.out, r.err)
	}
}

func TestAnUnknownSandboxPartitionIsAUsageError(t *testing.T) {
	r := bslwiz(t, map[string]string{"BSLWIZ_SANDBOX_PARTITION": "aws-mars"}, "", sandboxArgs(t, "plan")...)
	if r.code != ExitUsage || !strings.Contains(r.err, "BSLWIZ_SANDBOX_PARTITION") {
		t.Fatalf("exit %d: %s", r.code, r.err)
	}
}
