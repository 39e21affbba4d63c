package rules

import (
	"strings"
	"testing"
)

func TestLocationName(t *testing.T) {
	tests := []ruleCase{
		{"acme-backups", ""},
		{"b", ""},
		{"0backups9", ""},
		{"a" + strings.Repeat("-b", 31), ""}, // 63 characters
		{"", "must not be empty"},
		{"Acme-Backups", "uppercase letters are not allowed"},
		{"acme_backups", "character '_' at position 5"},
		{"acme.backups", "character '.' at position 5"},
		{"acme backups", "character ' ' (space)"},
		{"-acme", "must begin with a letter or digit"},
		{"acme-", "must end with a letter or digit"},
		{strings.Repeat("b", 64), "at most 63 characters long (it has 64)"},
		{" acme", "white space"},
	}
	for _, tt := range tests {
		checkRule(t, "location name", tt.in, LocationName(tt.in), tt.rule)
	}
}
