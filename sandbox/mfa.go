package sandbox

import (
	"fmt"
	"os"
	"path/filepath"
)

// MFAEnv is the knob that seeds an MFA profile into the sandbox
// (BSLWIZ_SANDBOX_MFA=1): the wizard then signs in to Account B by
// assuming a role that requires a code from a virtual MFA device.
const MFAEnv = "BSLWIZ_SANDBOX_MFA"

// The MFA seed: an operator in Account B with an MFA device, and the role
// that trusts the operator only with MFA.
const (
	MFAProfileName = "sandbox-mfa"
	MFAUser        = "mfa-operator"
	MFARole        = "sandbox-mfa-admin"
	// MFACode is the virtual device's one-time code, the same every time:
	// the sandbox's rehearsal code, never a real one.
	MFACode = "123456"
)

// MFAProfile is the seeded MFA profile and the shared config files that
// name it, in a directory of their own that Close removes.
type MFAProfile struct {
	Name, Serial, RoleARN       string
	ConfigFile, CredentialsFile string
	dir                         string
}

// seedMFA gives Account B the MFA operator, its device and the role, and
// writes the profile files. The aws CLI and the SDK read the files through
// AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE (Env).
func (sb *Sandbox) seedMFA() error {
	ae := sb.AWS
	userARN := fmt.Sprintf("arn:%s:iam::%s:user/%s", sb.Partition, AccountB, MFAUser)
	keys := ae.AddUser(AccountB, MFAUser,
		`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"*"}]}`)
	serial := ae.AddMFADevice(AccountB, MFAUser, MFACode)
	ae.AddRole(AccountB, MFARole, `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"`+userARN+
		`"},"Action":"sts:AssumeRole","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}}]}`)
	ae.AddRolePolicy(AccountB, MFARole, `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`)

	dir, err := os.MkdirTemp("", "bslwiz-sandbox-mfa-")
	if err != nil {
		return fmt.Errorf("sandbox MFA profile: %w", err)
	}
	p := &MFAProfile{Name: MFAProfileName, Serial: serial, dir: dir,
		RoleARN:    fmt.Sprintf("arn:%s:iam::%s:role/%s", sb.Partition, AccountB, MFARole),
		ConfigFile: filepath.Join(dir, "config"), CredentialsFile: filepath.Join(dir, "credentials")}
	config := fmt.Sprintf("[profile %s]\nregion = %s\n\n[profile %s]\nrole_arn = %s\nsource_profile = %s\nmfa_serial = %s\nregion = %s\n",
		MFAUser, sb.homeRegion, p.Name, p.RoleARN, MFAUser, serial, sb.homeRegion)
	credentials := fmt.Sprintf("[%s]\naws_access_key_id = %s\naws_secret_access_key = %s\n", MFAUser, keys.AccessKeyID, keys.SecretAccessKey)
	for _, f := range []struct{ path, text string }{{p.ConfigFile, config}, {p.CredentialsFile, credentials}} {
		if err := os.WriteFile(f.path, []byte(f.text), 0o600); err != nil {
			_ = os.RemoveAll(dir)
			return fmt.Errorf("sandbox MFA profile: %w", err)
		}
	}
	sb.MFA = p
	return nil
}

// mfaEnv is what points the SDK and the aws CLI at the MFA profile's
// files. The SDK builds the assume-role STS client before it reads
// AWS_ENDPOINT_URL: only AWS_ENDPOINT_URL_STS reaches it, so Env names it
// always.
func (sb *Sandbox) mfaEnv() []string {
	if sb.MFA == nil {
		return nil
	}
	return []string{"AWS_CONFIG_FILE=" + sb.MFA.ConfigFile, "AWS_SHARED_CREDENTIALS_FILE=" + sb.MFA.CredentialsFile}
}

// removeMFA deletes the MFA profile's files.
func (sb *Sandbox) removeMFA() {
	if sb.MFA != nil {
		_ = os.RemoveAll(sb.MFA.dir)
	}
}
