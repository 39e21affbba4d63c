package steps

// origin says how a resource that exists came to this run, for a preview's
// facts: "created by an earlier run of bslwiz" when this location's journal
// records that bslwiz made it (a resumed run, or a run again), "adopted"
// otherwise.
func (s *Session) origin(arn string, created func(Created) (string, bool)) string {
	if j := s.journal(); j != nil {
		if a, ok := created(j.Snapshot().Created); ok && a == arn {
			return "created by an earlier run of bslwiz"
		}
	}
	return "adopted"
}

func createdPolicy(c Created) (string, bool) { return c.PolicyARN, c.PolicyCreated }
func createdRole(c Created) (string, bool)   { return c.RoleARN, c.RoleCreated }
