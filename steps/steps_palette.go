package steps

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/bslwiz/bslwiz/palette"
	"github.com/bslwiz/bslwiz/rules"
)

// newPaletteClient builds an unscoped Palette client from the backends and
// the plan's endpoint, CA bundle and TLS choice.
func (s *Session) newPaletteClient(p Plan) (PaletteAPI, error) {
	s.mu.Lock()
	cfg := s.Backends.Palette
	s.mu.Unlock()
	if !s.Backends.Sandbox || cfg.Endpoint == "" {
		cfg.Endpoint = p.PaletteEndpoint
	}
	if p.PaletteCAFile != "" {
		cfg.CAFile = p.PaletteCAFile
	}
	if p.InsecureSkipTLSVerify {
		cfg.InsecureSkipVerify = true
	}
	if cfg.APIKey == "" && p.APIKeyFile != "" {
		key, err := palette.ReadAPIKeyFile(p.APIKeyFile)
		if err != nil {
			return nil, err
		}
		cfg.APIKey = key
	}
	if cfg.APIKey == "" {
		return nil, fmt.Errorf("no Palette API key: set SPECTROCLOUD_APIKEY, or pass --api-key-file, or enter it when asked")
	}
	return s.Backends.newPalette(cfg)
}

// scopeWords describes where the location lives.
func (s *Session) scopeWords() string {
	p := s.Plan()
	if p.Scope == "tenant" {
		return "the tenant"
	}
	return "project " + p.Project
}

// paletteWhere labels Palette calls in previews.
func (s *Session) paletteWhere() string {
	p := s.Plan()
	host := strings.TrimPrefix(strings.TrimPrefix(p.PaletteEndpoint, "https://"), "http://")
	if c, err := s.PaletteClient(); err == nil {
		host = strings.TrimPrefix(strings.TrimPrefix(c.Endpoint(), "https://"), "http://")
	}
	if p.Scope == "tenant" {
		return "Palette " + host + ", tenant scope"
	}
	return "Palette " + host + ", project " + p.Project
}

// ownsLocation reports whether bslwiz created location l: the journal has
// its uid, or an intent to create a location of its name that a crash left
// unresolved.
func (s *Session) ownsLocation(l palette.Location) bool {
	if s.journal() == nil || l.UID == "" {
		return false
	}
	d := s.journal().Snapshot()
	if d.Created.LocationUID == l.UID {
		return true
	}
	return d.Created.LocationUID == "" && slices.Contains(d.Intents, IntentCreateLocation) && l.Name == d.Location
}

func stepPalette() Step {
	return Step{
		ID: StepPalette, Title: "Palette",
		Screen: Screen{Busy: "Connecting to Palette", DraftChecks: true},
		Guide:  "Log in to Palette. bslwiz uses the API with your API key, in the project that will own the backup location.",
		Fields: []string{"paletteEndpoint", "scope", "project", "apiKeyFile", "paletteCAFile", "insecureSkipTLSVerify"},
		Checks: []CheckID{CheckPalette, CheckProject},
		preview: func(ctx context.Context, s *Session) (*Preview, error) {
			p := s.Plan()
			// The first wave of the run, in the background: the facts, and
			// what steps 2 to 6 read. The header shows the caller early, and
			// the steps after wait for a read in flight instead of sending
			// their own.
			warmed := s.warm(ctx)
			c, err := s.connectPalette(ctx)
			if err != nil {
				return nil, err
			}
			pv := &Preview{}
			if p.Scope == "project" {
				proj := s.Project()
				pv.Facts = append(pv.Facts, fmt.Sprintf("Palette %s accepts the API key", c.Endpoint()),
					fmt.Sprintf("project %s (uid %s)", proj.Name, proj.UID))
			} else {
				pv.Facts = append(pv.Facts, fmt.Sprintf("Palette %s accepts the API key", c.Endpoint()), "tenant scope")
			}
			if p.InsecureSkipTLSVerify {
				pv.Warnings = append(pv.Warnings, "TLS verification is off: anyone on the path can read the API key")
			}
			// Give the first wave a moment, so the caller is in the header
			// when step 1 shows; never hold step 1 up on a slow credential chain.
			select {
			case <-warmed:
			case <-time.After(2 * time.Second):
			case <-ctx.Done():
			}
			return pv, nil
		},
		apply: func(_ context.Context, s *Session, _ *Preview, _ func(Progress)) error {
			if s.journal() != nil {
				p, proj := s.Plan(), s.Project()
				c, _ := s.PaletteClient()
				s.journal().Update(func(d *JournalData) {
					d.Palette = PaletteRecord{Scope: p.Scope, ProjectName: proj.Name, ProjectUID: proj.UID}
					if c != nil {
						d.Palette.Endpoint = c.Endpoint()
					}
				})
			}
			return nil
		},
	}
}

func pickProject(projects []palette.Project, name string) (palette.Project, error) {
	var names []string
	for _, pr := range projects {
		if pr.Name == name {
			return pr, nil
		}
		names = append(names, pr.Name)
	}
	// The plan names a project that is not there: a rule of the plan (exit 3).
	rule := "is not a project this API key sees (it sees: " + strings.Join(names, ", ") + "): check the name, or use a key of that project's tenant"
	if f, ok := FieldByKey("project"); ok {
		return palette.Project{}, Problems{Errors: []FieldError{{f, &rules.Error{Field: f.Label, Value: name, Rule: rule}}}}.Err()
	}
	return palette.Project{}, fmt.Errorf("project %q %s", name, rule)
}

func stepLocations() Step {
	return Step{
		ID: StepLocations, Title: "Backup Locations",
		Screen: Screen{Busy: "Listing the backup locations"},
		Guide:  "Open Project Settings → Backup Locations. These are the locations the project already has.",
		Checks: []CheckID{CheckPalette, CheckProject},
		prefetch: func(ctx context.Context, s *Session) {
			if c, err := s.PaletteClient(); err == nil {
				s.prefetch(ctx, c)
			}
		},
		preview: func(ctx context.Context, s *Session) (*Preview, error) {
			c, err := s.PaletteClient()
			if err != nil {
				return nil, err
			}
			locs, ok := s.cachedLocations(ctx)
			if !ok {
				if locs, err = c.ListLocations(ctx); err != nil {
					return nil, err
				}
				s.mu.Lock()
				s.locations = locs
				s.mu.Unlock()
			}
			pv := &Preview{}
			if len(locs) == 0 {
				pv.Facts = append(pv.Facts, "no backup locations yet in "+s.scopeWords())
			}
			for _, l := range locs {
				def := ""
				if l.IsDefault {
					def = ", default"
				}
				pv.Facts = append(pv.Facts, fmt.Sprintf("%s (%s%s, uid %s)", l.Name, l.Storage, def, l.UID))
			}
			return pv, nil
		},
	}
}

func stepAddNew() Step {
	return Step{
		ID: StepAddNew, Title: "Add New",
		Screen: Screen{Busy: "Checking the name"},
		Guide:  "Add New Backup Location: choose a name and the provider. Only AWS can be validated with STS.",
		Fields: []string{"locationName", "provider", "isDefault"},
		Checks: []CheckID{CheckName},
		preview: func(ctx context.Context, s *Session) (*Preview, error) {
			p := s.Plan()
			for _, l := range s.Locations() {
				if l.Name == p.LocationName && !s.ownsLocation(l) {
					return nil, fmt.Errorf("a location named %q already exists in %s (uid %s); choose another name", l.Name, s.scopeWords(), l.UID)
				}
			}
			return &Preview{Facts: []string{fmt.Sprintf("new AWS location %q in %s", p.LocationName, s.scopeWords())}}, nil
		},
	}
}
