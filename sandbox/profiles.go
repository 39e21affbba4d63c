package sandbox

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/bslwiz/bslwiz/aws/awstest"
)

// The shared-credentials profiles every sandbox writes: Account A's
// cluster-admin and Account B's platform-admin, so `--account-a-profile
// account-a` (and the aws CLI's `--profile account-a`) reach Account A.
const (
	ProfileAccountA = "account-a"
	ProfileAccountB = "account-b"
)

// writeProfiles writes the shared credentials file with the account-a and
// account-b profiles, in a directory of its own that Close removes. With an
// MFA seed the profiles join its credentials file instead, so one
// AWS_SHARED_CREDENTIALS_FILE names them all.
func (sb *Sandbox) writeProfiles() error {
	text := profileSection(ProfileAccountA, sb.accountA) + "\n" + profileSection(ProfileAccountB, sb.accountB)
	if sb.MFA != nil {
		f, err := os.OpenFile(sb.MFA.CredentialsFile, os.O_APPEND|os.O_WRONLY, 0o600)
		if err != nil {
			return fmt.Errorf("sandbox profiles: %w", err)
		}
		_, err = f.WriteString("\n" + text)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return fmt.Errorf("sandbox profiles: %w", err)
		}
		sb.CredentialsFile = sb.MFA.CredentialsFile
		return nil
	}
	dir, err := os.MkdirTemp("", "bslwiz-sandbox-profiles-")
	if err != nil {
		return fmt.Errorf("sandbox profiles: %w", err)
	}
	path := filepath.Join(dir, "credentials")
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		_ = os.RemoveAll(dir)
		return fmt.Errorf("sandbox profiles: %w", err)
	}
	sb.CredentialsFile, sb.profilesDir = path, dir
	return nil
}

func profileSection(name string, c awstest.Credentials) string {
	return fmt.Sprintf("[%s]\naws_access_key_id = %s\naws_secret_access_key = %s\n", name, c.AccessKeyID, c.SecretAccessKey)
}

// profilesEnv points the SDK and the aws CLI at the profiles (the MFA seed
// names the same file itself).
func (sb *Sandbox) profilesEnv() []string {
	if sb.MFA != nil || sb.CredentialsFile == "" {
		return nil
	}
	return []string{"AWS_SHARED_CREDENTIALS_FILE=" + sb.CredentialsFile}
}

// removeProfiles deletes the profiles' own directory.
func (sb *Sandbox) removeProfiles() {
	if sb.profilesDir != "" {
		_ = os.RemoveAll(sb.profilesDir)
	}
}
