package steps

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/bslwiz/bslwiz/aws"
	"github.com/bslwiz/bslwiz/palette"
)

// analyzedAccountB is the fake Account B with an IAM Access Analyzer that
// answers as told.
type analyzedAccountB struct {
	*fakeAccountB
	findings []aws.PolicyFinding
	na       aws.NewAccess
}

func (a *analyzedAccountB) ValidatePolicy(context.Context, string, aws.PolicyKind) ([]aws.PolicyFinding, error) {
	return a.findings, nil
}

func (a *analyzedAccountB) CheckNoNewAccess(context.Context, string, string) (aws.NewAccess, error) {
	return a.na, nil
}

func TestCheckNoNewAccessBeyondAccountAsStatementRefusesStep9(t *testing.T) {
	tests := []struct {
		name    string
		na      aws.NewAccess
		refusal string
	}{
		{"only Account A's statement", aws.NewAccess{Reasons: []aws.NewAccessReason{{Description: "New access in the statement with index: 1.", StatementIndex: 1}}}, ""},
		{"another statement too", aws.NewAccess{Reasons: []aws.NewAccessReason{{StatementIndex: 1}, {Description: "New access in the statement with index: 0.", StatementIndex: 0}}},
			"new access in statement 1, not the one bslwiz adds"},
		{"no statement named", aws.NewAccess{Message: "The modified permissions grant new access"}, "without naming a statement"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := &analyzedAccountB{fakeAccountB: newFakeAccountB(), na: tt.na}
			// An existing role: a new one is created with Account A's
			// statement, and step 9 changes nothing.
			b.roles["bslwiz-prod-backups"] = &aws.Role{Name: "bslwiz-prod-backups", ARN: "arn:aws:iam::111122223333:role/bslwiz-prod-backups",
				TrustPolicy: trustDoc(paletteStmt)}
			p := Plan{LocationName: "prod-backups", Bucket: "acme-velero-backups", AccountA: "444455556666", AccessAnalyzer: true}
			s := NewSession(p, Backends{
				Palette:    palette.Config{APIKey: "k"},
				ConnectAWS: func(context.Context, aws.Options) (AccountB, error) { return b, nil },
				NewPalette: func(palette.Config) (PaletteAPI, error) { return newFakePalette(), nil },
			}, nil)
			pv, err := previewThrough(t, s, StepAppendAccountA)
			var ae *AnalyzerError
			switch {
			case tt.refusal == "" && err != nil:
				t.Fatalf("refused: %v", err)
			case tt.refusal == "" && !strings.Contains(strings.Join(pv.Facts, "\n"), "new access only in statement 2"):
				t.Fatalf("facts %v", pv.Facts)
			case tt.refusal != "" && (!errors.As(err, &ae) || !strings.Contains(err.Error(), tt.refusal)):
				t.Fatalf("err = %v, want an AnalyzerError with %q", err, tt.refusal)
			}
		})
	}
}
