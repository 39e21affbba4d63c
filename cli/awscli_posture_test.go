package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/bslwiz/bslwiz/internal/testenv"
)

// awsCLIRun runs the aws CLI v2 against `bslwiz sandbox` as Account B's admin.
func awsCLIRun(t *testing.T, bin string, env map[string]string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	home := t.TempDir()
	// --endpoint-url: the CLI reads AWS_ENDPOINT_URL only from 2.13, and Debian 12 has 2.9.
	cmd := exec.Command(bin, append([]string{"--endpoint-url", env["AWS_ENDPOINT_URL"], "--output", "json", "--no-cli-pager"}, args...)...)
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + home, "AWS_CONFIG_FILE=" + filepath.Join(home, "config"),
		"AWS_SHARED_CREDENTIALS_FILE=" + filepath.Join(home, "credentials"), "AWS_PAGER=", "AWS_EC2_METADATA_DISABLED=true",
		"AWS_ENDPOINT_URL=" + env["AWS_ENDPOINT_URL"], "AWS_ACCESS_KEY_ID=" + env["AWS_ACCESS_KEY_ID"],
		"AWS_SECRET_ACCESS_KEY=" + env["AWS_SECRET_ACCESS_KEY"], "AWS_DEFAULT_REGION=us-east-2"}
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("aws %s: %v", strings.Join(args, " "), err)
	}
	return out.String(), errb.String(), code
}

// TestAWSCLIReadsTheBucketsPosture: the aws CLI v2 reads the sandbox's
// buckets' configuration as it would from AWS: the KMS bucket's encryption,
// policy, versioning, and AWS's error for what a bucket does not have.
func TestAWSCLIReadsTheBucketsPosture(t *testing.T) {
	bin := testenv.AWSCLI(t)
	env := serveSandbox(t)
	cases := []struct {
		name  string
		args  []string
		check func(t *testing.T, out, errOut string, code int)
	}{
		{"get-bucket-encryption", []string{"s3api", "get-bucket-encryption", "--bucket", "acme-velero-kms"}, func(t *testing.T, out, errOut string, code int) {
			var v struct {
				ServerSideEncryptionConfiguration struct {
					Rules []struct {
						ApplyServerSideEncryptionByDefault struct{ SSEAlgorithm, KMSMasterKeyID string }
						BucketKeyEnabled                   bool
					}
				}
			}
			if code != 0 || json.Unmarshal([]byte(out), &v) != nil || len(v.ServerSideEncryptionConfiguration.Rules) != 1 {
				t.Fatalf("exit %d %s %s", code, out, errOut)
			}
			r := v.ServerSideEncryptionConfiguration.Rules[0]
			if r.ApplyServerSideEncryptionByDefault.SSEAlgorithm != "aws:kms" || !strings.HasPrefix(r.ApplyServerSideEncryptionByDefault.KMSMasterKeyID, "arn:aws:kms:us-east-2:111122223333:key/") || !r.BucketKeyEnabled {
				t.Errorf("encryption = %+v", r)
			}
		}},
		{"get-bucket-encryption of the plain bucket", []string{"s3api", "get-bucket-encryption", "--bucket", "acme-velero-backups"}, func(t *testing.T, out, errOut string, code int) {
			if code != 0 || !strings.Contains(out, `"SSEAlgorithm": "AES256"`) {
				t.Errorf("exit %d %s %s; want SSE-S3, S3's default since 2023", code, out, errOut)
			}
		}},
		{"get-bucket-policy", []string{"s3api", "get-bucket-policy", "--bucket", "acme-velero-kms"}, func(t *testing.T, out, errOut string, code int) {
			var v struct{ Policy string }
			if code != 0 || json.Unmarshal([]byte(out), &v) != nil {
				t.Fatalf("exit %d %s %s", code, out, errOut)
			}
			var doc struct {
				Statement []struct{ Sid, Effect string }
			}
			if json.Unmarshal([]byte(v.Policy), &doc) != nil || len(doc.Statement) != 1 || doc.Statement[0].Sid != "DenyBucketDeletion" {
				t.Errorf("policy = %s", v.Policy)
			}
		}},
		{"get-bucket-policy of the plain bucket", []string{"s3api", "get-bucket-policy", "--bucket", "acme-velero-backups"}, func(t *testing.T, _, errOut string, code int) {
			if code == 0 || !strings.Contains(errOut, "NoSuchBucketPolicy") {
				t.Errorf("exit %d %s; want NoSuchBucketPolicy", code, errOut)
			}
		}},
		{"get-bucket-versioning", []string{"s3api", "get-bucket-versioning", "--bucket", "acme-velero-kms"}, func(t *testing.T, out, errOut string, code int) {
			var v struct{ Status, MFADelete string }
			if code != 0 || json.Unmarshal([]byte(out), &v) != nil || v.Status != "Enabled" || v.MFADelete != "Disabled" {
				t.Errorf("exit %d %q %s", code, out, errOut)
			}
		}},
		{"get-bucket-versioning of the plain bucket", []string{"s3api", "get-bucket-versioning", "--bucket", "acme-velero-backups"}, func(t *testing.T, out, errOut string, code int) {
			if code != 0 || strings.Contains(out, "Status") {
				t.Errorf("exit %d %q %s; want no status (never versioned)", code, out, errOut)
			}
		}},
		{"get-object-lock-configuration", []string{"s3api", "get-object-lock-configuration", "--bucket", "acme-velero-kms"}, func(t *testing.T, _, errOut string, code int) {
			if code == 0 || !strings.Contains(errOut, "ObjectLockConfigurationNotFoundError") {
				t.Errorf("exit %d %s; want ObjectLockConfigurationNotFoundError", code, errOut)
			}
		}},
		{"kms describe-key", []string{"kms", "describe-key", "--key-id", "alias/acme-velero-backups"}, func(t *testing.T, out, errOut string, code int) {
			var v struct {
				KeyMetadata struct{ Arn, KeyManager, AWSAccountId string }
			}
			if code != 0 || json.Unmarshal([]byte(out), &v) != nil || v.KeyMetadata.KeyManager != "CUSTOMER" || v.KeyMetadata.AWSAccountId != "111122223333" {
				t.Errorf("exit %d %s %s", code, out, errOut)
			}
		}},
	}
	// Each CLI start costs a second or more: run them at once.
	var wg sync.WaitGroup
	for _, c := range cases {
		wg.Add(1)
		t.Run(c.name, func(t *testing.T) {
			defer wg.Done()
			out, errOut, code := awsCLIRun(t, bin, env, c.args...)
			c.check(t, out, errOut, code)
		})
	}
	wg.Wait()
}

// TestApplyGrantsTheBucketsKey is the first "done when": apply to the
// KMS bucket, with no KMS flag, leaves a role policy that grants the bucket's
// key (read back with the aws CLI), and the JSON reports the posture.
func TestApplyGrantsTheBucketsKey(t *testing.T) {
	bin := testenv.AWSCLI(t)
	env := serveSandbox(t)
	useAWSEnv(t, env)
	r := bslwiz(t, env, "", "apply", "--yes", "--output", "json", "--bucket", "acme-velero-kms", "--account-a", "444455556666",
		"--name", "kms-backups", "--state-dir", t.TempDir())
	if r.code != ExitOK {
		t.Fatalf("apply: exit %d\n%s\n%s", r.code, r.out, r.err)
	}
	var res Result
	if err := json.Unmarshal([]byte(r.out), &res); err != nil || res.Bucket == nil {
		t.Fatalf("apply's JSON: %v\n%s", err, r.out)
	}
	b := res.Bucket
	key := ""
	if b.Encryption != nil {
		key = b.Encryption.KMSKeyARN
	}
	if b.Versioning != "Enabled" || b.ObjectLock.Enabled || b.Owner != "111122223333" || b.Region != "us-east-2" ||
		b.Encryption == nil || b.Encryption.Type != "aws:kms" || !b.Encryption.CustomerManaged || !strings.Contains(key, ":key/") || len(b.Findings) == 0 {
		t.Errorf("bucket in apply's JSON = %+v", b)
	}
	if !strings.Contains(r.out, `"objectLock": {`) || !strings.Contains(r.out, `"versioning": "Enabled"`) {
		t.Errorf("apply's JSON does not spell versioning and objectLock:\n%s", r.out)
	}

	out, errOut, code := awsCLIRun(t, bin, env, "iam", "get-policy-version", "--policy-arn", res.PolicyARN, "--version-id", "v1")
	if code != 0 {
		t.Fatalf("get-policy-version: exit %d %s", code, errOut)
	}
	var v struct {
		PolicyVersion struct{ Document json.RawMessage }
	}
	if err := json.Unmarshal([]byte(out), &v); err != nil {
		t.Fatal(err)
	}
	doc := string(v.PolicyVersion.Document)
	if unq, err := url.QueryUnescape(strings.Trim(doc, `"`)); err == nil && strings.HasPrefix(doc, `"`) {
		doc = unq
	}
	var pd struct {
		Statement []struct {
			Sid      string
			Action   any
			Resource any
		}
	}
	if err := json.Unmarshal([]byte(doc), &pd); err != nil {
		t.Fatalf("policy document %s: %v", doc, err)
	}
	granted := false
	for _, st := range pd.Statement {
		actions, resources := fmt.Sprint(st.Action), fmt.Sprint(st.Resource)
		if strings.Contains(actions, "kms:GenerateDataKey ") && strings.Contains(actions, "kms:Decrypt") && resources == "["+key+"]" {
			granted = true
		}
	}
	if !granted {
		t.Errorf("the role's policy does not grant kms:GenerateDataKey and kms:Decrypt on %s:\n%s", key, doc)
	}
}
