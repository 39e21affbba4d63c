package steps

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"
	"testing"

	"github.com/aws/smithy-go"

	"github.com/bslwiz/bslwiz/palette"
)

func TestExplainReplacesTheSDKsTextWithWhatToDo(t *testing.T) {
	op := func(svc, name string, err error) error {
		return &smithy.OperationError{ServiceID: svc, OperationName: name, Err: err}
	}
	refused := &url.Error{Op: "Post", URL: "http://127.0.0.1:1/", Err: &net.OpError{Op: "dial", Net: "tcp", Err: errors.New("connect: connection refused")}}
	cases := []struct {
		name string
		err  error
		want string
	}{
		{"AWS unreachable keeps bslwiz's words", fmt.Errorf("step 5 (STS): get caller identity: %w", op("STS", "GetCallerIdentity", refused)),
			"step 5 (STS): get caller identity: AWS STS GetCallerIdentity could not be sent at http://127.0.0.1:1: nothing answered (connection refused); check AWS_ENDPOINT_URL"},
		{"AWS access denied", op("IAM", "CreateRole", &smithy.GenericAPIError{Code: "AccessDenied", Message: "User: x is not authorized to perform: iam:CreateRole"}),
			"AWS IAM CreateRole was denied (AccessDenied: User: x is not authorized to perform: iam:CreateRole): use a profile allowed to do it"},
		{"AWS throttling", op("IAM", "GetRole", &smithy.GenericAPIError{Code: "Throttling"}), "was still throttled after the SDK's retries"},
		{"AWS other refusal", op("S3", "HeadBucket", &smithy.GenericAPIError{Code: "InvalidRequest", Message: "bad"}), "AWS S3 HeadBucket refused the call (InvalidRequest: bad)"},
		{"Palette key refused", fmt.Errorf("list projects: %w", &palette.APIError{Status: 401, Code: "Unauthorized", Message: "invalid API key", Ref: "r1"}),
			"list projects: Palette refused the API key (401, ref r1): create a new one"},
		{"Palette forbids", &palette.APIError{Status: 403, Code: "Forbidden"}, "Palette says the API key may not do this (403)"},
		{"Palette 5xx", &palette.APIError{Status: 503, Code: "Unavailable"}, "Palette failed on its side (503 Unavailable)"},
		{"Palette other", &palette.APIError{Status: 409, Code: "Conflict", Message: "exists"}, "Palette refused the call (409: exists)"},
		{"bslwiz's own words stay", errors.New("no journal for x"), "no journal for x"},
		{"a rule list keeps its lines", errors.New("the plan breaks 1 rule:\n  - bucket"), "the plan breaks 1 rule:\n  - bucket"},
		{"other multi-line text is one line", errors.New("a\nb"), "a b"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := Explain(tc.err)
			if !strings.Contains(got, tc.want) {
				t.Fatalf("Explain = %q\nwant it to contain %q", got, tc.want)
			}
			for _, raw := range []string{"operation error", "palette: 4", "palette: 5"} {
				if strings.Contains(got, raw) {
					t.Fatalf("Explain kept the raw text %q: %q", raw, got)
				}
			}
			if e := Explained(tc.err); !errors.Is(e, tc.err) || e.Error() != got {
				t.Fatalf("Explained hides the error from errors.Is, or says something else: %v", e)
			}
		})
	}
	if Explain(context.Canceled) != "context canceled" || Explained(nil) != nil {
		t.Fatal("plain errors change")
	}
}
