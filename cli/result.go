package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/bslwiz/bslwiz/steps"
)

// Result is what --output json prints.
type Result struct {
	Command     string              `json:"command"`
	Location    string              `json:"location,omitempty"`
	Sandbox     bool                `json:"sandbox,omitempty"`
	RoleARN     string              `json:"roleArn,omitempty"`
	PolicyARN   string              `json:"policyArn,omitempty"`
	LocationUID string              `json:"locationUid,omitempty"`
	Steps       []StepResult        `json:"steps,omitempty"`
	Checks      []steps.CheckResult `json:"checks,omitempty"`
	Bucket      *BucketResult       `json:"bucket,omitempty"`
	Error       string              `json:"error,omitempty"`
	ExitCode    int                 `json:"exitCode"`

	// Authorizations are the guide's authorizations (authorizations.go).
	Authorizations []steps.Authorization `json:"authorizations,omitempty"`
	// TrustPolicy is the role's trust policy the run leaves (plan, apply)
	// or finds (status); TrustEvaluation is who it lets assume the role.
	TrustPolicy     json.RawMessage     `json:"trustPolicy,omitempty"`
	TrustEvaluation []TrustAccessResult `json:"trustEvaluation,omitempty"`
}

// StepResult is one step in --output json.
type StepResult struct {
	Step     int          `json:"step"` // its number in this plan
	ID       steps.StepID `json:"id"`
	Title    string       `json:"title"`
	Status   string       `json:"status"` // "done", "unchanged", "planned"
	Calls    []string     `json:"calls,omitempty"`
	Facts    []string     `json:"facts,omitempty"`
	Warnings []string     `json:"warnings,omitempty"`
}

func stepResult(pv *steps.Preview, status string) StepResult {
	r := StepResult{Step: pv.Number, ID: pv.ID, Title: pv.Title, Status: status, Facts: pv.Facts, Warnings: pv.Warnings}
	for _, c := range pv.Calls {
		r.Calls = append(r.Calls, c.String())
	}
	return r
}

// finish completes a command's result with its error and prints it as JSON
// when asked to; the error is then marked as reported.
func finish(ios *IOStreams, output string, res *Result, err error) error {
	res.ExitCode = ExitCode(err)
	if err != nil {
		res.Error = explain(err)
	}
	if output == "json" {
		if werr := writeJSON(ios.Out, res); werr != nil {
			return werr
		}
		if err != nil {
			fmt.Fprintf(ios.Err, "bslwiz: %s\n", explain(err))
			return &reportedError{err}
		}
	}
	return err
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// errReported marks an error already printed (in JSON output, say).
var errReported = errors.New("reported")

type reportedError struct{ err error }

func (e *reportedError) Error() string { return e.err.Error() }
func (e *reportedError) Unwrap() []error {
	return []error{e.err, errReported}
}

// checkOutput refuses an --output other than text or json.
func checkOutput(output string) error {
	if output != "text" && output != "json" {
		return usageErrorf("--output must be text or json, not %q", output)
	}
	return nil
}
