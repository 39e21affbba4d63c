package cli

import (
	"context"

	"github.com/bslwiz/bslwiz/aws"
	"github.com/bslwiz/bslwiz/steps"
)

// BucketResult is the bucket's posture in --output json: what S3 and KMS
// answered, and the posture checks' findings.
type BucketResult struct {
	Name   string `json:"name"`
	Region string `json:"region"`
	// Owner is the account every read expected (ExpectedBucketOwner).
	Owner      string            `json:"owner"`
	Encryption *EncryptionResult `json:"encryption"`
	// Versioning is "Enabled", "Suspended" or "Disabled" (never enabled).
	Versioning        string                 `json:"versioning"`
	ObjectLock        aws.ObjectLock         `json:"objectLock"`
	PublicAccessBlock *aws.PublicAccessBlock `json:"publicAccessBlock"`
	// Ownership is the Object Ownership setting ("" when none).
	Ownership string              `json:"ownership"`
	Lifecycle []aws.LifecycleRule `json:"lifecycle,omitempty"`
	Findings  []steps.CheckResult `json:"findings"`
	// Error is why the configuration could not be read.
	Error string `json:"error,omitempty"`
}

// EncryptionResult is the bucket's default encryption: Type is S3's
// SSEAlgorithm ("AES256", "aws:kms", "aws:kms:dsse"); KMSKeyARN the key's
// ARN for SSE-KMS ("" for the AWS managed aws/s3 key).
type EncryptionResult struct {
	Type            string `json:"type"`
	KMSKeyARN       string `json:"kmsKeyArn,omitempty"`
	CustomerManaged bool   `json:"customerManaged,omitempty"`
	KeyAccount      string `json:"keyAccount,omitempty"`
	BucketKey       bool   `json:"bucketKeyEnabled,omitempty"`
}

// bucketResult is the bucket object of a command's result, nil when the
// posture was not read. The findings are the posture checks among checks,
// or, when those did not run (plan), the posture checks run now (reads only).
func bucketResult(ctx context.Context, s *steps.Session, checks []steps.CheckResult) *BucketResult {
	b := s.BucketFacts()
	if b == nil {
		return nil
	}
	r := &BucketResult{Name: b.Bucket, Region: b.Region, Owner: b.Owner, Error: b.Err,
		ObjectLock: b.Posture.ObjectLock, PublicAccessBlock: b.Posture.PublicAccessBlock,
		Ownership: b.Posture.Ownership, Lifecycle: b.Posture.Lifecycle, Versioning: b.Posture.Versioning}
	if b.Err == "" && r.Versioning == "" {
		r.Versioning = "Disabled"
	}
	if e := b.Posture.Encryption; e != nil {
		r.Encryption = &EncryptionResult{Type: e.Type, BucketKey: e.BucketKey}
		if k := b.Key; k != nil {
			r.Encryption.KMSKeyARN, r.Encryption.CustomerManaged, r.Encryption.KeyAccount = k.ARN, k.CustomerManaged, k.Account
		}
	}
	posture := map[steps.CheckID]bool{}
	for _, id := range steps.PostureCheckIDs() {
		posture[id] = true
	}
	for _, c := range checks {
		if posture[c.ID] {
			r.Findings = append(r.Findings, c)
		}
	}
	if len(r.Findings) == 0 {
		r.Findings = s.RunChecks(ctx, steps.PostureCheckIDs(), nil)
	}
	return r
}
