package steps

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/bslwiz/bslwiz/aws"
	"github.com/bslwiz/bslwiz/aws/iampolicy"
	"github.com/bslwiz/bslwiz/rules"
)

// The bucket's posture checks. Each reads the facts of one posture read
// (BucketFacts) and says, in one line, what it found and the fix. None fails
// unless the posture makes backups fail: a lifecycle rule that expires
// Velero's data, a bucket of another account, a key policy that keeps the
// role from the bucket's key, a bucket policy that requires an encryption
// header Palette's location cannot send.
const (
	CheckBucketOwner      CheckID = "bucket-owner"
	CheckBucketEncryption CheckID = "bucket-encryption"
	CheckBucketPolicy     CheckID = "bucket-policy"
	CheckBucketVersioning CheckID = "bucket-versioning"
	CheckObjectLock       CheckID = "bucket-object-lock"
	CheckPublicAccess     CheckID = "bucket-public-access"
	CheckLifecycle        CheckID = "bucket-lifecycle"
)

// PostureChecks are the posture checks, in display order.
func PostureChecks() []Check {
	return []Check{
		{CheckBucketOwner, "Bucket owned by Account B, ACLs off", checkBucketOwner},
		{CheckBucketEncryption, "Bucket encryption and its KMS key", checkBucketEncryption},
		{CheckBucketPolicy, "Bucket policy: TLS only, no SSE header", checkBucketPolicy},
		// The one that can fail first, so a short panel shows it.
		{CheckLifecycle, "Lifecycle keeps Velero's data", checkLifecycle},
		{CheckBucketVersioning, "Bucket versioning", checkBucketVersioning},
		{CheckObjectLock, "Object Lock suits Velero", checkObjectLock},
		{CheckPublicAccess, "Block Public Access on", checkPublicAccess},
	}
}

// PostureCheckIDs are the IDs of PostureChecks.
func PostureCheckIDs() []CheckID {
	var ids []CheckID
	for _, c := range PostureChecks() {
		ids = append(ids, c.ID)
	}
	return ids
}

// veleroPrefixes are where Velero keeps its data in the bucket: the backups'
// metadata and the file-system backup repositories (Kopia, Restic).
var veleroPrefixes = []string{"backups/", "kopia/", "restic/"}

// postureFacts returns the bucket's facts for a check, reading them when
// they are not known yet, or the skip result that says what it waits for
// (or that the configuration could not be read at all).
func postureFacts(ctx context.Context, s *Session) (*BucketFacts, *CheckResult) {
	b, r := bucketFactsOrSkip(ctx, s)
	if r != nil {
		return nil, r
	}
	if b.Err != "" {
		r := skip("configuration not readable: %s", b.Err)
		if b.ForeignOwner {
			r = skip("not readable as Account B's bucket (see the owner check)")
		}
		return nil, &r
	}
	return b, nil
}

// bucketFactsOrSkip is postureFacts without the judgement of a failed read.
func bucketFactsOrSkip(ctx context.Context, s *Session) (*BucketFacts, *CheckResult) {
	p := s.Plan()
	if p.Bucket == "" || rules.BucketName(p.Bucket) != nil {
		r := skip("no valid bucket name yet")
		return nil, &r
	}
	if s.connectedAWS() == nil {
		r := skip("waiting for Account B credentials (%s)", s.stepRef(StepSTS))
		return nil, &r
	}
	if p.Region == "" {
		r := skip("waiting for the bucket's region (%s)", s.stepRef(StepFields))
		return nil, &r
	}
	b := s.BucketFacts()
	if b == nil {
		b = s.gatherBucket(ctx)
	}
	if b == nil {
		r := skip("bucket configuration not read")
		return nil, &r
	}
	return b, nil
}

// withPostureChecks places the posture checks after the bucket's existence check.
func withPostureChecks(checks []Check) []Check {
	for i, c := range checks {
		if c.ID == CheckBucket {
			return append(checks[:i+1:i+1], append(PostureChecks(), checks[i+1:]...)...)
		}
	}
	return append(checks, PostureChecks()...)
}

// readErr is the skip for one posture read that failed.
func readErr(b *BucketFacts, op string) *CheckResult {
	if e := b.Posture.Err(op); e != "" {
		r := warn("cannot read it (%s): %s", op, e)
		return &r
	}
	return nil
}

func checkBucketOwner(ctx context.Context, s *Session) CheckResult {
	b, r := bucketFactsOrSkip(ctx, s)
	if r != nil {
		return *r
	}
	if err := b.foreignOwnerError(); err != nil {
		return fail("%v", err)
	}
	if b.Err != "" {
		return warn("cannot read the bucket's configuration: %s", b.Err)
	}
	if r := readErr(b, "GetBucketOwnershipControls"); r != nil {
		return *r
	}
	switch o := b.Posture.Ownership; o {
	case "BucketOwnerEnforced":
		return ok("owned by %s; Object Ownership BucketOwnerEnforced (ACLs off)", b.Owner)
	case "":
		return warn("owned by %s, but no Object Ownership setting (ACLs decide who owns objects); set BucketOwnerEnforced: aws s3api put-bucket-ownership-controls --bucket %s --ownership-controls 'Rules=[{ObjectOwnership=BucketOwnerEnforced}]'", b.Owner, b.Bucket)
	default:
		return warn("owned by %s, but Object Ownership is %s (ACLs on: an object another account writes may stay its own); set BucketOwnerEnforced: aws s3api put-bucket-ownership-controls --bucket %s --ownership-controls 'Rules=[{ObjectOwnership=BucketOwnerEnforced}]'", b.Owner, o, b.Bucket)
	}
}

func checkBucketEncryption(ctx context.Context, s *Session) CheckResult {
	b, r := postureFacts(ctx, s)
	if r != nil {
		return *r
	}
	if r := readErr(b, "GetBucketEncryption"); r != nil {
		return *r
	}
	enc := b.Posture.Encryption
	switch {
	case enc == nil:
		return warn("no default encryption; set one (SSE-S3 needs nothing of the role): aws s3api put-bucket-encryption --bucket %s --server-side-encryption-configuration '{\"Rules\":[{\"ApplyServerSideEncryptionByDefault\":{\"SSEAlgorithm\":\"AES256\"}}]}'", b.Bucket)
	case enc.Type == "AES256":
		return ok("SSE-S3 (AES256): the role needs no KMS permission")
	case aws.AWSManagedS3Key(enc.KMSKeyID) || (b.Key != nil && b.Key.Err == "" && !b.Key.CustomerManaged):
		return ok("SSE-KMS with the AWS managed key aws/s3: the role needs no KMS permission")
	}
	k := b.Key
	if k == nil || k.ARN == "" {
		reason := "DescribeKey did not answer"
		if k != nil && k.Err != "" {
			reason = k.Err
		}
		return fail("SSE-KMS with key %s, which bslwiz cannot resolve to a key ARN (%s); give the bucket's key by ARN in its encryption", enc.KMSKeyID, reason)
	}
	p := s.Plan()
	grant := "the role's policy grants kms:GenerateDataKey, kms:Decrypt and kms:DescribeKey on it"
	if k.Account != b.Owner {
		return warn("SSE-KMS with key %s of account %s: %s, and its key policy (in %s) must allow the role too; add: %s",
			k.ARN, k.Account, grant, k.Account, KeyPolicyStatement(roleARNOf(p)))
	}
	if k.Policy == "" {
		return warn("SSE-KMS with key %s: %s; its key policy could not be read (%s): it must let IAM policies grant the key, or name the role", k.ARN, grant, k.Err)
	}
	if allows, how := keyPolicyAllows(k.Policy, roleARNOf(p), b.Owner); !allows {
		return fail("SSE-KMS with key %s: its key policy neither lets IAM policies grant the key nor names the role, so backups fail; add: %s", k.ARN, KeyPolicyStatement(roleARNOf(p)))
	} else {
		return ok("SSE-KMS with key %s: %s; the key policy %s", k.ARN, grant, how)
	}
}

// roleARNOf is the role's ARN as the plan will make it ("the role" when Account B is not known).
func roleARNOf(p Plan) string {
	p = p.WithDefaults()
	part := p.Partition
	if part == "" {
		part, _ = rules.Region(p.Region)
	}
	if p.AccountB == "" || p.RoleName == "" || part == "" {
		return "<the role's ARN>"
	}
	return fmt.Sprintf("arn:%s:iam::%s:role%s%s", part, p.AccountB, p.RolePath, p.RoleName)
}

// KeyPolicyStatement is the key-policy statement that lets the role use a KMS
// key for Velero's objects, as compact JSON.
func KeyPolicyStatement(roleARN string) string {
	st := map[string]any{
		"Sid": "AllowVeleroBackupRole", "Effect": "Allow", "Principal": map[string]string{"AWS": roleARN},
		"Action": iampolicy.BucketKMSActions(), "Resource": "*",
	}
	b, _ := json.Marshal(st)
	return string(b)
}

// keyPolicyAllows reports whether a key policy lets the role use the key for
// S3's objects: a statement for the account (its root), which lets IAM
// policies grant the key, or one naming the role.
func keyPolicyAllows(doc, roleARN, account string) (bool, string) {
	sts, err := iampolicy.ParseResourcePolicy(doc)
	if err != nil {
		return false, ""
	}
	for _, st := range sts {
		if st.Effect == "Deny" && st.Covers(roleARN, account) && (st.MatchesAction("kms:Decrypt") || st.MatchesAction("kms:GenerateDataKey")) && len(st.Cond) == 0 {
			return false, ""
		}
	}
	for _, need := range []string{"kms:GenerateDataKey", "kms:Decrypt"} {
		found := false
		for _, st := range sts {
			if st.Effect == "Allow" && !st.NotPrin && st.Covers(roleARN, account) && st.MatchesAction(need) {
				found = true
			}
		}
		if !found {
			return false, ""
		}
	}
	for _, st := range sts {
		if st.Names(roleARN) {
			return true, "names the role"
		}
	}
	return true, "lets IAM policies grant it"
}

// tlsOnly reports the bucket policy's TLS-only statement, if any: a Deny of
// every S3 action when aws:SecureTransport is false.
func tlsOnly(sts []iampolicy.ResourceStatement) (iampolicy.ResourceStatement, bool) {
	for _, st := range sts {
		if st.Effect != "Deny" || !st.Principal.Any || !st.MatchesAction("s3:GetObject") || !st.MatchesAction("s3:PutObject") {
			continue
		}
		if v, ok := st.Cond["Bool"]["aws:securetransport"]; ok && len(v) == 1 && strings.EqualFold(v[0], "false") {
			return st, true
		}
	}
	return iampolicy.ResourceStatement{}, false
}

// sseHeaderRequired reports a statement that denies PutObject without (or
// with another) server-side-encryption header.
func sseHeaderRequired(sts []iampolicy.ResourceStatement, objects string) (iampolicy.ResourceStatement, bool) {
	for _, st := range sts {
		if st.Effect != "Deny" || !st.Matches("s3:PutObject", objects) {
			continue
		}
		for _, keys := range st.Cond {
			for k := range keys {
				if k == "s3:x-amz-server-side-encryption" || k == "s3:x-amz-server-side-encryption-aws-kms-key-id" {
					return st, true
				}
			}
		}
	}
	return iampolicy.ResourceStatement{}, false
}

func checkBucketPolicy(ctx context.Context, s *Session) CheckResult {
	b, r := postureFacts(ctx, s)
	if r != nil {
		return *r
	}
	if r := readErr(b, "GetBucketPolicy"); r != nil {
		return *r
	}
	p := s.Plan()
	tlsFix := "add a TLS-only statement: " + TLSOnlyStatement(p.Partition, b.Bucket)
	if b.Posture.Policy == "" {
		return warn("no bucket policy, so plain HTTP is allowed; %s", tlsFix)
	}
	sts, err := iampolicy.ParseResourcePolicy(b.Posture.Policy)
	if err != nil {
		return warn("bucket policy: %v", err)
	}
	if st, found := sseHeaderRequired(sts, iampolicy.ObjectsARN(p.Partition, b.Bucket)+"/kopia/x"); found {
		return fail("%s denies PutObject without a server-side-encryption header, and Palette's location has no such field, so backups fail; remove it and rely on the bucket's default encryption", st.Name())
	}
	if denied := bucketPolicyDenials(p, b); len(denied) > 0 {
		return fail("the bucket policy denies the role: %s", strings.Join(denied, "; "))
	}
	if st, found := tlsOnly(sts); found {
		return ok("%s refuses plain HTTP; nothing in it denies the role", st.Name())
	}
	return warn("the bucket policy allows plain HTTP; %s", tlsFix)
}

// bucketPolicyDenials evaluates the bucket policy, without the simulator,
// for the calls Palette's session of the role makes (TLS, from outside any
// VPC or network a condition names): each Deny that would hold, naming its
// statement. A condition on a key bslwiz cannot know (the organization, tags)
// is left to the simulator and Palette's validate.
func bucketPolicyDenials(p Plan, b *BucketFacts) []string {
	if b == nil || b.Posture.Policy == "" {
		return nil
	}
	sts, err := iampolicy.ParseResourcePolicy(b.Posture.Policy)
	if err != nil {
		return nil
	}
	roleARN := roleARNOf(p)
	ctx := map[string][]string{
		"aws:securetransport":  {"true"},
		"aws:principalarn":     {roleARN},
		"aws:principalaccount": {b.Owner},
		"aws:principaltype":    {"AssumedRole"},
		"aws:requestedregion":  {p.Region},
	}
	unknowable := func(k string) bool {
		return k == "aws:principalorgid" || k == "aws:principalorgpaths" || strings.HasPrefix(k, "aws:principaltag/") ||
			k == "aws:userid" || k == "aws:sourceaccount" || k == "aws:calledvia"
	}
	var out []string
	for _, ch := range aws.GuideActions(p.Partition, p.Bucket, iampolicy.PermissionsOptions{Tagging: p.Tagging}) {
		if !strings.HasPrefix(ch.Action, "s3:") {
			continue
		}
		for _, st := range sts {
			if st.Effect != "Deny" || !st.Covers(roleARN, b.Owner) || !st.Matches(ch.Action, ch.Resource) {
				continue
			}
			if v, _ := st.Conditions(ctx, unknowable); v == iampolicy.ConditionsHold {
				out = append(out, fmt.Sprintf("%s denies %s on %s", st.Name(), ch.Action, ch.Resource))
				break
			}
		}
	}
	return out
}

func checkBucketVersioning(ctx context.Context, s *Session) CheckResult {
	b, r := postureFacts(ctx, s)
	if r != nil {
		return *r
	}
	if r := readErr(b, "GetBucketVersioning"); r != nil {
		return *r
	}
	fix := fmt.Sprintf("aws s3api put-bucket-versioning --bucket %s --versioning-configuration Status=Enabled", b.Bucket)
	switch b.Posture.Versioning {
	case "Enabled":
		return ok("enabled: a deleted or overwritten backup object can be recovered")
	case "Suspended":
		return warn("suspended: new overwrites and deletes are final; re-enable it: %s", fix)
	}
	return warn("off: a deleted or overwritten backup object is gone for good; enable it: %s", fix)
}

func checkObjectLock(ctx context.Context, s *Session) CheckResult {
	b, r := postureFacts(ctx, s)
	if r != nil {
		return *r
	}
	if r := readErr(b, "GetObjectLockConfiguration"); r != nil {
		return *r
	}
	ol := b.Posture.ObjectLock
	checksums := "Object Lock requires a checksum on every upload (keep velero-plugin-for-aws's checksumAlgorithm set)"
	switch {
	case !ol.Enabled:
		return ok("off (optional: GOVERNANCE-mode retention makes backups ransomware-resistant)")
	case ol.Mode == "COMPLIANCE":
		return warn("COMPLIANCE-mode retention (%s) on the whole bucket: Velero rewrites backup metadata and deletes expired backups, which no one can then do; use GOVERNANCE mode instead. %s", retention(ol), checksums)
	case ol.Mode == "GOVERNANCE":
		return ok("GOVERNANCE-mode retention (%s); %s", retention(ol), checksums)
	}
	return ok("enabled without a default retention: nothing is locked unless an object asks; %s", checksums)
}

func retention(ol aws.ObjectLock) string {
	if ol.Years > 0 {
		return fmt.Sprintf("%d years", ol.Years)
	}
	return fmt.Sprintf("%d days", ol.Days)
}

func checkPublicAccess(ctx context.Context, s *Session) CheckResult {
	b, r := postureFacts(ctx, s)
	if r != nil {
		return *r
	}
	if r := readErr(b, "GetPublicAccessBlock"); r != nil {
		return *r
	}
	fix := fmt.Sprintf("aws s3api put-public-access-block --bucket %s --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true", b.Bucket)
	pab := b.Posture.PublicAccessBlock
	switch {
	case pab == nil:
		return warn("no Block Public Access on the bucket (only the account's, if any); turn all four on: %s", fix)
	case !pab.All():
		return warn("only some Block Public Access settings are on; turn all four on: %s", fix)
	}
	return ok("all four settings on")
}

func checkLifecycle(ctx context.Context, s *Session) CheckResult {
	b, r := postureFacts(ctx, s)
	if r != nil {
		return *r
	}
	if r := readErr(b, "GetBucketLifecycleConfiguration"); r != nil {
		return *r
	}
	var noncurrent bool
	for _, rule := range b.Posture.Lifecycle {
		if !rule.Enabled {
			continue
		}
		if rule.Filtered && rule.NoncurrentDays == 0 {
			continue // by tag or size: Velero's objects carry neither
		}
		if rule.NoncurrentDays > 0 {
			noncurrent = true
		}
		if rule.ExpirationDays == 0 && !rule.ExpirationDate {
			continue
		}
		if over := coveredPrefix(rule.Prefix); over != "" {
			name := rule.ID
			if name == "" {
				name = "without an ID"
			}
			when := fmt.Sprintf("after %d days", rule.ExpirationDays)
			if rule.ExpirationDate {
				when = "on a date"
			}
			return fail("lifecycle rule %q expires objects under %s %s: S3 deletes Velero's data behind its back and restores fail; limit the rule to other prefixes, or remove it (Velero's TTL expires backups)",
				name, over, when)
		}
	}
	if b.Posture.Versioning == "Enabled" && !noncurrent {
		return warn("no rule expires noncurrent versions, so every overwritten or deleted object is kept forever; add a NoncurrentVersionExpiration rule (for example 30 days)")
	}
	if len(b.Posture.Lifecycle) == 0 {
		return ok("no lifecycle rules: Velero's TTL expires backups")
	}
	return ok("no rule expires Velero's data")
}

// coveredPrefix names what of Velero's data a rule's prefix covers ("the
// whole bucket", "kopia/"), "" when it covers none.
func coveredPrefix(prefix string) string {
	if prefix == "" {
		return "the whole bucket"
	}
	for _, v := range veleroPrefixes {
		if strings.HasPrefix(v, prefix) || strings.HasPrefix(prefix, v) {
			return fmt.Sprintf("%q", v)
		}
	}
	return ""
}

// simulatePermissions asks the simulator about the role, weighing the bucket
// policy and the key policy the real calls meet when the client can.
func (s *Session) simulatePermissions(ctx context.Context, c AccountB, roleARN, region string, checks []aws.ActionCheck) ([]aws.Denial, error) {
	p := s.Plan()
	if rs, ok := c.(resourceSimulator); ok {
		if b := s.gatherBucket(ctx); b != nil {
			if policies := b.resourcePolicies(p.Partition); len(policies) > 0 {
				return rs.SimulateRoleWithPolicies(ctx, roleARN, region, checks, policies)
			}
		}
	}
	return c.SimulateRoleInRegion(ctx, roleARN, region, checks)
}

// denialText is one denial for the permission check: the action, the
// resource, the decision, and the resource policy's statement that denies it.
func denialText(d aws.Denial) string {
	if d.Statement != "" {
		return fmt.Sprintf("%s on %s (%s by %s of the resource policy)", d.Action, d.Resource, d.Decision, d.Statement)
	}
	return fmt.Sprintf("%s on %s (%s)", d.Action, d.Resource, d.Decision)
}

// TLSOnlyStatement is the bucket-policy statement that refuses plain HTTP, as compact JSON.
func TLSOnlyStatement(partition, bucket string) string {
	return fmt.Sprintf(`{"Sid":"DenyInsecureTransport","Effect":"Deny","Principal":"*","Action":"s3:*","Resource":["%s","%s"],"Condition":{"Bool":{"aws:SecureTransport":"false"}}}`,
		iampolicy.BucketARN(partition, bucket), iampolicy.ObjectsARN(partition, bucket))
}
