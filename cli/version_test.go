package cli

import (
	"runtime/debug"
	"testing"
)

func TestVersionComesFromTheBuildInfo(t *testing.T) {
	info := func(version string, settings ...debug.BuildSetting) func() (*debug.BuildInfo, bool) {
		return func() (*debug.BuildInfo, bool) {
			return &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Path: "github.com/bslwiz/bslwiz", Version: version}, Settings: settings}, true
		}
	}
	rev := debug.BuildSetting{Key: "vcs.revision", Value: "5f033cd2a1b4c3d2e1f0a9b8c7d6e5f4a3b2c1d0"}
	cases := []struct {
		name     string
		injected string
		info     func() (*debug.BuildInfo, bool)
		want     string
	}{
		{"a tagged module", "", info("v1.2.0", rev), "v1.2.0 (rev 5f033cd2a1b4)"},
		{"a local build with changes", "", info("(devel)", rev, debug.BuildSetting{Key: "vcs.modified", Value: "true"}), "(devel) (rev 5f033cd2a1b4, modified)"},
		{"a clean local build", "", info("(devel)", rev, debug.BuildSetting{Key: "vcs.modified", Value: "false"}), "(devel) (rev 5f033cd2a1b4)"},
		{"no VCS information", "", info("v1.2.0"), "v1.2.0"},
		{"a local build without VCS stamping", "", info("(devel)"), "(devel) go1.26.8, no VCS revision (built with -buildvcs=false or outside a git checkout; -ldflags \"-X main.version=...\" sets one)"},
		{"no build info", "", func() (*debug.BuildInfo, bool) { return nil, false }, "unknown (no build info)"},
		{"injected wins", "test", info("v1.2.0", rev), "test"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := versionString(tc.injected, tc.info); got != tc.want {
				t.Errorf("versionString = %q, want %q", got, tc.want)
			}
		})
	}
}
