package aws

import "testing"

// SetListPageSize makes IAM list and simulation calls ask for pages of n items
// for the rest of the test.
func SetListPageSize(tb testing.TB, n int32) {
	old := listPageSize
	listPageSize = &n
	tb.Cleanup(func() { listPageSize = old })
}
