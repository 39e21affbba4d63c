package export

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/bslwiz/bslwiz/steps"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// basicPlan is the representative plan: the seed accounts, the whole-account
// trust of the guide, project scope, defaults everywhere else.
func basicPlan() steps.Plan {
	return steps.Plan{
		LocationName:     "prod-backups",
		Bucket:           "acme-velero-backups",
		Region:           "us-east-2",
		AccountB:         "111122223333",
		PaletteAccountID: "210987654321",
		ExternalID:       "d3b07384d113edec49eaa6238ad5ff00",
		AccountA:         "444455556666",
	}
}

// govPlan is the variant: GovCloud, a role ARN for Account A, KMS and
// tagging, a custom S3 endpoint with its CA certificate, tenant scope, a
// profile, a permissions boundary and non-default paths and session length.
func govPlan() steps.Plan {
	return steps.Plan{
		PaletteEndpoint:     "https://palette.example.gov:8443",
		Scope:               "tenant",
		LocationName:        "gov-backups",
		IsDefault:           true,
		CACert:              filepath.Join("testdata", "ca.pem"),
		Bucket:              "acme-gov-velero",
		Region:              "us-gov-west-1",
		S3URL:               "https://s3.fips.us-gov-west-1.amazonaws.com",
		ForcePathStyle:      true,
		AWSProfile:          "acme-gov-b",
		AccountB:            "111122223333",
		PaletteAccountID:    "210987654321",
		ExternalID:          "d3b07384d113edec49eaa6238ad5ff00",
		PolicyName:          "palette-velero",
		PolicyPath:          "/palette/",
		RoleName:            "PaletteBackup",
		RolePath:            "/palette/",
		RoleDescription:     "Palette backups (gov)",
		PermissionsBoundary: "arn:aws-us-gov:iam::111122223333:policy/boundaries/palette",
		MaxSessionDuration:  7200,
		Tagging:             true,
		KMSKeyARN:           "arn:aws-us-gov:kms:us-gov-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
		AccountA:            "arn:aws-us-gov:iam::444455556666:role/SpectroCloudRole",
	}
}

// noAccountBPlan leaves Account B out: exports that need no ARN still work.
func noAccountBPlan() steps.Plan {
	p := basicPlan()
	p.AccountB = ""
	return p
}

var plans = []struct {
	name string
	plan func() steps.Plan
}{
	{"basic", basicPlan},
	{"gov", govPlan},
	{"no-account-b", noAccountBPlan},
}

func render(t *testing.T, f Format, p steps.Plan) string {
	t.Helper()
	var b bytes.Buffer
	if err := Render(&b, f, p); err != nil {
		t.Fatalf("Render(%s): %v", f, err)
	}
	return b.String()
}

// checkGolden compares got with testdata/name, or rewrites it under -update.
func checkGolden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./export -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from the export (run go test ./export -update to accept):\n%s", path, lineDiff(string(want), got))
	}
}

// lineDiff shows the first lines where want and got differ.
func lineDiff(want, got string) string {
	w, g := bytes.Split([]byte(want), []byte("\n")), bytes.Split([]byte(got), []byte("\n"))
	var b bytes.Buffer
	shown := 0
	for i := 0; i < max(len(w), len(g)) && shown < 10; i++ {
		var wl, gl []byte
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if !bytes.Equal(wl, gl) {
			shown++
			fmt.Fprintf(&b, "line %d:\n  want: %s\n  got:  %s\n", i+1, wl, gl)
		}
	}
	return b.String()
}

func TestGolden(t *testing.T) {
	for _, pl := range plans {
		for _, f := range Formats() {
			t.Run(pl.name+"/"+string(f), func(t *testing.T) {
				got := render(t, f, pl.plan())
				checkGolden(t, pl.name+f.Extension()+".golden", got)
				if again := render(t, f, pl.plan()); again != got {
					t.Error("two renders of the same plan differ")
				}
			})
		}
	}
}
