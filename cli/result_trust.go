package cli

import (
	"encoding/json"

	"github.com/bslwiz/bslwiz/steps"
)

// TrustAccessResult is one caller of --output json's trustEvaluation: who
// asks, with which sts:ExternalId (none: an empty context), and whether the
// trust policy the run leaves lets it assume the role, and why.
type TrustAccessResult struct {
	Caller    string            `json:"caller"`
	Principal string            `json:"principal"`
	Context   map[string]string `json:"context"`
	Decision  string            `json:"decision"` // "allowed" or "denied"
	Why       string            `json:"why"`
	// Before is the decision before the change; omitted for a new role
	// and in status, which changes nothing.
	Before string `json:"before,omitempty"`
}

// setTrust fills trustPolicy, trustEvaluation and, when still empty,
// roleArn from an evaluation of the trust policy a run leaves.
func setTrust(res *Result, ev *steps.TrustEvaluation) {
	if ev == nil {
		return
	}
	if res.RoleARN == "" {
		res.RoleARN = ev.RoleARN
	}
	if json.Valid([]byte(ev.Policy)) {
		res.TrustPolicy = json.RawMessage(ev.Policy)
	}
	res.TrustEvaluation = []TrustAccessResult{}
	for _, r := range ev.Rows {
		tr := TrustAccessResult{Caller: r.Caller, Principal: r.Principal, Context: map[string]string{},
			Decision: r.After.Decision(), Why: r.After.Why}
		if r.HasExternalID {
			tr.Context["sts:ExternalId"] = r.ExternalID
		}
		if !ev.New && !ev.Current {
			tr.Before = r.Before.Decision()
		}
		res.TrustEvaluation = append(res.TrustEvaluation, tr)
	}
}
