package palette

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"runtime"
	"strings"
	"time"

	"github.com/bslwiz/bslwiz/internal/boundedfile"
)

// DefaultEndpoint is Palette SaaS.
const DefaultEndpoint = "https://api.spectrocloud.com"

// Defaults applied by New when the Config field is zero.
const (
	DefaultTimeout      = 30 * time.Second
	DefaultMaxAttempts  = 5
	DefaultMaxRetryTime = 30 * time.Second
)

// Environment variables read by EnvConfig; the names are those of the Spectro Cloud
// Terraform provider.
const (
	EnvHost   = "SPECTROCLOUD_HOST"
	EnvAPIKey = "SPECTROCLOUD_APIKEY"
)

// Config is what New needs to build a Client. Only APIKey is required.
type Config struct {
	// Endpoint is the API base URL, e.g. https://api.spectrocloud.com. A bare host means https.
	Endpoint string
	// APIKey is sent in the ApiKey header. It never appears in errors or logs.
	APIKey string
	// CAFile is a PEM bundle added to the system roots (self-hosted Palette).
	CAFile string
	// InsecureSkipVerify disables TLS certificate checks; New warns on Warn every time.
	InsecureSkipVerify bool
	// Warn receives warnings (insecure TLS, plain http). Default os.Stderr.
	Warn io.Writer
	// Timeout bounds each HTTP attempt. Default 30 s. With retries a call lasts at most
	// about MaxRetryTime + Timeout.
	Timeout time.Duration
	// MaxAttempts bounds the attempts of one call, the first included. Default 5; 1 disables retries.
	MaxAttempts int
	// MaxRetryTime bounds the time from the start of a call after which no retry is started. Default 30 s.
	MaxRetryTime time.Duration
	// HTTPClient replaces the default client; it cannot be combined with CAFile or
	// InsecureSkipVerify. New uses a copy that does not follow redirects unless the client
	// has its own CheckRedirect.
	HTTPClient *http.Client
}

// String describes the config without the API key.
func (c Config) String() string {
	key := "<none>"
	if c.APIKey != "" {
		key = Redacted
	}
	return fmt.Sprintf("palette.Config{Endpoint: %q, APIKey: %s, CAFile: %q, InsecureSkipVerify: %t, Timeout: %s, MaxAttempts: %d, MaxRetryTime: %s}",
		c.Endpoint, key, c.CAFile, c.InsecureSkipVerify, c.Timeout, c.MaxAttempts, c.MaxRetryTime)
}

// GoString is String, so %#v does not print the key either.
func (c Config) GoString() string { return c.String() }

// EnvConfig returns a Config filled from SPECTROCLOUD_HOST and SPECTROCLOUD_APIKEY. Unset
// variables leave the defaults. The host may be given with or without a scheme.
func EnvConfig() Config {
	return Config{
		Endpoint: strings.TrimSpace(os.Getenv(EnvHost)),
		APIKey:   strings.TrimSpace(os.Getenv(EnvAPIKey)),
	}
}

// maxKeyFileSize is far larger than any API key; a bigger file is the wrong file.
const maxKeyFileSize = 4096

// ReadAPIKeyFile reads an API key from a file holding it on a single line (surrounding
// white space is trimmed). Like ssh with private keys, it refuses a file that other users
// can read. Errors never include the file's content.
func ReadAPIKeyFile(path string) (string, error) {
	f, err := boundedfile.Open(path) // a FIFO is refused, not waited on
	if err != nil {
		return "", fmt.Errorf("read API key file: %w", err)
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return "", fmt.Errorf("read API key file: %w", err)
	}
	if perm := info.Mode().Perm(); runtime.GOOS != "windows" && perm&0o077 != 0 {
		return "", fmt.Errorf("API key file %s is accessible by other users (mode %04o); run: chmod 600 %s", path, perm, path)
	}
	data, err := io.ReadAll(io.LimitReader(f, maxKeyFileSize+1))
	if err != nil {
		return "", fmt.Errorf("read API key file %s: %w", path, err)
	}
	if len(data) > maxKeyFileSize {
		return "", fmt.Errorf("API key file %s is larger than %d bytes; is it the right file?", path, maxKeyFileSize)
	}
	key := string(bytes.TrimSpace(data))
	switch {
	case key == "":
		return "", fmt.Errorf("API key file %s is empty", path)
	case strings.ContainsAny(key, "\r\n"):
		return "", fmt.Errorf("API key file %s has more than one line; it must hold only the key", path)
	}
	if err := checkAPIKey(key); err != nil {
		return "", fmt.Errorf("API key file %s: %w", path, err)
	}
	return key, nil
}

// checkAPIKey rejects keys that cannot be sent in a header, without quoting the key.
func checkAPIKey(key string) error {
	if key == "" {
		return errors.New("the Palette API key is empty (set " + EnvAPIKey + " or use an API key file)")
	}
	for _, r := range key {
		if r < 0x21 || r > 0x7e {
			return errors.New("the Palette API key holds white space or characters that cannot be sent in a header")
		}
	}
	return nil
}

// NormalizeEndpoint returns the base URL a Client for endpoint sends its
// requests to: "host", "host/" and "https://host/" are all "https://host".
func NormalizeEndpoint(endpoint string) (string, error) {
	u, err := normalizeEndpoint(endpoint)
	if err != nil {
		return "", err
	}
	return u.String(), nil
}

// normalizeEndpoint turns "host", "host:port", "https://host/" into a base URL without a
// trailing slash. Only http and https are accepted; query and fragment are refused.
func normalizeEndpoint(endpoint string) (*url.URL, error) {
	endpoint = strings.TrimSpace(endpoint)
	if endpoint == "" {
		endpoint = DefaultEndpoint
	}
	if !strings.Contains(endpoint, "://") {
		endpoint = "https://" + endpoint
	}
	u, err := url.Parse(endpoint)
	if err != nil {
		return nil, fmt.Errorf("palette endpoint %q: %w", endpoint, err)
	}
	switch {
	case u.Scheme != "http" && u.Scheme != "https":
		return nil, fmt.Errorf("palette endpoint %q: scheme must be https or http", endpoint)
	case u.Host == "" || u.Hostname() == "":
		return nil, fmt.Errorf("palette endpoint %q: no host", endpoint)
	case u.User != nil:
		return nil, fmt.Errorf("palette endpoint %s: credentials in the URL are not allowed", u.Redacted())
	case u.RawQuery != "" || u.Fragment != "":
		return nil, fmt.Errorf("palette endpoint %q: must not have a query or fragment", endpoint)
	}
	u.Path = strings.TrimRight(u.Path, "/")
	u.RawPath = ""
	return u, nil
}
