package cli

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/bslwiz/bslwiz/internal/shellquote"
	"github.com/bslwiz/bslwiz/sandbox"
)

// SandboxOptions are the inputs of `bslwiz sandbox`: only the environment's
// knobs (BSLWIZ_SANDBOX_LATENCY, BSLWIZ_SANDBOX_PROPAGATION).
type SandboxOptions struct {
	Factory *Factory
}

// NewCmdSandbox is `bslwiz sandbox`: serve the emulators and print the
// environment that points bslwiz, the aws CLI or Terraform at them. runF,
// when not nil, runs instead of the emulators.
func NewCmdSandbox(f *Factory, runF func(*SandboxOptions) error) *cobra.Command {
	o := &SandboxOptions{Factory: f}
	return &cobra.Command{
		Use:   "sandbox",
		Short: "serve the emulators and print the environment that points tools at them",
		Long: `Serve the AWS (IAM, STS, S3) and Palette emulators on loopback until
interrupted, and print the environment (AWS_ENDPOINT_URL, keys,
SPECTROCLOUD_HOST, SPECTROCLOUD_APIKEY) that points bslwiz, the aws CLI or
Terraform at them. BSLWIZ_SANDBOX_LATENCY and BSLWIZ_SANDBOX_PROPAGATION
slow them down like a far link and a slow IAM; BSLWIZ_SANDBOX_MFA=1 adds a
profile that assumes its role with an MFA code.`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if runF != nil {
				return runF(o)
			}
			return runSandbox(cmd.Context(), o)
		},
	}
}

func runSandbox(ctx context.Context, o *SandboxOptions) error {
	out := o.Factory.IO.Out
	opts, err := sandboxOptions(o.Factory.Getenv)
	if err != nil {
		return err
	}
	sb, err := sandbox.Start(opts)
	if err != nil {
		return err
	}
	defer sb.Close()
	fmt.Fprintln(out, "# bslwiz sandbox: AWS (IAM, STS, S3) and Palette emulators on loopback; nothing leaves this machine.")
	fmt.Fprintln(out, "# Sandbox-only credentials. Paste these lines into another shell while this process runs.")
	for _, kv := range sb.Env() {
		k, v, _ := strings.Cut(kv, "=")
		fmt.Fprintf(out, "export %s=%s\n", k, shellquote.Quote(v))
	}
	fmt.Fprintf(out, "# Account B %s, bucket %s (%s); Account A %s; Palette account %s; project %s.\n",
		sandbox.AccountB, sandbox.Bucket, sb.BucketRegion, sandbox.AccountA, sandbox.PaletteAccount, sandbox.ProjectName)
	fmt.Fprintf(out, "# Profiles %s (Account A) and %s (Account B) are in AWS_SHARED_CREDENTIALS_FILE: bslwiz --account-a-profile %s, aws --profile %s.\n",
		sandbox.ProfileAccountA, sandbox.ProfileAccountB, sandbox.ProfileAccountA, sandbox.ProfileAccountA)
	fmt.Fprintf(out, "# A second bucket, %s, is SSE-KMS with customer-managed key %s (%s), versioned, with a bucket policy: --bucket %s shows every posture check.\n",
		sandbox.KMSBucket, sandbox.KMSKeyAlias, sb.KMSKeyARN, sandbox.KMSBucket)
	if sb.MFA != nil {
		fmt.Fprintf(out, "# %s\n# Sign in with it: bslwiz --aws-profile %s (aws CLI: --profile %s); a named profile wins over the keys above.\n",
			sandboxMFANote(sb), sb.MFA.Name, sb.MFA.Name)
	}
	if knobs := sandboxKnobs(o.Factory.Getenv); knobs != "" {
		fmt.Fprintf(out, "#%s\n", knobs)
	}
	fmt.Fprintln(out, "# Serving until interrupted (Ctrl-C).")
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	defer stop()
	<-ctx.Done()
	time.Sleep(10 * time.Millisecond)
	return nil
}
