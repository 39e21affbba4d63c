package steps

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/bslwiz/bslwiz/aws"
	"github.com/bslwiz/bslwiz/palette"
	"github.com/bslwiz/bslwiz/rules"
)

// Facts are what a run finds out rather than asks: who Account B's caller
// is, Palette's AWS account and the tenant's external ID, the bucket's
// region, the Palette project. They are gathered once per run, explicitly,
// and shared by the steps and the live checks; no preview writes them into
// the plan. Session.Plan lays them under what the user gave.
type Facts struct {
	Caller       aws.Identity
	Palette      palette.StsAccount
	BucketRegion string
	Project      palette.Project
	// AccountA is Account A as the plan's cluster's cloud account names it.
	AccountA string
	// Bucket is the bucket's posture, nil until read (facts_bucket.go).
	Bucket *BucketFacts
}

// Facts returns what this session has found so far.
func (s *Session) Facts() Facts {
	s.mu.Lock()
	defer s.mu.Unlock()
	f := Facts{Project: s.project, AccountA: s.derivedAccountALocked()}
	if s.regionOf == s.plan.Bucket {
		f.BucketRegion = s.bucketRegion // of this bucket only
	}
	if s.aws != nil {
		f.Caller = s.aws.Identity()
		region := s.plan.Region
		if region == "" {
			region = f.BucketRegion
		}
		f.Bucket = s.bucketFactsLocked(s.plan.Bucket, region, f.Caller.Account)
	}
	if s.sts != nil {
		f.Palette = *s.sts
	}
	return f
}

// resolve lays the facts under plan p (with defaults): a value the user gave
// stands (the rules and the guards compare it with the fact), an empty one is
// filled from what was found.
func resolve(p Plan, f Facts) Plan {
	p = p.WithDefaults()
	fill := func(dst *string, v string) {
		if *dst == "" {
			*dst = v
		}
	}
	fill(&p.Region, f.BucketRegion)
	fill(&p.Partition, f.Caller.Partition)
	fill(&p.AccountB, f.Caller.Account)
	fill(&p.PaletteAccountID, f.Palette.AccountID)
	fill(&p.ExternalID, f.Palette.ExternalID)
	fill(&p.AccountA, f.AccountA)
	fill(&p.bucketKMSKey, f.Bucket.CustomerKeyARN())
	return p
}

// FactSet says which facts Gather reads.
type FactSet int

// The facts Gather can read.
const (
	FactProject FactSet = 1 << iota
	FactCaller
	FactPaletteSTS
	FactBucketRegion
	// FactBucketPosture is the bucket's configuration and KMS key (BucketFacts).
	FactBucketPosture
	AllFacts = FactProject | FactCaller | FactPaletteSTS | FactBucketRegion | FactBucketPosture
)

// Gather reads the facts in want that this session does not have yet, with
// no write anywhere: the headless commands that need them (export, status)
// call it instead of running previews for their side effects. The reads run
// in waves as their dependencies allow: Palette's project and Account B's
// sign-in at once, then every reader of factReaders whose sources are ready,
// concurrently (a read another caller has in flight is waited for, not sent
// again).
func (s *Session) Gather(ctx context.Context, want FactSet) (Facts, error) {
	// Each source is tried even when another failed, so every check that
	// can run, runs; the errors come back together.
	var (
		mu   sync.Mutex
		errs []error
	)
	add := func(err error) {
		mu.Lock()
		errs = append(errs, err)
		mu.Unlock()
	}
	var paletteOK, signedIn bool
	var wg sync.WaitGroup
	if want&(FactProject|FactPaletteSTS) != 0 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := s.connectPalette(ctx)
			paletteOK = err == nil
			add(err)
		}()
	}
	if want&(FactCaller|FactPaletteSTS|FactBucketRegion|FactBucketPosture) != 0 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := s.AWSClient(ctx)
			signedIn = err == nil
			add(err)
		}()
	}
	wg.Wait()
	for _, r := range factReaders(want) {
		if want&r.set == 0 || (r.palette && !paletteOK) || (r.aws && !signedIn) {
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			add(r.read(ctx, s))
		}()
	}
	wg.Wait()
	return s.Facts(), errors.Join(errs...)
}

// factReader reads one fact once its sources are signed in: palette and
// aws say which it needs. A new fact (the bucket's posture, say) is one more
// entry in factReaders, read in the same wave as the others.
type factReader struct {
	set          FactSet
	palette, aws bool
	read         func(ctx context.Context, s *Session) error
}

// factReaders are the facts read after sign-in, all in one wave.
func factReaders(want FactSet) []factReader {
	return []factReader{
		{set: FactPaletteSTS, palette: true, aws: true, read: func(ctx context.Context, s *Session) error {
			_, err := s.paletteAccount(ctx)
			return err
		}},
		// The bucket's reads: its region, then its posture (facts_bucket.go).
		{set: FactBucketRegion | FactBucketPosture, aws: true, read: func(ctx context.Context, s *Session) error {
			if s.RawPlan().Region == "" {
				if _, err := s.findBucketRegion(ctx); err != nil {
					return fmt.Errorf("detect the bucket's region (or give --region): %w", err)
				}
			}
			if want&FactBucketPosture != 0 {
				s.gatherBucket(ctx) // a read that fails is a fact the checks tell
			}
			return nil
		}},
	}
}

// connectPalette makes the scoped Palette client once: it checks the API key
// and resolves the project.
func (s *Session) connectPalette(ctx context.Context) (PaletteAPI, error) {
	if c, err := s.PaletteClient(); err == nil {
		return c, nil
	}
	if err := s.fl.do(ctx, "palette", func(ctx context.Context) error {
		_, err := s.dialPalette(ctx)
		return err
	}); err != nil {
		return nil, err
	}
	return s.PaletteClient()
}

// dialPalette is connectPalette's one request.
func (s *Session) dialPalette(ctx context.Context) (PaletteAPI, error) {
	if c, err := s.PaletteClient(); err == nil {
		return c, nil
	}
	p := s.Plan()
	c, err := s.newPaletteClient(p)
	if err != nil {
		return nil, err
	}
	var proj palette.Project
	if p.Scope == "project" {
		projects, err := c.Projects(ctx)
		if err != nil {
			return nil, err
		}
		if proj, err = pickProject(projects, p.Project); err != nil {
			return nil, err
		}
		c = c.InProject(proj.UID)
	} else if err := c.Verify(ctx); err != nil {
		return nil, err
	}
	s.mu.Lock()
	s.palette, s.project = c, proj
	s.mu.Unlock()
	if err := s.gatherClouds(ctx, c, p); err != nil {
		return nil, err
	}
	return c, nil
}

// paletteAccount returns Palette's AWS account and the tenant's external ID
// for Account B's partition, asking Palette once. Values the operator gave
// (--palette-account-id, --external-id) act as a guard: Palette's answer must
// match them.
func (s *Session) paletteAccount(ctx context.Context) (palette.StsAccount, error) {
	if err := s.fl.do(ctx, "palette-sts", func(ctx context.Context) error {
		_, err := s.fetchPaletteAccount(ctx)
		return err
	}); err != nil {
		return palette.StsAccount{}, err
	}
	return s.fetchPaletteAccount(ctx) // the answer kept just now
}

// fetchPaletteAccount is paletteAccount's one request.
func (s *Session) fetchPaletteAccount(ctx context.Context) (palette.StsAccount, error) {
	c, err := s.AWSClient(ctx)
	if err != nil {
		return palette.StsAccount{}, err
	}
	id := c.Identity()
	if err := checkPartition(id.Partition); err != nil {
		return palette.StsAccount{}, err
	}
	if sts, ok := s.Sts(); ok && sts.Partition == id.Partition {
		return sts, nil
	}
	pc, err := s.PaletteClient()
	if err != nil {
		return palette.StsAccount{}, err
	}
	sts, err := pc.StsAccount(ctx, id.Partition)
	if err != nil {
		return palette.StsAccount{}, fmt.Errorf("get the STS account of Palette for partition %s: %w", id.Partition, err)
	}
	if err := rules.AccountID(sts.AccountID); err != nil {
		return palette.StsAccount{}, fmt.Errorf("the account ID Palette answered is unusable: %w", err)
	}
	if err := rules.ExternalID(sts.ExternalID); err != nil {
		return palette.StsAccount{}, fmt.Errorf("the external ID Palette answered is unusable: %w", err)
	}
	raw := s.RawPlan()
	var ps Problems
	guard := func(key, given, answered, rule string) {
		if given != "" && given != answered {
			f, _ := FieldByKey(key)
			ps.Errors = append(ps.Errors, FieldError{f, &rules.Error{Field: f.Label, Value: given, Rule: rule}})
		}
	}
	guard("paletteAccountId", raw.PaletteAccountID, sts.AccountID,
		"differs from the account Palette answers ("+sts.AccountID+"); drop it, or check the endpoint and the tenant")
	guard("externalId", raw.ExternalID, sts.ExternalID,
		"differs from the external ID Palette answers for this tenant; drop it, or check the endpoint and the tenant")
	if err := ps.Err(); err != nil {
		return palette.StsAccount{}, err
	}
	s.mu.Lock()
	s.sts = &sts
	s.mu.Unlock()
	return sts, nil
}

// findBucketRegion asks S3 where the plan's bucket lives, once per bucket.
func (s *Session) findBucketRegion(ctx context.Context) (string, error) {
	p := s.RawPlan()
	s.mu.Lock()
	region, bucket := s.bucketRegion, s.regionOf
	s.mu.Unlock()
	if region != "" && bucket == p.Bucket {
		return region, nil
	}
	err := s.fl.do(ctx, "region/"+p.Bucket, func(ctx context.Context) error {
		region, err := s.detectRegion(ctx, p.Bucket)
		if err != nil {
			return err
		}
		s.mu.Lock()
		s.bucketRegion, s.regionOf = region, p.Bucket
		s.mu.Unlock()
		return nil
	})
	if err != nil {
		return "", err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.bucketRegion, nil
}

// UnsupportedPartitionError is Account B in a partition where Palette's STS
// validation does not exist (China: Palette's STS account serves aws and
// aws-us-gov). No retry helps; the guide's other method does.
type UnsupportedPartitionError struct{ Partition string }

func (e *UnsupportedPartitionError) Error() string {
	return fmt.Sprintf("Account B is in partition %s, where Palette has no STS account (it serves aws and aws-us-gov): "+
		"bslwiz can validate only through STS; add this location in Palette with the Credentials method instead", e.Partition)
}

// checkPartition refuses, as soon as Account B's caller is known, a
// partition Palette's STS validation does not serve.
func checkPartition(partition string) error {
	switch partition {
	case "", palette.PartitionAWS, palette.PartitionAWSGovUS:
		return nil
	}
	return &UnsupportedPartitionError{Partition: partition}
}
