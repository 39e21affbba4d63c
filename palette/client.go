package palette

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"os"
	"time"

	"github.com/bslwiz/bslwiz/internal/boundedfile"
)

// Client calls the Palette API. It is safe for concurrent use. A Client is in tenant scope
// unless it came from InProject.
type Client struct {
	base        *url.URL
	apiKey      string
	projectUID  string
	http        *http.Client
	timeout     time.Duration
	maxAttempts int
	maxRetry    time.Duration
	redactor    redactor

	// Injected by tests; real time otherwise.
	now    func() time.Time
	sleep  func(ctx context.Context, d time.Duration) error
	jitter func(max time.Duration) time.Duration
}

// New checks cfg and returns a Client. It makes no request (see Verify). With
// InsecureSkipVerify it writes a warning naming the endpoint to cfg.Warn, every time.
func New(cfg Config) (*Client, error) {
	base, err := normalizeEndpoint(cfg.Endpoint)
	if err != nil {
		return nil, err
	}
	if err := checkAPIKey(cfg.APIKey); err != nil {
		return nil, err
	}
	warn := cfg.Warn
	if warn == nil {
		warn = os.Stderr
	}
	httpClient, err := buildHTTPClient(cfg)
	if err != nil {
		return nil, err
	}
	if cfg.InsecureSkipVerify {
		fmt.Fprintf(warn, "WARNING: TLS certificate verification is disabled for Palette endpoint %s; "+
			"anyone on the network path can read the API key and change the answers.\n", base)
	}
	if base.Scheme == "http" && !isLoopback(base.Hostname()) {
		fmt.Fprintf(warn, "WARNING: Palette endpoint %s is plain http; the API key is sent unencrypted.\n", base)
	}
	c := &Client{
		base:        base,
		apiKey:      cfg.APIKey,
		http:        httpClient,
		timeout:     orDefault(cfg.Timeout, DefaultTimeout),
		maxAttempts: cfg.MaxAttempts,
		maxRetry:    orDefault(cfg.MaxRetryTime, DefaultMaxRetryTime),
		redactor:    newRedactor(cfg.APIKey),
		now:         time.Now,
		sleep:       sleepContext,
		jitter:      fullJitter,
	}
	if c.maxAttempts <= 0 {
		c.maxAttempts = DefaultMaxAttempts
	}
	return c, nil
}

// InProject returns a client for the same endpoint and key that sends the ProjectUid
// header with uid; "" returns a tenant-scoped client.
func (c *Client) InProject(uid string) *Client {
	scoped := *c
	scoped.projectUID = uid
	return &scoped
}

// ProjectUID is the project the client is scoped to, "" for tenant scope.
func (c *Client) ProjectUID() string { return c.projectUID }

// Endpoint is the base URL requests go to, e.g. https://api.spectrocloud.com.
func (c *Client) Endpoint() string { return c.base.String() }

// String describes the client without its key.
func (c *Client) String() string {
	scope := "tenant scope"
	if c.projectUID != "" {
		scope = "project " + c.projectUID
	}
	return fmt.Sprintf("palette.Client{%s, %s, ApiKey: %s}", c.base, scope, Redacted)
}

// GoString is String, so %#v does not print the key either.
func (c *Client) GoString() string { return c.String() }

func buildHTTPClient(cfg Config) (*http.Client, error) {
	if cfg.HTTPClient != nil {
		if cfg.CAFile != "" || cfg.InsecureSkipVerify {
			return nil, errors.New("palette config: CAFile and InsecureSkipVerify cannot be combined with a custom HTTPClient")
		}
		hc := *cfg.HTTPClient
		if hc.CheckRedirect == nil {
			hc.CheckRedirect = refuseRedirect
		}
		return &hc, nil
	}
	transport := http.DefaultTransport.(*http.Transport).Clone()
	tlsConfig := &tls.Config{MinVersion: tls.VersionTLS12, InsecureSkipVerify: cfg.InsecureSkipVerify} //nolint:gosec // opt-in, warned about
	if cfg.CAFile != "" {
		pool, err := loadCAFile(cfg.CAFile)
		if err != nil {
			return nil, err
		}
		tlsConfig.RootCAs = pool
	}
	transport.TLSClientConfig = tlsConfig
	return &http.Client{Transport: transport, CheckRedirect: refuseRedirect}, nil
}

// refuseRedirect keeps a 3xx as the answer: following it would resend the ApiKey header
// (net/http strips only standard credentials) to wherever the server points. Palette's API
// does not redirect.
func refuseRedirect(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }

// maxCAFileSize bounds the CA bundle read: a bundle is a few KiB, the system's whole
// store a few hundred.
const maxCAFileSize = 4 << 20

// loadCAFile returns the system roots plus the PEM certificates in path.
func loadCAFile(path string) (*x509.CertPool, error) {
	pem, err := boundedfile.Read(path, maxCAFileSize)
	if err != nil {
		return nil, fmt.Errorf("palette CA file: %w", err)
	}
	pool, err := x509.SystemCertPool()
	if err != nil || pool == nil {
		pool = x509.NewCertPool()
	}
	if !pool.AppendCertsFromPEM(pem) {
		return nil, fmt.Errorf("palette CA file %s: no PEM certificate found", path)
	}
	return pool, nil
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

func orDefault(d, def time.Duration) time.Duration {
	if d <= 0 {
		return def
	}
	return d
}

// sleepContext waits d or until ctx ends.
func sleepContext(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// fullJitter returns a uniformly random duration in [0, max].
func fullJitter(max time.Duration) time.Duration {
	if max <= 0 {
		return 0
	}
	return rand.N(max + 1)
}
