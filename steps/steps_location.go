package steps

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/bslwiz/bslwiz/palette"
)

// location builds the Palette location from the plan and what the steps
// found. The role ARN is filled in step 11.
func (s *Session) location() (palette.S3Location, error) {
	p := s.Plan()
	acct, ext, err := s.paletteSts()
	_ = acct
	if err != nil {
		return palette.S3Location{}, err
	}
	ca, err := CACertPEM(p.CACert)
	if err != nil {
		return palette.S3Location{}, err
	}
	return palette.S3Location{Name: p.LocationName, IsDefault: p.IsDefault, Bucket: p.Bucket, Region: p.Region,
		S3URL: p.S3URL, CACert: ca, ForcePathStyle: p.ForcePathStyle, RoleARN: s.RoleARN(), ExternalID: ext}, nil
}

func stepCopyARN() Step {
	return Step{
		ID: StepCopyARN, Title: "Copy the role ARN",
		Screen: Screen{Busy: "Reading the role ARN"},
		Guide:  "Copy the ARN of the new role from AWS. bslwiz carries it over for you; it is also shown here to copy.",
		preview: func(ctx context.Context, s *Session) (*Preview, error) {
			arn := s.RoleARN()
			if arn == "" {
				c, err := s.AWSClient(ctx)
				if err != nil {
					return nil, err
				}
				role, err := c.GetRole(ctx, s.Plan().RoleName)
				if err != nil {
					return nil, err
				}
				s.mu.Lock()
				s.role = role
				s.mu.Unlock()
				arn = role.ARN
			}
			return &Preview{Facts: []string{"role ARN: " + arn}, Artifact: roleArtifact(s, arn)}, nil
		},
		hypothetical: copyARNFrom,
	}
}

// roleArtifact is the role ARN as the guide's step 10 hands it over.
func roleArtifact(s *Session, arn string) *Artifact {
	p := s.Plan()
	name := p.LocationName
	if name == "" {
		name = "bslwiz"
	}
	note := "bslwiz fills it in itself."
	if n, _ := Position(s.RawPlan(), StepFillARN); n > 0 {
		note = fmt.Sprintf("bslwiz fills it in on step %d itself.", n)
	}
	return &Artifact{Label: "Role ARN", Value: arn, File: safeFileName(name) + "-role-arn.txt", Note: note}
}

func stepFillARN() Step {
	return Step{
		ID: StepFillARN, Title: "Fill in the ARN",
		Screen: Screen{Busy: "Preparing the location"},
		Guide:  "Back in Palette, put the role ARN into the new backup location, with the external ID.",
		preview: func(_ context.Context, s *Session) (*Preview, error) {
			loc, err := s.location()
			if err != nil {
				return nil, err
			}
			if loc.RoleARN == "" {
				return nil, errors.New("no role ARN yet (the role step makes it)")
			}
			return &Preview{Facts: []string{
				fmt.Sprintf("location %s: s3://%s in %s", loc.Name, loc.Bucket, loc.Region),
				"credentials: STS, role " + loc.RoleARN + ", external ID " + loc.ExternalID,
			}}, nil
		},
		hypothetical: fillARNFrom,
	}
}

// validateWait is how long validation keeps retrying after a recent IAM
// change; ValidateBackoff is the first pause between attempts.
const validateBackoff = 2 * time.Second

func stepValidate() Step {
	return Step{
		ID: StepValidate, Title: "Validate",
		Screen: Screen{Busy: "Preparing the validation", Verb: "validate",
			Applying: "Validating through Palette", Applied: "Palette assumed the role and reached the bucket"},
		Guide: "Click Validate: Palette assumes the role with your external ID and checks the bucket. New IAM changes can take a minute to reach STS, so bslwiz retries for up to 2 minutes.",
		// Not CheckValidate: the step's apply is Palette's validate, which writes a
		// probe object; the panel must not run it before the user asks.
		Checks: []CheckID{CheckTrust, CheckPermissions, CheckBucket},
		preview: func(_ context.Context, s *Session) (*Preview, error) {
			loc, err := s.location()
			if err != nil {
				return nil, err
			}
			return &Preview{Facts: []string{"Palette will assume " + loc.RoleARN + " and check s3://" + loc.Bucket}}, nil
		},
		apply: func(ctx context.Context, s *Session, _ *Preview, progress func(Progress)) error {
			return s.validateWithRetry(ctx, progress)
		},
		hypothetical: validateFrom,
	}
}

// validateWithRetry calls Palette's validate. After a recent IAM change it
// retries with backoff until PropagationTimeout, reporting a countdown; with
// no recent change the first answer stands.
func (s *Session) validateWithRetry(ctx context.Context, progress func(Progress)) error {
	c, err := s.PaletteClient()
	if err != nil {
		return err
	}
	loc, err := s.location()
	if err != nil {
		return err
	}
	start := s.now()
	deadline := start.Add(s.PropagationTimeout)
	if s.journal() != nil {
		if last := s.journal().Snapshot().LastIAMChange; !last.IsZero() && last.Add(s.PropagationTimeout).After(deadline) {
			deadline = last.Add(s.PropagationTimeout)
		}
		if last := s.journal().Snapshot().LastIAMChange; last.IsZero() || s.now().Sub(last) > s.PropagationTimeout {
			deadline = start // nothing changed recently: no propagation to wait for
		}
	}
	wait := validateBackoff
	for attempt := 1; ; attempt++ {
		progress(Progress{Step: StepValidate, Message: fmt.Sprintf("validating through Palette (attempt %d)", attempt)})
		err := c.ValidateS3(ctx, loc)
		if err == nil {
			s.keepValidated(loc)
			return nil
		}
		// Within the window every refusal may be IAM propagating, 403 and
		// 5xx included; only a refused key (401) cannot get better.
		if palette.IsUnauthorized(err) || ctx.Err() != nil {
			return err
		}
		now := s.now()
		if !now.Before(deadline) {
			return &ValidateError{Err: err}
		}
		if now.Add(wait).After(deadline) {
			wait = deadline.Sub(now)
		}
		progress(Progress{Step: StepValidate, Message: "waiting for IAM to propagate", Retry: &Retry{Attempt: attempt,
			Elapsed: now.Sub(start), Remaining: deadline.Sub(now), Next: wait, Reason: firstLine(err.Error())}})
		if err := s.sleep(ctx, wait); err != nil {
			return err
		}
		wait = min(wait*2, 15*time.Second)
	}
}

type createStepData struct {
	existing *palette.Location
	update   bool
}

func stepCreate() Step {
	return Step{
		ID: StepCreate, Title: "Create",
		Screen: Screen{Busy: "Looking for the location in Palette",
			Applying: "Creating the backup location", Applied: "Created the backup location"},
		Guide:   "Click Create. The location then shows on the Backup Locations page; bslwiz looks for it there, as the guide's Validate section does.",
		Mutates: true,
		Checks:  []CheckID{CheckName, CheckLifecycle, CheckBucketVersioning, CheckObjectLock, CheckPublicAccess},
		// Read while Palette validates (step 12), which changes no location.
		prefetch: func(ctx context.Context, s *Session) { s.prefetchCreate(ctx) },
		preview: func(ctx context.Context, s *Session) (*Preview, error) {
			c, err := s.PaletteClient()
			if err != nil {
				return nil, err
			}
			loc, err := s.location()
			if err != nil {
				return nil, err
			}
			locs, ok := s.takeLocations(ctx, StepCreate)
			if !ok {
				if locs, err = c.ListLocations(ctx); err != nil {
					return nil, err
				}
			}
			d := &createStepData{}
			pv := &Preview{data: d}
			for i, l := range locs {
				if l.Name != loc.Name {
					continue
				}
				if !s.ownsLocation(l) {
					return nil, fmt.Errorf("a location named %q already exists (uid %s) and bslwiz did not create it", l.Name, l.UID)
				}
				d.existing = &locs[i]
				cur, err := s.takeS3Location(ctx, c, l.UID)
				if err != nil {
					return nil, err
				}
				if sameLocation(*cur, loc) {
					pv.Facts = append(pv.Facts, fmt.Sprintf("location %s exists (uid %s) as planned", l.Name, l.UID))
					return pv, nil
				}
				d.update = true
				pv.Calls = append(pv.Calls, Call{"palette", "PUT /v1/users/assets/locations/s3/" + l.UID, "location " + l.Name + " (bslwiz made it; bring it to the plan)", s.paletteWhere()})
				return pv, nil
			}
			pv.Calls = append(pv.Calls, Call{"palette", "POST /v1/users/assets/locations/s3",
				fmt.Sprintf("location %s: s3://%s (%s), STS role %s", loc.Name, loc.Bucket, loc.Region, loc.RoleARN), s.paletteWhere()})
			return pv, nil
		},
		apply: func(ctx context.Context, s *Session, pv *Preview, progress func(Progress)) error {
			d, _ := pv.data.(*createStepData)
			c, err := s.PaletteClient()
			if err != nil {
				return err
			}
			loc, err := s.location()
			if err != nil {
				return err
			}
			uid := ""
			switch {
			case d != nil && d.existing != nil && d.update:
				progress(Progress{Step: StepCreate, Message: "updating location " + loc.Name})
				if err := c.UpdateS3Location(ctx, d.existing.UID, loc); err != nil {
					return err
				}
				uid = d.existing.UID
			case d != nil && d.existing != nil:
				// The preview's list showed it, as planned, a moment ago:
				// nothing changed, so no list confirms it again.
				s.confirmLocation(*d.existing)
				return s.record(IntentCreateLocation, StepCreate, "create location", loc.Name+" uid "+d.existing.UID, func(j *JournalData) {
					j.Created.LocationUID = d.existing.UID
					j.Created.LocationCreated = true
				})
			default:
				progress(Progress{Step: StepCreate, Message: "creating location " + loc.Name})
				if err := s.intend(IntentCreateLocation); err != nil {
					return err
				}
				uid, err = c.CreateS3Location(ctx, loc)
				if err != nil {
					s.abandon(IntentCreateLocation, err)
					return err
				}
			}
			if err := s.record(IntentCreateLocation, StepCreate, "create location", loc.Name+" uid "+uid, func(j *JournalData) {
				j.Created.LocationUID = uid
				j.Created.LocationCreated = true
			}); err != nil {
				return err
			}
			progress(Progress{Step: StepCreate, Message: "looking for " + loc.Name + " on the Backup Locations list"})
			locs, err := c.ListLocations(ctx)
			if err != nil {
				return err
			}
			for _, l := range locs {
				if l.UID == uid && l.Name == loc.Name {
					s.confirmLocation(l)
					return nil
				}
			}
			return fmt.Errorf("location %s (uid %s) was created but is not on the Backup Locations list", loc.Name, uid)
		},
		hypothetical: createFrom,
	}
}

func sameLocation(a, b palette.S3Location) bool {
	return a.Name == b.Name && a.Bucket == b.Bucket && a.Region == b.Region && a.S3URL == b.S3URL &&
		a.ForcePathStyle == b.ForcePathStyle && a.RoleARN == b.RoleARN && a.ExternalID == b.ExternalID &&
		a.IsDefault == b.IsDefault && normPEM(a.CACert) == normPEM(b.CACert)
}

func normPEM(s string) string {
	out := []byte{}
	for i := 0; i < len(s); i++ {
		if s[i] != '\r' && s[i] != '\n' && s[i] != ' ' {
			out = append(out, s[i])
		}
	}
	return string(out)
}

// ValidateError is Palette's validate refusing the location (after any
// retries): the role, its trust or its permissions, or the bucket.
type ValidateError struct{ Err error }

func (e *ValidateError) Error() string { return "palette validate: " + e.Err.Error() }

// Unwrap returns Palette's answer.
func (e *ValidateError) Unwrap() error { return e.Err }
