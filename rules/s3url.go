package rules

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
)

// S3URL checks the optional S3 endpoint URL of a backup location (for
// S3-compatible storage or a private endpoint). Empty means the default AWS
// endpoint and is valid. Otherwise it must be an absolute http(s) URL with a
// host, no user information, no query and no fragment; http is a warning
// because backups and credentials would cross the network unencrypted.
// Messages never show a password that the URL may carry.
func S3URL(s string) ([]Warning, error) {
	if s == "" {
		return nil, nil
	}
	shown := s
	fail := func(rule string) ([]Warning, error) { return nil, &Error{Field: "S3 URL", Value: shown, Rule: rule} }
	if hasOuterSpace(s) {
		return fail(ruleOuterSpace)
	}
	u, err := url.Parse(s)
	if err != nil {
		if at := strings.LastIndexByte(s, '@'); at >= 0 {
			shown = "…" + s[at:] // what precedes '@' may be a password
		}
		return fail("is not a URL: " + strings.TrimPrefix(unwrapURLError(err), "parse "))
	}
	if u.User != nil {
		bare := *u
		bare.User = nil // a user name alone can be a token: hide it all
		shown = strings.Replace(bare.String(), "//", "//…@", 1)
		return fail("must not contain a user name or password; Palette uses the role to authenticate")
	}
	var ws []Warning
	switch strings.ToLower(u.Scheme) {
	case "https":
	case "http":
		ws = append(ws, Warning{Field: "S3 URL", Value: s,
			Rule: "uses http: backup data and signed requests travel unencrypted; use https"})
	case "":
		return fail("must be an absolute URL beginning with https:// (for example https://s3.us-east-2.amazonaws.com)")
	default:
		return fail(fmt.Sprintf("scheme must be https (or http), not %q", u.Scheme))
	}
	switch {
	case u.Opaque != "" || u.Host == "":
		return fail("must have a host (for example https://s3.us-east-2.amazonaws.com)")
	case u.Hostname() == "":
		return fail("must have a host name before the port")
	case u.RawQuery != "" || u.ForceQuery:
		return fail("must not have a query string ('?…')")
	case u.Fragment != "" || strings.Contains(s, "#"):
		return fail("must not have a fragment ('#…')")
	}
	if p := u.Port(); p != "" {
		if n, err := strconv.Atoi(p); err != nil || n < 1 || n > 65535 {
			return fail(fmt.Sprintf("port %s is not between 1 and 65535", p))
		}
	}
	if u.Path != "" && u.Path != "/" {
		ws = append(ws, Warning{Field: "S3 URL", Value: s,
			Rule: fmt.Sprintf("has the path %q; S3 endpoints are usually a bare host, and the bucket is given separately", u.Path)})
	}
	return ws, nil
}

// unwrapURLError returns the reason of a *url.Error without repeating the
// input, which may contain a password.
func unwrapURLError(err error) string {
	if ue, ok := err.(*url.Error); ok {
		return ue.Err.Error()
	}
	return err.Error()
}
