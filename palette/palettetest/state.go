package palettetest

import "time"

// State is a deep copy of the emulator's data, comparable with reflect.DeepEqual and
// encodable as JSON. API keys are not part of it.
type State struct {
	Tenants []TenantState
}

// TenantState is one tenant.
type TenantState struct {
	UID, Name, ExternalID string
	APIKeys               int
	Projects              []ProjectState
	Locations             []LocationState
}

// ProjectState is one project.
type ProjectState struct{ UID, Name string }

// LocationState is one S3 backup location, with the spec's defaults applied.
type LocationState struct {
	UID, Name                     string
	ProjectUID                    string // "" for a tenant-scoped location
	IsDefault                     bool
	Type                          string
	Bucket, Region, S3URL, CACert string
	ForcePathStyle, UseRestic     bool
	CredentialType                string
	RoleARN, ExternalID           string
	Created, Modified             time.Time
}

// Snapshot returns a copy of the current state; tenants, projects and locations are in
// creation order.
func (e *Emulator) Snapshot() State {
	e.mu.Lock()
	defer e.mu.Unlock()
	keys := map[*Tenant]int{}
	for _, t := range e.keys {
		keys[t]++
	}
	var s State
	for _, t := range e.tenants {
		ts := TenantState{UID: t.UID, Name: t.Name, ExternalID: t.ExternalID, APIKeys: keys[t]}
		for _, p := range t.projects {
			ts.Projects = append(ts.Projects, ProjectState{UID: p.uid, Name: p.name})
		}
		for _, l := range e.locations {
			if l.tenantUID == t.UID {
				ts.Locations = append(ts.Locations, l.state())
			}
		}
		s.Tenants = append(s.Tenants, ts)
	}
	return s
}

func (l *location) state() LocationState {
	cfg := l.config
	s := LocationState{
		UID: l.uid, Name: l.name, ProjectUID: l.projectUID, IsDefault: l.isDefault, Type: l.typ,
		S3URL: cfg.S3URL, CACert: cfg.CACert,
		ForcePathStyle: cfg.S3ForcePathStyle != nil && *cfg.S3ForcePathStyle,
		UseRestic:      cfg.UseRestic != nil && *cfg.UseRestic,
		Created:        l.created, Modified: l.modified,
	}
	if cfg.BucketName != nil {
		s.Bucket = *cfg.BucketName
	}
	if cfg.Region != nil {
		s.Region = *cfg.Region
	}
	if c := cfg.Credentials; c != nil {
		if c.CredentialType != nil {
			s.CredentialType = *c.CredentialType
		}
		if c.Sts != nil {
			s.RoleARN, s.ExternalID = c.Sts.Arn, c.Sts.ExternalID
		}
	}
	return s
}
