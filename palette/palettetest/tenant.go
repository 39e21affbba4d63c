package palettetest

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
)

// Tenant is a Palette tenant (organisation). Its fields are fixed at creation.
type Tenant struct {
	UID, Name string
	// ExternalID is what STS info returns and what validate assumes roles with.
	ExternalID string

	e        *Emulator
	projects []project // under e.mu
	clouds   []*cloudAccount
	clusters []*cluster
}

type project struct{ uid, name string }

// AddTenant creates a tenant with a fresh uid and external ID.
func (e *Emulator) AddTenant(name string) *Tenant {
	t := &Tenant{UID: newUID(), Name: name, ExternalID: newExternalID(), e: e}
	e.mu.Lock()
	defer e.mu.Unlock()
	e.tenants = append(e.tenants, t)
	return t
}

// AddProject creates a project in the tenant and returns its uid.
func (t *Tenant) AddProject(name string) string {
	uid := newUID()
	t.e.mu.Lock()
	defer t.e.mu.Unlock()
	t.projects = append(t.projects, project{uid: uid, name: name})
	return uid
}

// AddAPIKey creates an API key for the tenant and returns it.
func (t *Tenant) AddAPIKey() string {
	key := randomHex(24)
	t.e.mu.Lock()
	defer t.e.mu.Unlock()
	t.e.keys[key] = t
	return key
}

// project returns the project with uid, or nil. Callers hold e.mu.
func (t *Tenant) project(uid string) *project {
	for i := range t.projects {
		if t.projects[i].uid == uid {
			return &t.projects[i]
		}
	}
	return nil
}

// newUID returns a Palette-style uid: 24 hex digits.
func newUID() string { return randomHex(12) }

// newExternalID returns a UUID-shaped external ID.
func newExternalID() string {
	b := make([]byte, 16)
	rand.Read(b)
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}
