package palettetest

import (
	"net/http"
	"strings"
)

// inScope reports whether l belongs to the caller's tenant and scope. Callers hold e.mu.
func (c *caller) inScope(l *location) bool {
	return l.tenantUID == c.tenant.UID && l.projectUID == c.projectUID
}

// find returns the location uid in the caller's scope, or nil. Callers hold e.mu.
func (e *Emulator) find(c *caller, uid string) *location {
	for _, l := range e.locations {
		if l.uid == uid && c.inScope(l) {
			return l
		}
	}
	return nil
}

// findByName returns the location named name in the caller's scope, or nil. Callers hold e.mu.
func (e *Emulator) findByName(c *caller, name string) *location {
	for _, l := range e.locations {
		if l.name == name && c.inScope(l) {
			return l
		}
	}
	return nil
}

// makeDefault clears isDefault on the other locations of l's scope. Callers hold e.mu.
func (e *Emulator) makeDefault(c *caller, l *location) {
	for _, other := range e.locations {
		if other != l && c.inScope(other) {
			other.isDefault = false
		}
	}
	l.isDefault = true
}

func (e *Emulator) listLocations(w http.ResponseWriter, r *http.Request, c *caller) {
	nameFilter, ok := parseNameFilter(r.URL.Query().Get("filters"))
	if !ok {
		writeError(w, http.StatusBadRequest, "InvalidRequest", "the emulator supports only filters=metadata.name=<name>")
		return
	}
	if r.URL.Query().Get("orderBy") != "" {
		writeError(w, http.StatusBadRequest, "InvalidRequest", "the emulator does not support orderBy")
		return
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	out := v1UserAssetsLocations{Items: []v1UserAssetsLocation{}}
	for _, l := range e.locations {
		if c.inScope(l) && (nameFilter == "" || l.name == nameFilter) {
			out.Items = append(out.Items, l.listItem())
		}
	}
	writeJSON(w, http.StatusOK, out)
}

// parseNameFilter accepts "" or "metadata.name=<name>".
func parseNameFilter(filters string) (name string, ok bool) {
	if filters == "" {
		return "", true
	}
	name, found := strings.CutPrefix(filters, "metadata.name=")
	return name, found && name != ""
}

// createLocationS3 stores a new location in the caller's scope. A name already used in the
// same scope is 409 "DuplicateName": Palette does not publish what it answers, so this is
// our documented assumption (palette-api.md §6).
func (e *Emulator) createLocationS3(w http.ResponseWriter, r *http.Request, c *caller) {
	var body v1UserAssetsLocationS3
	if !decodeBody(w, r, &body) || !checkBody(w, checkLocationBody(&body)) {
		return
	}
	if body.Metadata.Name == "" {
		writeError(w, http.StatusBadRequest, "InvalidRequest", "metadata.name: is required")
		return
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.findByName(c, body.Metadata.Name) != nil {
		writeError(w, http.StatusConflict, "DuplicateName",
			"a backup location named "+body.Metadata.Name+" already exists in this "+c.scopeName())
		return
	}
	now := e.now()
	l := &location{uid: newUID(), tenantUID: c.tenant.UID, projectUID: c.projectUID, name: body.Metadata.Name, created: now}
	l.apply(&body, now)
	e.locations = append(e.locations, l)
	if l.isDefault {
		e.makeDefault(c, l)
	}
	w.Header().Set(headerAuditUID, newUID())
	writeJSON(w, http.StatusCreated, v1Uid{UID: l.uid})
}

func (e *Emulator) getLocationS3(w http.ResponseWriter, r *http.Request, c *caller) {
	e.mu.Lock()
	defer e.mu.Unlock()
	l := e.find(c, c.params["uid"])
	if l == nil {
		writeNotFound(w, c)
		return
	}
	writeJSON(w, http.StatusOK, l.body())
}

// updateLocationS3 replaces the location. The name cannot change (v1ObjectMeta: "Cannot be
// updated"); an empty name keeps it.
func (e *Emulator) updateLocationS3(w http.ResponseWriter, r *http.Request, c *caller) {
	var body v1UserAssetsLocationS3
	if !decodeBody(w, r, &body) || !checkBody(w, checkLocationBody(&body)) {
		return
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	l := e.find(c, c.params["uid"])
	if l == nil {
		writeNotFound(w, c)
		return
	}
	if body.Metadata.Name != "" && body.Metadata.Name != l.name {
		writeError(w, http.StatusBadRequest, "InvalidRequest", "metadata.name: cannot be changed (is "+l.name+")")
		return
	}
	l.apply(&body, e.now())
	if l.isDefault {
		e.makeDefault(c, l)
	}
	w.WriteHeader(http.StatusNoContent)
}

func (e *Emulator) deleteLocation(w http.ResponseWriter, r *http.Request, c *caller) {
	e.mu.Lock()
	defer e.mu.Unlock()
	l := e.find(c, c.params["uid"])
	if l == nil {
		writeNotFound(w, c)
		return
	}
	for i, other := range e.locations {
		if other == l {
			e.locations = append(e.locations[:i], e.locations[i+1:]...)
			break
		}
	}
	w.WriteHeader(http.StatusNoContent)
}

// setDefaultLocation makes the location the default of its scope. Which {type} an AWS
// location needs is undocumented; "s3" and "aws" are both accepted.
func (e *Emulator) setDefaultLocation(w http.ResponseWriter, r *http.Request, c *caller) {
	if typ := c.params["type"]; typ != "s3" && typ != "aws" {
		writeError(w, http.StatusBadRequest, "InvalidRequest", "location type "+typ+" does not match an S3 location")
		return
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	l := e.find(c, c.params["uid"])
	if l == nil {
		writeNotFound(w, c)
		return
	}
	e.makeDefault(c, l)
	l.modified = e.now()
	w.WriteHeader(http.StatusNoContent)
}

func (c *caller) scopeName() string {
	if c.projectUID == "" {
		return "tenant"
	}
	return "project"
}

func writeNotFound(w http.ResponseWriter, c *caller) {
	writeError(w, http.StatusNotFound, "ResourceNotFound", "backup location "+c.params["uid"]+" not found in this "+c.scopeName())
}

// decodeBody decodes strictly or answers 400 naming the field.
func decodeBody(w http.ResponseWriter, r *http.Request, v any) bool {
	if err := decodeStrict(r, v); err != nil {
		writeError(w, http.StatusBadRequest, "InvalidRequest", err.Error())
		return false
	}
	return true
}

// checkBody answers 400 for a field error.
func checkBody(w http.ResponseWriter, fe *fieldError) bool {
	if fe != nil {
		writeError(w, http.StatusBadRequest, "InvalidRequest", fe.Error())
		return false
	}
	return true
}
