package steps

// forgotten says, for a preview about to create what the journal says this
// run made already, that it is gone and why it may be: resuming a sandbox
// run finds new emulators, which never saw what the earlier process made.
// It returns "" when the journal records no such thing.
func (s *Session) forgotten(kind, name string) string {
	j := s.journal()
	if j == nil || name == "" {
		return ""
	}
	d := j.Snapshot()
	made := false
	switch kind {
	case "role":
		made = d.Created.RoleName == name && d.Created.RoleCreated
	case "policy":
		made = d.Created.PolicyARN != "" && d.Created.PolicyCreated
	case "location":
		made = d.Created.LocationUID != "" && d.Created.LocationCreated
	}
	if !made {
		return ""
	}
	if d.Sandbox {
		return kind + " " + name + " was made by this run before, in emulators that ended with that bslwiz process; these are new, so it is made again"
	}
	return kind + " " + name + " was made by this run before and no longer exists (someone deleted it?); it is made again"
}
