package rules

import (
	"strings"
	"testing"
)

func TestErrorMessageShape(t *testing.T) {
	tests := []struct {
		err  error
		want string
	}{
		{BucketName("My_Bucket"), `bucket name "My_Bucket": uppercase letters are not allowed`},
		{AccountID("12345678901"), `account ID "12345678901": must be exactly 12 digits (it has 11); keep any leading zeros`},
		{RoleName("my role"), `role name "my role": character ' ' (space) at position 3 is not allowed (use letters, digits and _+=,.@-)`},
		{RoleDescription("Backups — Palette"), `role description "Backups — Palette": character U+2014 '—' at position 9 is not allowed (IAM accepts printable ASCII and Latin-1 only)`},
		{MaxSessionDuration(60), `max session duration "60": must be between 3600 and 43200 seconds (1 to 12 hours)`},
	}
	for _, tt := range tests {
		if tt.err == nil || tt.err.Error() != tt.want {
			t.Errorf("got  %v\nwant %s", tt.err, tt.want)
		}
	}
}

func TestErrorCutsLongValues(t *testing.T) {
	long := strings.Repeat("x", 2000)
	msg := ExternalID(long).Error()
	want := `external ID "` + strings.Repeat("x", 63) + `…": must be at most 1224 characters long (it has 2000)`
	if msg != want {
		t.Errorf("got  %s\nwant %s", msg, want)
	}
	exact := strings.Repeat("é", maxShownValue)
	if got := quoteShort(exact); got != `"`+exact+`"` {
		t.Errorf("a value of exactly %d characters must be shown whole, got %s", maxShownValue, got)
	}
}

func TestErrorQuotesControlCharacters(t *testing.T) {
	msg := LocationName("a\x00b").Error()
	if !strings.Contains(msg, `"a\x00b"`) || !strings.Contains(msg, "U+0000") {
		t.Errorf("control characters must be escaped and named, got %s", msg)
	}
	msg = BucketName("ab\xffc").Error()
	if !strings.Contains(msg, "invalid UTF-8") {
		t.Errorf("an invalid byte must be named, got %s", msg)
	}
}

func TestWarningString(t *testing.T) {
	w := Warning{Field: "S3 URL", Value: "http://minio:9000", Rule: "uses http"}
	if got, want := w.String(), `S3 URL "http://minio:9000": uses http`; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
}
