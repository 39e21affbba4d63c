package palette

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"reflect"
)

// Header names the Palette API reads.
const (
	headerAPIKey     = "ApiKey"
	headerProjectUID = "ProjectUid"
)

// maxResponseBody bounds what is read from one answer.
const maxResponseBody = 1 << 20

// request is one API call as the retry loop sees it.
type request struct {
	method, path string
	query        url.Values
	body         any  // sent as JSON when non-nil
	tenantScope  bool // never send ProjectUid (tenant-level endpoints)
	retry        retryPolicy
	out          any // decoded from a 2xx JSON answer when non-nil
}

// response is what one attempt got back.
type response struct {
	status     int
	statusLine string
	header     http.Header
	body       []byte
}

// do runs req with retries and returns nil for a 2xx answer, an *APIError for any other
// answer, or a *RequestError when no answer came.
func (c *Client) do(ctx context.Context, req request) error {
	var payload []byte
	if req.body != nil {
		var err error
		if payload, err = json.Marshal(req.body); err != nil {
			return fmt.Errorf("palette %s %s: encode body: %w", req.method, req.path, err)
		}
	}
	start := c.now()
	for attempt := 1; ; attempt++ {
		resp, err := c.attempt(ctx, req, payload)
		if err != nil {
			return err
		}
		if resp.status >= 200 && resp.status < 300 {
			return c.decode(req, resp)
		}
		apiErr := decodeAPIError(resp.status, resp.statusLine, resp.body, c.redactor)
		apiErr.Attempts = attempt
		if !req.retry.allows(resp.status) || attempt >= c.maxAttempts {
			return apiErr
		}
		wait, ok := retryAfter(resp.header, c.now())
		if !ok {
			wait = c.jitter(backoffCeiling(attempt))
		}
		if c.now().Sub(start)+wait > c.maxRetry {
			return apiErr
		}
		if err := c.sleep(ctx, wait); err != nil {
			return &RequestError{Method: req.method, Path: req.path, cause: err,
				msg: fmt.Sprintf("%v while waiting to retry after: %v", err, apiErr)}
		}
	}
}

// attempt sends one request, bounded by the client's timeout, and reads the whole answer.
func (c *Client) attempt(ctx context.Context, req request, payload []byte) (*response, error) {
	actx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	target := c.base.String() + req.path
	if len(req.query) > 0 {
		target += "?" + req.query.Encode()
	}
	var body io.Reader
	if payload != nil {
		body = bytes.NewReader(payload)
	}
	httpReq, err := http.NewRequestWithContext(actx, req.method, target, body)
	if err != nil {
		return nil, c.requestError(ctx, req, err)
	}
	httpReq.Header.Set(headerAPIKey, c.apiKey)
	httpReq.Header.Set("Accept", "application/json")
	if payload != nil {
		httpReq.Header.Set("Content-Type", "application/json")
	}
	if c.projectUID != "" && !req.tenantScope {
		httpReq.Header.Set(headerProjectUID, c.projectUID)
	}
	httpResp, err := c.http.Do(httpReq)
	if err != nil {
		return nil, c.requestError(ctx, req, err)
	}
	defer httpResp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(httpResp.Body, maxResponseBody))
	if err != nil {
		return nil, c.requestError(ctx, req, err)
	}
	return &response{status: httpResp.StatusCode, statusLine: httpResp.Status, header: httpResp.Header, body: data}, nil
}

// requestError describes a failed attempt without the transport error's own text where it
// could carry the URL, and with the key redacted from the rest.
func (c *Client) requestError(parent context.Context, req request, err error) *RequestError {
	e := &RequestError{Method: req.method, Path: req.path}
	switch {
	case parent.Err() != nil:
		e.cause = parent.Err()
		e.msg = parent.Err().Error()
	case errors.Is(err, context.DeadlineExceeded):
		e.cause = context.DeadlineExceeded
		e.msg = fmt.Sprintf("no answer within %s", c.timeout)
	default:
		var urlErr *url.Error
		if errors.As(err, &urlErr) {
			err = urlErr.Err
		}
		e.msg = c.redactor.String(err.Error())
	}
	return e
}

// decode fills req.out from a 2xx answer.
func (c *Client) decode(req request, resp *response) error {
	if req.out == nil {
		return nil
	}
	if len(bytes.TrimSpace(resp.body)) == 0 {
		return fmt.Errorf("palette %s %s: answer %d has no body", req.method, req.path, resp.status)
	}
	if err := json.Unmarshal(resp.body, req.out); err != nil {
		return fmt.Errorf("palette %s %s: decode answer: %s", req.method, req.path, c.redactor.String(err.Error()))
	}
	c.redactor.Strings(reflect.ValueOf(req.out))
	return nil
}
