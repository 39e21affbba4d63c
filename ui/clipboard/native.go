package clipboard

import (
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strings"

	"github.com/atotto/clipboard"
)

// toolArgs are the arguments atotto/clipboard gives each tool to read the
// clipboard's new text from standard input.
var toolArgs = map[string][]string{
	"pbcopy":               nil,
	"wl-copy":              nil,
	"xclip":                {"-in", "-selection", "clipboard"},
	"xsel":                 {"--input", "--clipboard"},
	"termux-clipboard-set": nil,
	"clip.exe":             nil,
}

// helperEnvKeys are the variables a clipboard tool needs to find the display
// and itself. Nothing else of bslwiz's environment reaches it: not
// SPECTROCLOUD_APIKEY, not AWS_SECRET_ACCESS_KEY or AWS_SESSION_TOKEN.
var helperEnvKeys = []string{
	"PATH", "HOME", "USER", "LOGNAME", "TMPDIR", "LANG", "LC_ALL", "LC_CTYPE",
	"DISPLAY", "XAUTHORITY", "WAYLAND_DISPLAY", "XDG_RUNTIME_DIR", "XDG_SESSION_TYPE",
	"DBUS_SESSION_BUS_ADDRESS", "WSL_DISTRO_NAME", "WSL_INTEROP",
}

// helperEnv is the environment of a clipboard tool: the variables of
// helperEnvKeys that getenv has.
func helperEnv(getenv func(string) string) []string {
	var env []string
	for _, k := range helperEnvKeys {
		if v := getenv(k); v != "" {
			env = append(env, k+"="+v)
		}
	}
	return env
}

// writeNative puts text on the clipboard through systemTool, started with
// helperEnv rather than this process's environment, which holds secrets.
// Windows has no tool process: atotto/clipboard calls its API.
func writeNative(text string) error {
	if runtime.GOOS == "windows" {
		return clipboard.WriteAll(text)
	}
	tool := systemTool()
	if tool == "" {
		return fmt.Errorf("no clipboard tool found")
	}
	path, err := exec.LookPath(tool)
	if err != nil {
		return fmt.Errorf("find %s: %w", tool, err)
	}
	cmd := exec.Command(path, toolArgs[tool]...)
	cmd.Env = helperEnv(os.Getenv)
	cmd.Stdin = strings.NewReader(text)
	// Standard output and error stay /dev/null: xclip leaves a child behind that
	// owns the selection, and a pipe it inherited would keep Wait waiting.
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("run %s: %w", tool, err)
	}
	return nil
}
