package rules

import (
	"strings"
	"testing"
)

func TestS3URL(t *testing.T) {
	tests := []struct {
		in       string
		rule     string   // error rule fragment, "" for valid
		warnings []string // warning rule fragments
	}{
		{"", "", nil}, // optional: the default AWS endpoint
		{"https://s3.us-east-2.amazonaws.com", "", nil},
		{"https://s3.us-east-2.amazonaws.com/", "", nil},
		{"https://minio.internal:9000", "", nil},
		{"HTTPS://minio.internal", "", nil},
		{"https://[fd00::1]:9000", "", nil},
		{"http://minio.internal:9000", "", []string{"uses http"}},
		{"https://minio.internal/backups", "", []string{`has the path "/backups"`}},
		{"http://minio.internal/backups", "", []string{"uses http", "has the path"}},
		{"minio.internal:9000", `scheme must be https (or http), not "minio.internal"`, nil},
		{"minio.internal", "must be an absolute URL beginning with https://", nil},
		{"/just/a/path", "must be an absolute URL", nil},
		{"ftp://minio.internal", `scheme must be https (or http), not "ftp"`, nil},
		{"s3://acme-velero-backups", `scheme must be https (or http), not "s3"`, nil},
		{"https://", "must have a host", nil},
		{"https:minio.internal", "must have a host", nil},
		{"https://:9000", "must have a host name before the port", nil},
		{"https://minio.internal?region=us-east-1", "must not have a query string", nil},
		{"https://minio.internal/?", "must not have a query string", nil},
		{"https://minio.internal#top", "must not have a fragment", nil},
		{"https://minio.internal/#", "must not have a fragment", nil},
		{"https://minio.internal:99999", "port 99999 is not between 1 and 65535", nil},
		{"https://minio.internal:0", "port 0", nil},
		{"https://minio.internal:abc", "is not a URL", nil},
		{" https://minio.internal", "white space", nil},
		{"https://minio .internal", "is not a URL", nil},
	}
	for _, tt := range tests {
		ws, err := S3URL(tt.in)
		checkRule(t, "S3 URL", tt.in, err, tt.rule)
		if err != nil {
			if ws != nil {
				t.Errorf("%q: warnings %v returned with an error", tt.in, ws)
			}
			continue
		}
		if len(ws) != len(tt.warnings) {
			t.Errorf("%q: got warnings %v, want %d", tt.in, ws, len(tt.warnings))
			continue
		}
		for i, w := range ws {
			if w.Field != "S3 URL" || !strings.Contains(w.Rule, tt.warnings[i]) {
				t.Errorf("%q: warning %d = %v, want %q", tt.in, i, w, tt.warnings[i])
			}
		}
	}
}

func TestS3URLNeverShowsAPassword(t *testing.T) {
	for _, in := range []string{
		"https://admin:s3cr3t@minio.internal:9000",
		"https://admin:s3cr3t@minio.internal:badport",
		"https://admin:s3cr3t@min io",
		"https://s3cr3t@minio.internal",
	} {
		_, err := S3URL(in)
		if err == nil {
			t.Errorf("%q: user information must be refused", in)
			continue
		}
		if strings.Contains(err.Error(), "s3cr3t") {
			t.Errorf("%q: the error shows the password: %v", in, err)
		}
	}
}
