package ui

import (
	"testing"

	"github.com/bslwiz/bslwiz/steps"
	"github.com/bslwiz/bslwiz/ui/components/validation"
	"github.com/bslwiz/bslwiz/ui/internal/uitest"
)

// TestGoldenPosturePanel shows the bucket's posture checks in the live panel,
// answered as for the sandbox's acme-velero-kms: at step 5 the owner and the
// key (where signing in to Account B first reads them), at step 13 the
// advisories before the location is created, with a lifecycle rule over
// Velero's data failing.
func TestGoldenPosturePanel(t *testing.T) {
	for _, v := range uitest.Variants {
		t.Run("step5/"+v.Name, func(t *testing.T) {
			m := goldenModel(t, v, 5)
			results(m,
				check(steps.CheckCaller, validation.CheckOK, "111122223333 as arn:aws:iam::111122223333:user/platform-admin (aws)"),
				check(steps.CheckBucket, validation.CheckOK, "acme-velero-kms exists in us-east-2"),
				check(steps.CheckBucketOwner, validation.CheckOK, "owned by 111122223333; Object Ownership BucketOwnerEnforced (ACLs off)"),
				check(steps.CheckBucketEncryption, validation.CheckWarn, "SSE-KMS with key arn:aws:kms:us-east-2:999988887777:key/1b667900-a10b-410b-8485-86d5980799a6 of account 999988887777: the role's policy grants kms:GenerateDataKey, kms:Decrypt and kms:DescribeKey on it, and its key policy (in 999988887777) must allow the role too"))
			uitest.Golden(t, v, m.render())
		})
		t.Run("step13/"+v.Name, func(t *testing.T) {
			m := goldenModel(t, v, 13)
			results(m,
				check(steps.CheckName, validation.CheckOK, `no location named "acme-backups" in project Default`),
				check(steps.CheckBucketVersioning, validation.CheckOK, "enabled: a deleted or overwritten backup object can be recovered"),
				check(steps.CheckObjectLock, validation.CheckWarn, "COMPLIANCE-mode retention (30 days) on the whole bucket: Velero rewrites backup metadata and deletes expired backups, which no one can then do; use GOVERNANCE mode instead"),
				check(steps.CheckPublicAccess, validation.CheckOK, "all four settings on"),
				check(steps.CheckLifecycle, validation.CheckFail, `lifecycle rule "expire-old" expires objects under "kopia/" after 30 days: S3 deletes Velero's data behind its back and restores fail; limit the rule to other prefixes, or remove it (Velero's TTL expires backups)`))
			uitest.Golden(t, v, m.render())
		})
	}
}
