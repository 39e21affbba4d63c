package palettetest

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"testing"
	"time"
)

// Server serves a handler on a loopback port.
type Server struct {
	// URL is the base URL, e.g. http://127.0.0.1:43567; use it as palette.Config.Endpoint.
	URL string

	srv  *http.Server
	done chan error
}

// Serve serves e on a free loopback port until Close.
func Serve(e *Emulator) (*Server, error) { return ServeHandler(e) }

// ServeHandler serves any handler (such as an Emulator wrapped in middleware) like Serve.
func ServeHandler(h http.Handler) (*Server, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("palettetest: listen on loopback: %w", err)
	}
	s := &Server{
		URL:  "http://" + ln.Addr().String(),
		srv:  &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second},
		done: make(chan error, 1),
	}
	go func() { s.done <- s.srv.Serve(ln) }()
	return s, nil
}

// Close stops the server, waiting briefly for requests in flight.
func (s *Server) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	err := s.srv.Shutdown(ctx)
	if errors.Is(err, context.DeadlineExceeded) {
		err = s.srv.Close()
	}
	if serveErr := <-s.done; !errors.Is(serveErr, http.ErrServerClosed) {
		return serveErr
	}
	return err
}

// NewTestServer serves e for the length of the test.
func NewTestServer(tb testing.TB, e *Emulator) *Server {
	tb.Helper()
	return NewTestServerHandler(tb, e)
}

// NewTestServerHandler serves h for the length of the test.
func NewTestServerHandler(tb testing.TB, h http.Handler) *Server {
	tb.Helper()
	s, err := ServeHandler(h)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		if err := s.Close(); err != nil {
			tb.Errorf("palettetest: close server: %v", err)
		}
	})
	return s
}
