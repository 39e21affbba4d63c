package aws

import (
	"context"
	"errors"
	"fmt"
)

// call runs one API operation under Options.CallTimeout. The SDK's standard
// retryer works inside that budget; a call that runs out of it says so. IAM's
// NoSuchEntity comes back matching ErrNotFound.
func call[T any](ctx context.Context, c *Client, op func(context.Context) (T, error)) (T, error) {
	cctx, cancel := context.WithTimeout(ctx, c.opts.CallTimeout)
	defer cancel()
	out, err := op(cctx)
	if err != nil && ctx.Err() == nil && errors.Is(cctx.Err(), context.DeadlineExceeded) {
		err = fmt.Errorf("no answer within %s: %w", c.opts.CallTimeout, err)
	}
	if isNoSuchEntity(err) {
		err = notFoundError{err}
	}
	return out, err
}

// listPageSize is the MaxItems of IAM list and simulation pages; nil leaves
// the service's default (100). Tests shrink it to exercise pagination.
var listPageSize *int32
