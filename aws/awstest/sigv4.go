package awstest

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
)

const sigV4Algorithm = "AWS4-HMAC-SHA256"

// sigV4 is the parsed signature of a request, from the Authorization header or a presigned URL.
type sigV4 struct {
	AccessKeyID   string
	Date          string // yyyymmdd from the credential scope
	Region        string
	Service       string
	SignedHeaders []string
	Signature     string
	AmzDate       string // X-Amz-Date (or Date header)
	SecurityToken string
	Presigned     bool
}

// errMalformedAuth is a signature that cannot be parsed; the message is AWS-like.
type errMalformedAuth struct{ msg string }

func (e *errMalformedAuth) Error() string { return e.msg }

// parseSigV4 extracts the SigV4 signature of r. It returns nil, nil for an unsigned request.
func parseSigV4(r *http.Request) (*sigV4, error) {
	if h := r.Header.Get("Authorization"); h != "" {
		return parseAuthorizationHeader(h, r)
	}
	q := r.URL.Query()
	if q.Get("X-Amz-Algorithm") == "" && q.Get("X-Amz-Credential") == "" {
		return nil, nil
	}
	if q.Get("X-Amz-Algorithm") != sigV4Algorithm {
		return nil, &errMalformedAuth{"Unsupported algorithm " + q.Get("X-Amz-Algorithm")}
	}
	s := &sigV4{Presigned: true, Signature: q.Get("X-Amz-Signature"), AmzDate: q.Get("X-Amz-Date"),
		SecurityToken: q.Get("X-Amz-Security-Token")}
	if err := s.setCredential(q.Get("X-Amz-Credential")); err != nil {
		return nil, err
	}
	s.SignedHeaders = strings.Split(q.Get("X-Amz-SignedHeaders"), ";")
	if s.Signature == "" || s.AmzDate == "" {
		return nil, &errMalformedAuth{"Query-string authentication requires the X-Amz-Signature and X-Amz-Date parameters."}
	}
	return s, nil
}

func parseAuthorizationHeader(h string, r *http.Request) (*sigV4, error) {
	alg, rest, ok := strings.Cut(h, " ")
	if !ok || alg != sigV4Algorithm {
		return nil, &errMalformedAuth{"Unsupported authorization type; use " + sigV4Algorithm}
	}
	s := &sigV4{SecurityToken: r.Header.Get("X-Amz-Security-Token")}
	for _, part := range strings.Split(rest, ",") {
		k, v, ok := strings.Cut(strings.TrimSpace(part), "=")
		if !ok {
			return nil, &errMalformedAuth{"Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=" + sigV4Algorithm}
		}
		switch k {
		case "Credential":
			if err := s.setCredential(v); err != nil {
				return nil, err
			}
		case "SignedHeaders":
			s.SignedHeaders = strings.Split(v, ";")
		case "Signature":
			s.Signature = v
		}
	}
	if s.AccessKeyID == "" {
		return nil, &errMalformedAuth{"Authorization header requires 'Credential' parameter. Authorization=" + h[:len(alg)]}
	}
	if s.Signature == "" || len(s.SignedHeaders) == 0 {
		return nil, &errMalformedAuth{"Authorization header requires 'Signature' and 'SignedHeaders' parameters."}
	}
	s.AmzDate = r.Header.Get("X-Amz-Date")
	if s.AmzDate == "" {
		s.AmzDate = r.Header.Get("Date")
	}
	if s.AmzDate == "" {
		return nil, &errMalformedAuth{"Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header."}
	}
	return s, nil
}

func (s *sigV4) setCredential(v string) error {
	parts := strings.Split(v, "/")
	if len(parts) != 5 || parts[4] != "aws4_request" {
		return &errMalformedAuth{"Credential should be scoped to a valid region and service: " + redactCredential(v)}
	}
	s.AccessKeyID, s.Date, s.Region, s.Service = parts[0], parts[1], parts[2], parts[3]
	return nil
}

// redactCredential keeps the scope of a credential string (the access key ID is not secret, but keep it short).
func redactCredential(v string) string {
	if i := strings.Index(v, "/"); i >= 0 {
		return v[i:]
	}
	return ""
}

// scope returns the credential scope string.
func (s *sigV4) scope() string {
	return s.Date + "/" + s.Region + "/" + s.Service + "/aws4_request"
}

// verify recomputes the signature of r with secret and compares it with the one sent.
// payloadHash is the hex SHA-256 (or UNSIGNED-PAYLOAD / STREAMING-*) the client signed.
func (s *sigV4) verify(r *http.Request, secret, payloadHash string) error {
	if len(s.AmzDate) < 8 || s.AmzDate[:8] != s.Date {
		//lint:ignore ST1005 the emulator answers with S3's own message, capital and all
		return errors.New("Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP")
	}
	canonical := s.canonicalRequest(r, payloadHash)
	sum := sha256.Sum256([]byte(canonical))
	stringToSign := sigV4Algorithm + "\n" + s.AmzDate + "\n" + s.scope() + "\n" + hex.EncodeToString(sum[:])
	key := hmacSHA256([]byte("AWS4"+secret), s.Date)
	key = hmacSHA256(key, s.Region)
	key = hmacSHA256(key, s.Service)
	key = hmacSHA256(key, "aws4_request")
	want := hex.EncodeToString(hmacSHA256(key, stringToSign))
	if !hmac.Equal([]byte(want), []byte(s.Signature)) {
		return errors.New("signature mismatch")
	}
	return nil
}

func hmacSHA256(key []byte, data string) []byte {
	h := hmac.New(sha256.New, key)
	h.Write([]byte(data))
	return h.Sum(nil)
}

// canonicalRequest builds the SigV4 canonical request from what arrived on the wire.
func (s *sigV4) canonicalRequest(r *http.Request, payloadHash string) string {
	path := r.URL.EscapedPath()
	if path == "" {
		path = "/"
	}
	if s.Service != "s3" {
		// Every service but S3 signs the path URI-encoded twice.
		path = uriEncode(path, false)
	}
	var b strings.Builder
	b.WriteString(r.Method)
	b.WriteByte('\n')
	b.WriteString(path)
	b.WriteByte('\n')
	b.WriteString(canonicalQuery(r.URL.RawQuery, s.Presigned))
	b.WriteByte('\n')
	for _, h := range s.SignedHeaders {
		b.WriteString(h)
		b.WriteByte(':')
		b.WriteString(canonicalHeaderValue(r, h))
		b.WriteByte('\n')
	}
	b.WriteByte('\n')
	b.WriteString(strings.Join(s.SignedHeaders, ";"))
	b.WriteByte('\n')
	b.WriteString(payloadHash)
	return b.String()
}

func canonicalHeaderValue(r *http.Request, name string) string {
	var values []string
	switch name {
	case "host":
		values = []string{r.Host}
	case "content-length":
		values = r.Header.Values("Content-Length")
		if len(values) == 0 && r.ContentLength >= 0 {
			values = []string{strconv.FormatInt(r.ContentLength, 10)}
		}
	case "transfer-encoding":
		values = r.TransferEncoding
	default:
		values = r.Header.Values(name)
	}
	out := make([]string, len(values))
	for i, v := range values {
		out[i] = strings.Join(strings.Fields(v), " ")
	}
	return strings.Join(out, ",")
}

// canonicalQuery sorts and re-encodes the raw query string (without X-Amz-Signature when presigned).
func canonicalQuery(raw string, presigned bool) string {
	if raw == "" {
		return ""
	}
	type kv struct{ k, v string }
	var pairs []kv
	for _, part := range strings.Split(raw, "&") {
		if part == "" {
			continue
		}
		k, v, _ := strings.Cut(part, "=")
		k, v = queryUnescape(k), queryUnescape(v)
		if presigned && k == "X-Amz-Signature" {
			continue
		}
		pairs = append(pairs, kv{uriEncode(k, true), uriEncode(v, true)})
	}
	sort.Slice(pairs, func(i, j int) bool {
		if pairs[i].k != pairs[j].k {
			return pairs[i].k < pairs[j].k
		}
		return pairs[i].v < pairs[j].v
	})
	parts := make([]string, len(pairs))
	for i, p := range pairs {
		parts[i] = p.k + "=" + p.v
	}
	return strings.Join(parts, "&")
}

func queryUnescape(s string) string {
	if u, err := url.QueryUnescape(s); err == nil {
		return u
	}
	return s
}

// uriEncode is SigV4's UriEncode: every byte except A-Z a-z 0-9 - _ . ~ is %XX (uppercase);
// '/' too when encodeSlash.
func uriEncode(s string, encodeSlash bool) string {
	const hexDigits = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'A' <= c && c <= 'Z', 'a' <= c && c <= 'z', '0' <= c && c <= '9', c == '-', c == '_', c == '.', c == '~':
			b.WriteByte(c)
		case c == '/' && !encodeSlash:
			b.WriteByte(c)
		default:
			b.WriteByte('%')
			b.WriteByte(hexDigits[c>>4])
			b.WriteByte(hexDigits[c&15])
		}
	}
	return b.String()
}

// sha256Hex returns the hex SHA-256 of b.
func sha256Hex(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}
