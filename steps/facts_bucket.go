package steps

import (
	"context"
	"fmt"
	"strings"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws/arn"

	"github.com/bslwiz/bslwiz/aws"
	"github.com/bslwiz/bslwiz/aws/iampolicy"
)

// postureReader is an Account B client that reads a bucket's configuration
// and its KMS key (*aws.Client). The engine's fakes need not be one: without
// it the bucket's posture is simply not a fact.
type postureReader interface {
	BucketPosture(ctx context.Context, bucket, region, owner string) (aws.Posture, error)
	DescribeKey(ctx context.Context, keyID, region string) (aws.KMSKey, error)
	GetKeyPolicy(ctx context.Context, keyARN, region string) (string, error)
}

// resourceSimulator is an Account B client whose simulations weigh resource
// policies (*aws.Client).
type resourceSimulator interface {
	SimulateRoleWithPolicies(ctx context.Context, roleARN, region string, checks []aws.ActionCheck, policies map[string]aws.ResourcePolicy) ([]aws.Denial, error)
}

// BucketFacts is the bucket's posture as Account B's caller read it, every
// read expecting Account B as the owner.
type BucketFacts struct {
	Bucket, Region, Owner string
	Posture               aws.Posture
	// Err is why no read answered (all failed); ForeignOwner is true when
	// every read was refused (403), as S3 answers a bucket of another
	// account than the one expected.
	Err          string
	ForeignOwner bool
	// Key is the KMS key of the bucket's default encryption (SSE-KMS with a
	// key other than aws/s3), nil otherwise.
	Key *KeyFacts
}

// KeyFacts is what KMS said of the bucket's key.
type KeyFacts struct {
	// ID is the key as the bucket's encryption names it; ARN the key's ARN
	// (from DescribeKey, or ID when it is one).
	ID, ARN, Account string
	// CustomerManaged is false for an AWS managed key.
	CustomerManaged bool
	// Policy is the key policy, read when the key is in Account B.
	Policy string
	// Err is why DescribeKey or GetKeyPolicy failed.
	Err string
}

// CustomerKeyARN is the ARN of the bucket's customer-managed key, "" when the
// bucket uses none (or the facts are not known).
func (b *BucketFacts) CustomerKeyARN() string {
	if b == nil || b.Key == nil || !b.Key.CustomerManaged || !strings.Contains(b.Key.ARN, ":key/") {
		return ""
	}
	return b.Key.ARN
}

// bucketCache holds the bucket's posture; gather lets one read run at a time,
// so the checks that start together make one set of round trips.
type bucketCache struct {
	gather sync.Mutex
	facts  *BucketFacts
}

// bucketFactsLocked returns the session's bucket facts when they are of the
// plan's bucket, region and Account B. Caller holds s.mu.
func (s *Session) bucketFactsLocked(bucket, region, owner string) *BucketFacts {
	b := s.bucket.facts
	if b == nil || b.Bucket != bucket || b.Region != region || b.Owner != owner {
		return nil
	}
	return b
}

// BucketFacts returns the bucket's posture found so far, nil when not read.
func (s *Session) BucketFacts() *BucketFacts {
	raw := s.RawPlan()
	s.mu.Lock()
	defer s.mu.Unlock()
	region := raw.Region
	if region == "" && s.regionOf == raw.Bucket {
		region = s.bucketRegion
	}
	if s.aws == nil {
		return nil
	}
	return s.bucketFactsLocked(raw.Bucket, region, s.aws.Identity().Account)
}

// gatherBucket reads the bucket's posture once per bucket, region and
// Account B: the seven configuration reads at once, then the KMS key's
// DescribeKey and GetKeyPolicy at once when it names a key ARN. It needs the
// region; a failed read is a fact (the checks tell it), not an error.
func (s *Session) gatherBucket(ctx context.Context) *BucketFacts {
	c := s.connectedAWS()
	pr, ok := c.(postureReader)
	if !ok {
		return nil
	}
	p := s.Plan()
	if p.Bucket == "" || p.Region == "" {
		return nil
	}
	owner := c.Identity().Account
	s.bucket.gather.Lock()
	defer s.bucket.gather.Unlock()
	s.mu.Lock()
	b := s.bucketFactsLocked(p.Bucket, p.Region, owner)
	s.mu.Unlock()
	if b != nil {
		return b
	}
	b = &BucketFacts{Bucket: p.Bucket, Region: p.Region, Owner: owner}
	posture, err := pr.BucketPosture(ctx, p.Bucket, p.Region, owner)
	if ctx.Err() != nil {
		return nil // cancelled: not a fact
	}
	b.Posture = posture
	if err != nil {
		b.Err = err.Error()
		// S3 answers an owner other than the expected one with a bare
		// "Access Denied"; a policy's denial names the caller and the policy.
		b.ForeignOwner = true
		for _, e := range posture.Errs {
			if !strings.Contains(e, "AccessDenied") || strings.Contains(e, "is not authorized to perform") {
				b.ForeignOwner = false
			}
		}
	}
	if enc := posture.Encryption; enc != nil && strings.HasPrefix(enc.Type, "aws:kms") && !aws.AWSManagedS3Key(enc.KMSKeyID) {
		b.Key = s.gatherKey(ctx, pr, enc.KMSKeyID, p.Region, owner)
	}
	s.mu.Lock()
	s.bucket.facts = b
	s.mu.Unlock()
	return b
}

// gatherKey describes the bucket's key and, when it is in Account B, reads its
// policy; both at once when the bucket names the key by ARN.
func (s *Session) gatherKey(ctx context.Context, pr postureReader, keyID, region, owner string) *KeyFacts {
	k := &KeyFacts{ID: keyID}
	known, err := arn.Parse(keyID)
	byARN := err == nil && strings.HasPrefix(known.Resource, "key/")
	if byARN {
		k.ARN, k.Account, k.CustomerManaged = keyID, known.AccountID, true
		region = known.Region
	}
	var (
		wg        sync.WaitGroup
		policy    string
		policyErr error
	)
	if byARN && known.AccountID == owner {
		wg.Add(1)
		go func() {
			defer wg.Done()
			policy, policyErr = pr.GetKeyPolicy(ctx, keyID, region)
		}()
	}
	info, descErr := pr.DescribeKey(ctx, keyID, region)
	wg.Wait()
	var errs []string
	if descErr != nil {
		errs = append(errs, descErr.Error())
	} else {
		k.ARN, k.Account, k.CustomerManaged = info.ARN, info.Account, info.CustomerManaged
		if !byARN && k.Account == owner && k.CustomerManaged {
			policy, policyErr = pr.GetKeyPolicy(ctx, k.ARN, region)
		}
	}
	if policyErr != nil {
		errs = append(errs, policyErr.Error())
	}
	k.Policy = policy
	k.Err = strings.Join(errs, "; ")
	return k
}

// bucketPolicies are the resource policies the role's real calls meet, by
// resource ARN, for the permission simulation: the bucket policy on the
// bucket and its objects, and the key policy of a key in Account B.
func (b *BucketFacts) resourcePolicies(partition string) map[string]aws.ResourcePolicy {
	if b == nil {
		return nil
	}
	out := map[string]aws.ResourcePolicy{}
	if doc := b.Posture.Policy; doc != "" {
		rp := aws.ResourcePolicy{Document: doc, Owner: b.Owner}
		out["arn:"+partition+":s3:::"+b.Bucket] = rp
		out["arn:"+partition+":s3:::"+b.Bucket+"/*"] = rp
	}
	if k := b.Key; k != nil && k.Policy != "" && k.Account == b.Owner {
		out[k.ARN] = aws.ResourcePolicy{Document: k.Policy, Owner: b.Owner}
	}
	return out
}

// foreignOwnerError is the stop for a bucket S3 does not answer as Account B's.
func (b *BucketFacts) foreignOwnerError() error {
	if b == nil || !b.ForeignOwner {
		return nil
	}
	return fmt.Errorf("bucket %s does not answer as Account B's (%s): every read that expects it as the owner is refused; "+
		"it belongs to another account, or Account B's caller may not read its configuration; "+
		"a backup location needs a bucket of Account B", b.Bucket, b.Owner)
}

// gatherBucketAsync starts reading the bucket's posture when its region is
// known, and returns the wait for it.
func (s *Session) gatherBucketAsync(ctx context.Context) func() *BucketFacts {
	done := make(chan *BucketFacts, 1)
	go func() { done <- s.gatherBucket(ctx) }()
	return func() *BucketFacts { return <-done }
}

// bucketStops is why nothing may be created for this bucket: it does not
// answer as Account B's, or its policy denies the role what backups need.
// Both are found before any change, rather than at Palette's validate.
func (s *Session) bucketStops(ctx context.Context) error {
	b := s.gatherBucket(ctx)
	if err := b.foreignOwnerError(); err != nil {
		return err
	}
	if denied := bucketPolicyDenials(s.Plan(), b); len(denied) > 0 {
		return fmt.Errorf("the policy of bucket %s denies the role what backups need: %s; change the bucket policy first (Palette's validate would fail)",
			b.Bucket, strings.Join(denied, "; "))
	}
	return nil
}

// summary is the bucket's posture in a few preview lines.
func (b *BucketFacts) summary() []string {
	if b == nil || b.Err != "" {
		return nil
	}
	var out []string
	if e := b.Posture.Encryption; e != nil {
		switch k := b.CustomerKeyARN(); {
		case k != "":
			out = append(out, fmt.Sprintf("bucket encryption: SSE-KMS with customer-managed key %s (the role's policy grants it)", k))
		default:
			out = append(out, "bucket encryption: "+e.Type)
		}
	}
	v := b.Posture.Versioning
	if v == "" {
		v = "off"
	}
	lock := "off"
	if ol := b.Posture.ObjectLock; ol.Enabled {
		lock = "on"
		if ol.Mode != "" {
			lock = ol.Mode + " " + retention(ol)
		}
	}
	return append(out, fmt.Sprintf("bucket versioning %s, Object Lock %s", strings.ToLower(v), lock))
}

// roleBucketFacts are the role step's preview lines about the bucket's key.
func roleBucketFacts(p Plan, b *BucketFacts) []string {
	k := p.BucketKMSKey()
	if k == "" {
		return nil
	}
	line := fmt.Sprintf("the bucket's default encryption uses customer-managed key %s: the policy grants %s on exactly that key (statement %s)",
		k, strings.Join(iampolicy.BucketKMSActions(), ", "), iampolicy.SidBucketKMS)
	if p.KMSKeyARN == k {
		line = fmt.Sprintf("the bucket's default encryption uses %s, the key --kms-key-arn names: its statement covers the objects too", k)
	}
	out := []string{line}
	if b != nil && b.Key != nil && b.Key.Account != b.Owner {
		out = append(out, fmt.Sprintf("the key is in account %s: its key policy must allow the role too; add: %s", b.Key.Account, KeyPolicyStatement(roleARNOf(p))))
	}
	return out
}

// sessionLengthFact says what the role's maximum session duration changes.
func sessionLengthFact(seconds int) string {
	if seconds >= 43200 {
		return fmt.Sprintf("max session duration %d s (12 hours): a session of the role may be asked for up to 12 hours, so a long backup of a large cluster keeps its credentials (Palette's advice for large clusters); a session asked for without a duration still lasts 1 hour", seconds)
	}
	length := fmt.Sprintf("%d minutes", seconds/60)
	switch {
	case seconds == 3600:
		length = "1 hour"
	case seconds%3600 == 0:
		length = fmt.Sprintf("%d hours", seconds/3600)
	}
	return fmt.Sprintf("max session duration %d s (%s): no session of the role outlasts it; for large clusters Palette's docs advise 43200 (12 hours, --max-session-duration 43200)",
		seconds, length)
}
