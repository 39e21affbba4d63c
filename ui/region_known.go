package ui

import (
	"strings"

	"github.com/bslwiz/bslwiz/rules"
)

// knownRegion is validate for a region typed at a prompt, which takes only
// the regions bslwiz lists, as the wizard's picker does: the rule alone
// accepts any code shaped like a region (so that a region launched after
// this build still works from --region), and a typo such as us-east-9
// would pass it.
func knownRegion(validate func(string) error) func(string) error {
	return func(v string) error {
		code := strings.TrimSpace(v)
		if code != "" {
			if _, ok := rules.LookupRegion(code); !ok {
				if _, err := rules.Region(code); err != nil {
					return err
				}
				return &rules.Error{Field: "region", Value: code,
					Rule: "is not a region bslwiz knows (for example us-east-2); a region newer than this build can be given with --region"}
			}
		}
		return validate(v)
	}
}
