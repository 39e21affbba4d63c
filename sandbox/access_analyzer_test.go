package sandbox

import "testing"

func TestParseAnalyzerFindings(t *testing.T) {
	tests := []struct {
		spec string
		n    int
		bad  bool
	}{
		{"", 0, false},
		{"ERROR:INVALID_PRINCIPAL", 1, false},
		{"SECURITY_WARNING:X, SUGGESTION:Y", 2, false},
		{"error:X", 0, true},
		{"ERROR", 0, true},
		{"ERROR:", 0, true},
	}
	for _, tt := range tests {
		fs, err := parseAnalyzerFindings(tt.spec)
		if (err != nil) != tt.bad || len(fs) != tt.n {
			t.Errorf("parseAnalyzerFindings(%q) = %v, %v", tt.spec, fs, err)
		}
	}
}
