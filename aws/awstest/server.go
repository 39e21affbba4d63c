package awstest

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"testing"
	"time"
)

// Server serves an Emulator on a loopback port.
type Server struct {
	// URL is the endpoint, e.g. "http://127.0.0.1:41234" (an IP, so SDKs use path-style S3).
	URL      string
	Emulator *Emulator
	srv      *http.Server
	done     chan struct{}
}

// Serve starts serving e on 127.0.0.1 on a free port. Close stops it.
func Serve(e *Emulator) (*Server, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("listen on loopback: %w", err)
	}
	s := &Server{
		URL:      "http://" + ln.Addr().String(),
		Emulator: e,
		srv:      &http.Server{Handler: e, ReadHeaderTimeout: 10 * time.Second},
		done:     make(chan struct{}),
	}
	go func() {
		defer close(s.done)
		if err := s.srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			panic(fmt.Sprintf("awstest: serve: %v", err))
		}
	}()
	return s, nil
}

// NewTestServer serves e for the duration of a test and closes it on Cleanup.
func NewTestServer(tb testing.TB, e *Emulator) *Server {
	tb.Helper()
	s, err := Serve(e)
	if err != nil {
		tb.Fatalf("awstest: %v", err)
	}
	tb.Cleanup(func() { _ = s.Close() })
	return s
}

// Close stops the server, waiting briefly for requests in flight.
func (s *Server) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	err := s.srv.Shutdown(ctx)
	if err != nil {
		err = s.srv.Close()
	}
	<-s.done
	return err
}

// Env returns environment variables that point the AWS SDKs and the aws CLI at the server with
// credentials c (AWS_ENDPOINT_URL, keys, AWS_REGION/AWS_DEFAULT_REGION=us-east-1, no IMDS, no pager).
// Append them to os.Environ(); entries later in the list win for exec.Cmd.
func (s *Server) Env(c Credentials) []string {
	env := []string{
		"AWS_ENDPOINT_URL=" + s.URL,
		"AWS_ACCESS_KEY_ID=" + c.AccessKeyID,
		"AWS_SECRET_ACCESS_KEY=" + c.SecretAccessKey,
		"AWS_SESSION_TOKEN=" + c.SessionToken,
		"AWS_REGION=" + DefaultRegion,
		"AWS_DEFAULT_REGION=" + DefaultRegion,
		"AWS_EC2_METADATA_DISABLED=true",
		"AWS_PAGER=",
	}
	return env
}
