package accessible

// The golden package registers the -update flag; importing it here lets
// `go test ./ui/... -update` run across every ui package, not only those
// with golden files.
import _ "github.com/charmbracelet/x/exp/golden"
