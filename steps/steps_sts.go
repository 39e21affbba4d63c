package steps

import (
	"context"
	"errors"
	"fmt"

	"github.com/bslwiz/bslwiz/aws"
	"github.com/bslwiz/bslwiz/rules"
)

// detectRegion asks S3 where the bucket lives, in one request: HeadBucket
// answers with x-amz-bucket-region on 200, 301, 400 and 403. The answer also
// says the bucket exists there, so the check of step 5 needs no request of
// its own.
func (s *Session) detectRegion(ctx context.Context, bucket string) (string, error) {
	c, err := s.AWSClient(ctx)
	if err != nil {
		return "", err
	}
	// Ask from the region the client signed in (""): STS answered there, so
	// it is enabled, where an opt-in region of the table may not be.
	b, err := c.HeadBucket(ctx, bucket, "")
	if err != nil {
		return "", err
	}
	switch b.State {
	case aws.BucketNotFound:
		// The plan's bucket is wrong, not the region: a rule's error (exit 3).
		f, _ := FieldByKey("bucket")
		return "", Problems{Errors: []FieldError{{f, &rules.Error{Field: f.Label, Value: bucket,
			Rule: fmt.Sprintf("is not a bucket in Account B (%s): the guide's prerequisite is a bucket that exists; create it first, or check the name", c.Identity().Account)}}}}.Err()
	}
	if b.Region == "" {
		return "", fmt.Errorf("S3 did not say where bucket %s is", bucket)
	}
	key := c.Identity().Account + "/" + bucket + "/" + b.Region
	s.mu.Lock()
	s.bucketSeen = key // located: the bucket is there, in that region
	s.mu.Unlock()
	if b.State == aws.BucketExists && b.Accessible {
		s.listedBucket(key)
	}
	return b.Region, nil
}

func stepFields() Step {
	return Step{
		ID: StepFields, Title: "Fields",
		Screen: Screen{Busy: "Checking the bucket"},
		Guide:  "Fill in the location: an optional CA certificate, the S3 bucket (it must exist), its region, and an optional S3 URL with Force S3 path style.",
		Fields: []string{"caCert", "bucket", "region", "s3Url", "forcePathStyle"},
		Checks: []CheckID{CheckBucketRules, CheckBucket},
		prefetch: func(ctx context.Context, s *Session) {
			if s.connectedAWS() != nil {
				_, _ = s.Gather(ctx, FactBucketRegion)
			}
		},
		preview: func(ctx context.Context, s *Session) (*Preview, error) {
			p := s.Plan()
			pv := &Preview{}
			if s.RawPlan().Region == "" {
				// Signing in is not the region's problem: its failure is told as it is.
				if _, err := s.AWSClient(ctx); err != nil {
					return nil, err
				}
				region, err := s.findBucketRegion(ctx)
				var ipe *InvalidPlanError
				if errors.As(err, &ipe) {
					return nil, err // the bucket's own rule says what to do
				}
				if err != nil {
					return nil, fmt.Errorf("region is empty and could not be detected; give it with --region: %w", err)
				}
				pv.Facts = append(pv.Facts, fmt.Sprintf("region %s, detected from the bucket", region))
				p = s.Plan()
			}
			pv.Facts = append(pv.Facts, fmt.Sprintf("bucket %s in %s", p.Bucket, p.Region))
			if p.S3URL != "" {
				pv.Facts = append(pv.Facts, fmt.Sprintf("S3 URL %s, force path style %v", p.S3URL, p.ForcePathStyle))
			}
			if p.CACert != "" {
				pv.Facts = append(pv.Facts, "a CA certificate is set")
			}
			for _, w := range p.ValidateThrough(StepFields).Warnings {
				if w.Field.Step == StepFields {
					pv.Warnings = append(pv.Warnings, w.Warning.String())
				}
			}
			if c := s.connectedAWS(); c != nil {
				if err := s.checkBucketExists(ctx, c, p); err != nil {
					return nil, err
				}
			}
			return pv, nil
		},
	}
}

func stepSTS() Step {
	return Step{
		ID: StepSTS, Title: "STS",
		Screen: Screen{Busy: "Signing in to Account B and fetching Palette's STS details"},
		Guide:  "Choose the STS validation method. Palette shows its AWS account ID and your external ID; bslwiz fetches both, and signs in to Account B.",
		Fields: []string{"awsProfile", "accountB"},
		Checks: []CheckID{CheckCaller, CheckBucket, CheckBucketOwner, CheckBucketEncryption},
		prefetch: func(ctx context.Context, s *Session) {
			if s.connectedAWS() != nil {
				_, _ = s.Gather(ctx, FactPaletteSTS)
			}
		},
		preview: func(ctx context.Context, s *Session) (*Preview, error) {
			c, err := s.AWSClient(ctx)
			if err != nil {
				return nil, err
			}
			id := c.Identity()
			p := s.Plan()
			if err := s.guardAccount(c); err != nil {
				return nil, err
			}
			bucketRead := s.gatherBucketAsync(ctx) // beside Palette's answer
			sts, err := s.paletteAccount(ctx)
			if err != nil {
				return nil, err
			}
			p = s.Plan()
			pv := &Preview{Facts: []string{
				fmt.Sprintf("Account B: %s as %s (partition %s)", id.Account, id.ARN, id.Partition),
				fmt.Sprintf("Palette's AWS account: %s", sts.AccountID),
				fmt.Sprintf("external ID: %s", sts.ExternalID),
			}}
			if err := rules.RegionInPartition(p.Region, id.Partition); err != nil && p.Region != "" {
				return nil, err
			}
			if err := s.checkBucketExists(ctx, c, p); err != nil {
				return nil, err
			}
			// Account A's profile, when given, signs in now: a wrong one stops
			// the run before anything changes.
			if p.AccountAProfile != "" {
				if _, err := s.AccountAClient(ctx); err != nil {
					return nil, err
				}
			}
			if err := bucketRead().foreignOwnerError(); err != nil {
				return nil, err
			}
			pv.Facts = append(pv.Facts, s.BucketFacts().summary()...)
			return pv, nil
		},
		apply: func(_ context.Context, s *Session, _ *Preview, _ func(Progress)) error {
			if s.journal() != nil {
				raw, p := s.RawPlan(), s.Plan()
				s.journal().Update(func(d *JournalData) {
					d.Plan, d.Created.Account = raw, p.AccountB
					d.Palette.STSAccountID, d.Palette.ExternalID = p.PaletteAccountID, p.ExternalID
				})
			}
			return nil
		},
	}
}

// checkBucketExists asks S3 whether the plan's bucket is in Account B and in
// the plan's region: the guide's prerequisite, found out before anything is
// created rather than at Palette's validate. A bucket the caller may not
// list (403) is left for validate to judge.
func (s *Session) checkBucketExists(ctx context.Context, c AccountB, p Plan) error {
	if p.Bucket == "" || p.Region == "" {
		return nil
	}
	key := c.Identity().Account + "/" + p.Bucket + "/" + p.Region
	s.mu.Lock()
	seen := s.bucketSeen == key
	s.mu.Unlock()
	if seen {
		return nil // step 4 looked a moment ago
	}
	var b aws.Bucket
	if err := s.fl.do(ctx, "bucket/"+key, func(ctx context.Context) (err error) {
		b, err = c.HeadBucket(ctx, p.Bucket, p.Region)
		return err
	}); err != nil {
		return err
	}
	if b.State == aws.BucketUnknown {
		// Another caller's HeadBucket answered: it is kept when it found
		// the bucket, else ask again, for this step's own answer.
		s.mu.Lock()
		seen = s.bucketSeen == key
		s.mu.Unlock()
		if seen {
			return nil
		}
		var err error
		if b, err = c.HeadBucket(ctx, p.Bucket, p.Region); err != nil {
			return err
		}
	}
	if b.State == aws.BucketExists {
		s.mu.Lock()
		s.bucketSeen = key
		s.mu.Unlock()
		if b.Accessible {
			s.listedBucket(key)
		}
	}
	// What S3 says breaks the plan's bucket or region: a field error, so a
	// face marks the field and the exit code is a rule's (3).
	fieldErr := func(key, value, rule string) error {
		f, _ := FieldByKey(key)
		return Problems{Errors: []FieldError{{f, &rules.Error{Field: f.Label, Value: value, Rule: rule}}}}.Err()
	}
	switch b.State {
	case aws.BucketNotFound:
		return fieldErr("bucket", p.Bucket, fmt.Sprintf("is not a bucket in Account B (%s): the guide's prerequisite is a bucket that exists; create it first, or check the name",
			c.Identity().Account))
	case aws.BucketWrongRegion:
		return fieldErr("region", p.Region, fmt.Sprintf("is not where bucket %s is (it is in %s): set the region to %s", p.Bucket, b.Region, b.Region))
	}
	return nil
}

// CheckBucket asks S3, read-only, whether the plan's bucket is in Account B
// and in the plan's region, as step 4 does: a bucket that is not there, or
// is in another region, is a rule of the plan (exit 3). Exports use it, so
// what they write names a bucket that is where they say; without a way to
// sign in to Account B it checks nothing (an export can be made offline).
func (s *Session) CheckBucket(ctx context.Context) error {
	c, err := s.AWSClient(ctx)
	if err != nil {
		return nil
	}
	return s.checkBucketExists(ctx, c, s.Plan())
}
