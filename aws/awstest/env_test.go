package awstest_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/sts"
)

// TestEnvPointsTheSDKDefaultChainAtTheServer loads the SDK's default configuration from nothing
// but Server.Env, the way `bslwiz sandbox` users and scripts do.
func TestEnvPointsTheSDKDefaultChainAtTheServer(t *testing.T) {
	w := newWorld(t)
	dir := t.TempDir()
	for _, f := range []string{"config", "credentials"} {
		if err := os.WriteFile(filepath.Join(dir, f), nil, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	t.Setenv("AWS_CONFIG_FILE", filepath.Join(dir, "config"))
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", filepath.Join(dir, "credentials"))
	t.Setenv("AWS_PROFILE", "")
	session, err := w.assume(context.Background(), w.palette, w.createRole(t, backupRole, paletteTrust()), externalID)
	if err != nil {
		t.Fatalf("AssumeRole: %v", err)
	}
	env := w.srv.Env(session)
	for _, kv := range env {
		k, v, _ := strings.Cut(kv, "=")
		t.Setenv(k, v)
	}
	if !strings.Contains(strings.Join(env, "\n"), "AWS_ENDPOINT_URL="+w.srv.URL) {
		t.Fatalf("Env = %q", env)
	}
	for _, kv := range env {
		if strings.HasPrefix(kv, "AWS_SECRET_ACCESS_KEY=") && kv != "AWS_SECRET_ACCESS_KEY="+session.SecretAccessKey {
			t.Errorf("Env secret entry is wrong")
		}
	}

	ctx := context.Background()
	cfg, err := config.LoadDefaultConfig(ctx)
	if err != nil {
		t.Fatalf("LoadDefaultConfig: %v", err)
	}
	if cfg.Region != "us-east-1" {
		t.Errorf("region = %q", cfg.Region)
	}
	id, err := sts.NewFromConfig(cfg).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil || *id.Arn != "arn:aws:sts::111122223333:assumed-role/"+backupRole+"/bslwiz-test" {
		t.Fatalf("GetCallerIdentity = %v, %v", id, err)
	}
	if _, err := iam.NewFromConfig(cfg).GetRole(ctx, &iam.GetRoleInput{RoleName: sdkaws.String(backupRole)}); apiCode(err) != "AccessDenied" {
		t.Errorf("GetRole as a role without IAM permissions: %v", err)
	}
	// An IP endpoint makes the SDK use path-style addressing without being told.
	_, err = s3.NewFromConfig(cfg, func(o *s3.Options) { o.Region = bucketRegion }).HeadBucket(ctx, &s3.HeadBucketInput{Bucket: sdkaws.String(bucketName)})
	if apiCode(err) != "Forbidden" {
		t.Errorf("HeadBucket without s3:ListBucket: %v", err)
	}
}
