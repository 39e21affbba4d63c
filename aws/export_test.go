package aws

import (
	"context"
	"errors"
	"testing"
)

// SetListPageSize makes IAM list and simulation calls ask for pages of n items
// for the rest of the test.
func SetListPageSize(tb testing.TB, n int32) {
	old := listPageSize
	listPageSize = &n
	tb.Cleanup(func() { listPageSize = old })
}

// SetAWSCLIVersion makes the SSO hint see `aws --version` answer out (err when
// out is "") for the rest of the test.
func SetAWSCLIVersion(tb testing.TB, out string) {
	old := awsCLIVersion
	awsCLIVersion = func(context.Context) (string, error) {
		if out == "" {
			return "", errNoCLI
		}
		return out, nil
	}
	tb.Cleanup(func() { awsCLIVersion = old })
}

var errNoCLI = errors.New("aws: executable file not found in $PATH")
