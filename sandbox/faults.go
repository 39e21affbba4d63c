package sandbox

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/bslwiz/bslwiz/aws/awstest"
	"github.com/bslwiz/bslwiz/palette/palettetest"
)

// FaultsEnv is the variable that sets Options.Faults for --sandbox and bslwiz sandbox.
const FaultsEnv = "BSLWIZ_SANDBOX_FAULTS"

// faultPlan is a parsed Options.Faults: the emulators' faults by operation.
type faultPlan struct {
	aws     map[string]awstest.Fault     // "*", "iam:*", "iam:CreateRole", ...
	palette map[string]palettetest.Fault // palettetest.AllOperations or an operationId
}

// parseFaults reads a fault list, entries separated by commas:
//
//	TARGET=KIND[:ARG][+KIND[:ARG]...]
//
// TARGET is an AWS operation (iam:CreateRole, sts:AssumeRole, s3:PutObject), a whole AWS
// service (iam:*), a Palette operationId after "palette:" (palette:v1UsersAssetsLocationS3Create)
// or palette:* for all of Palette, or * for every call of both. KIND is throttle (AWS
// Throttling or SlowDown, Palette 429), 5xx (a 500), drop (the call is done but its reply
// is lost: the connection closes) — each with a count ARG, 1 when left out — or
// latency with a duration ARG. For example
//
//	BSLWIZ_SANDBOX_FAULTS='iam:CreateRole=drop,sts:AssumeRole=throttle:3,palette:*=5xx:2+latency:200ms'
func parseFaults(spec string) (faultPlan, error) {
	fp := faultPlan{aws: map[string]awstest.Fault{}, palette: map[string]palettetest.Fault{}}
	for _, entry := range strings.Split(spec, ",") {
		entry = strings.TrimSpace(entry)
		if entry == "" {
			continue
		}
		target, kinds, ok := strings.Cut(entry, "=")
		if !ok || target == "" || kinds == "" {
			return fp, fmt.Errorf("%s: %q is not TARGET=KIND (such as iam:CreateRole=drop)", FaultsEnv, entry)
		}
		var af awstest.Fault
		var pf palettetest.Fault
		for _, k := range strings.Split(kinds, "+") {
			name, arg, hasArg := strings.Cut(k, ":")
			if name == "latency" {
				d, err := time.ParseDuration(arg)
				if err != nil || d < 0 {
					return fp, fmt.Errorf("%s: %q: latency needs a duration such as latency:300ms", FaultsEnv, entry)
				}
				af.Latency, pf.Latency = d, d
				continue
			}
			n := 1
			if hasArg {
				var err error
				if n, err = strconv.Atoi(arg); err != nil || n < 1 {
					return fp, fmt.Errorf("%s: %q: %s needs a count of 1 or more, such as %s:3", FaultsEnv, entry, name, name)
				}
			}
			switch name {
			case "throttle":
				af.Throttle, pf.TooMany = af.Throttle+n, pf.TooMany+n
			case "5xx":
				af.ServerError, pf.ServerError = af.ServerError+n, pf.ServerError+n
			case "drop":
				af.DropReply, pf.DropReply = af.DropReply+n, pf.DropReply+n
			default:
				return fp, fmt.Errorf("%s: %q: unknown fault %q; the faults are throttle, 5xx, drop and latency", FaultsEnv, entry, name)
			}
		}
		switch {
		case target == "*":
			fp.aws["*"] = mergeAWS(fp.aws["*"], af)
			fp.palette[palettetest.AllOperations] = mergePalette(fp.palette[palettetest.AllOperations], pf)
		case strings.HasPrefix(target, "palette:"):
			op := strings.TrimPrefix(target, "palette:")
			if op == "*" {
				op = palettetest.AllOperations
			}
			fp.palette[op] = mergePalette(fp.palette[op], pf)
		default:
			service, action, ok := strings.Cut(target, ":")
			if !ok || action == "" || (service != "iam" && service != "sts" && service != "s3") {
				return fp, fmt.Errorf("%s: %q: the target must be *, iam:, sts: or s3: with an operation or *, or palette: with an operationId or *", FaultsEnv, target)
			}
			fp.aws[target] = mergeAWS(fp.aws[target], af)
		}
	}
	return fp, nil
}

func mergeAWS(a, b awstest.Fault) awstest.Fault {
	a.Throttle += b.Throttle
	a.ServerError += b.ServerError
	a.DropReply += b.DropReply
	if b.Latency > 0 {
		a.Latency = b.Latency
	}
	return a
}

func mergePalette(a, b palettetest.Fault) palettetest.Fault {
	a.TooMany += b.TooMany
	a.ServerError += b.ServerError
	a.DropReply += b.DropReply
	if b.Latency > 0 {
		a.Latency = b.Latency
	}
	return a
}
