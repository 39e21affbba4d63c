package palette_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
)

// TestAGovCloudRoleIsSentWithItsPartition: Palette assumes the role from its account in
// credentials.partition (default aws), so a GovCloud role must say aws-us-gov, and a
// commercial one leaves the default alone.
func TestAGovCloudRoleIsSentWithItsPartition(t *testing.T) {
	tests := []struct {
		name, roleARN, want string // want "" = no partition field
	}{
		{"commercial", "arn:aws:iam::111122223333:role/palette-backup", ""},
		{"GovCloud", "arn:aws-us-gov:iam::111122223333:role/palette-backup", "aws-us-gov"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			loc := f.sampleLocation("b1")
			loc.RoleARN = tt.roleARN
			if _, err := f.client.CreateS3Location(context.Background(), loc); err != nil {
				t.Fatalf("create: %v", err)
			}
			var body struct {
				Spec struct {
					Config struct {
						Credentials map[string]any `json:"credentials"`
					} `json:"config"`
				} `json:"spec"`
			}
			if err := json.Unmarshal([]byte(f.bodies.last(t, "POST /v1/users/assets/locations/s3")), &body); err != nil {
				t.Fatal(err)
			}
			got, _ := body.Spec.Config.Credentials["partition"].(string)
			if got != tt.want {
				t.Errorf("credentials.partition = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestAChinaRoleIsRefusedBeforeAnyRequest(t *testing.T) {
	f := newFixture(t)
	loc := f.sampleLocation("b1")
	loc.RoleARN = "arn:aws-cn:iam::111122223333:role/palette-backup"
	_, err := f.client.CreateS3Location(context.Background(), loc)
	if err == nil || !strings.Contains(err.Error(), "partition aws-cn") {
		t.Fatalf("create with an aws-cn role: %v, want a refusal naming the partition", err)
	}
	if err := f.client.ValidateS3(context.Background(), loc); err == nil || !strings.Contains(err.Error(), "partition aws-cn") {
		t.Fatalf("validate with an aws-cn role: %v", err)
	}
	if n := len(f.emu.Calls()); n != 0 {
		t.Errorf("%d requests reached Palette", n)
	}
}

// TestTheEmulatorRefusesARoleOutsideTheCredentialsPartition is the emulator's side: what
// today's client would have sent for a GovCloud role (no partition) is refused.
func TestTheEmulatorRefusesARoleOutsideTheCredentialsPartition(t *testing.T) {
	f := newFixture(t)
	body := `{"metadata":{"name":"b1"},"spec":{"isDefault":false,"config":{"bucketName":"b","region":"us-gov-west-1","s3ForcePathStyle":false,` +
		`"credentials":{"credentialType":"sts","sts":{"arn":"arn:aws-us-gov:iam::111122223333:role/r","externalId":"` + f.tenant.ExternalID + `"}}}}}`
	req, err := http.NewRequest(http.MethodPost, f.endpoint+"/v1/users/assets/locations/s3", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("ApiKey", f.key)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	answer, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusBadRequest || !strings.Contains(string(answer), "partition") {
		t.Fatalf("a GovCloud role without credentials.partition: %d %s, want 400 naming the partition", resp.StatusCode, answer)
	}
}
