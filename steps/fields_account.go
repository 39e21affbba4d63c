package steps

import (
	"strings"

	"github.com/bslwiz/bslwiz/rules"
)

// accountText is str for a field that holds an account ID (or an ARN in
// its place): the console's "4444-5555-6666" is taken as the 12 digits, so
// a value copied from the AWS console needs no retyping.
func accountText(field func(*Plan) *string) accessor {
	return accessor{func(p *Plan) string { return *field(p) },
		func(p *Plan, v string) error { *field(p) = rules.NormalizeAccountID(strings.TrimSpace(v)); return nil }}
}
