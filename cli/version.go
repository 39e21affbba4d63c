package cli

import (
	"fmt"
	"runtime/debug"

	"github.com/spf13/cobra"
)

// readBuildInfo is the build information the Go toolchain embeds.
var readBuildInfo = debug.ReadBuildInfo

// versionString is what --version prints: the injected version when there is
// one (tests, -ldflags "-X main.version=..."), else the module version and
// the VCS revision from the build info, such as "v1.2.0 (rev 5f033cd2a1b4)"
// or "(devel) (rev 5f033cd2a1b4, modified)".
func versionString(injected string, info func() (*debug.BuildInfo, bool)) string {
	if injected != "" {
		return injected
	}
	bi, ok := info()
	if !ok {
		return "unknown (no build info)"
	}
	v := bi.Main.Version
	if v == "" {
		v = "(devel)"
	}
	var rev, modified string
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			if s.Value == "true" {
				modified = ", modified"
			}
		}
	}
	if rev == "" && v == "(devel)" {
		// A local build without VCS stamping (GOFLAGS=-buildvcs=false, or
		// outside a checkout) says only that: name the toolchain, and how
		// to get a revision.
		return fmt.Sprintf("(devel) %s, no VCS revision (built with -buildvcs=false or outside a git checkout; -ldflags \"-X main.version=...\" sets one)", bi.GoVersion)
	}
	if rev == "" {
		return v
	}
	if len(rev) > 12 {
		rev = rev[:12]
	}
	return fmt.Sprintf("%s (rev %s%s)", v, rev, modified)
}

// NewCmdVersion is `bslwiz version`, the same as `bslwiz --version`.
func NewCmdVersion(f *Factory) *cobra.Command {
	return &cobra.Command{
		Use:    "version",
		Short:  "print the version",
		Hidden: true, // --version is the documented way
		Args:   noArgs,
		RunE: func(*cobra.Command, []string) error {
			_, err := fmt.Fprintf(f.IO.Out, "bslwiz %s\n", f.Version)
			return err
		},
	}
}
