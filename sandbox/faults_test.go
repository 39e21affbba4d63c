package sandbox

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/bslwiz/bslwiz/aws"
	"github.com/bslwiz/bslwiz/aws/awstest"
	"github.com/bslwiz/bslwiz/palette"
	"github.com/bslwiz/bslwiz/palette/palettetest"
)

func TestParseFaults(t *testing.T) {
	tests := []struct {
		spec    string
		aws     map[string]awstest.Fault
		palette map[string]palettetest.Fault
		wantErr string
	}{
		{spec: ""},
		{spec: "iam:CreateRole=drop", aws: map[string]awstest.Fault{"iam:CreateRole": {DropReply: 1}}},
		{spec: "sts:AssumeRole=throttle:3, iam:*=5xx:2+latency:200ms",
			aws: map[string]awstest.Fault{"sts:AssumeRole": {Throttle: 3}, "iam:*": {ServerError: 2, Latency: 200 * time.Millisecond}}},
		{spec: "palette:*=5xx:2+drop,palette:v1ProjectsMetadata=throttle",
			palette: map[string]palettetest.Fault{"*": {ServerError: 2, DropReply: 1}, "v1ProjectsMetadata": {TooMany: 1}}},
		{spec: "*=latency:1s,*=drop",
			aws:     map[string]awstest.Fault{"*": {Latency: time.Second, DropReply: 1}},
			palette: map[string]palettetest.Fault{"*": {Latency: time.Second, DropReply: 1}}},
		{spec: "iam:CreateRole", wantErr: "TARGET=KIND"},
		{spec: "iam:CreateRole=explode", wantErr: "unknown fault"},
		{spec: "iam:CreateRole=throttle:0", wantErr: "count of 1 or more"},
		{spec: "*=latency:soon", wantErr: "duration"},
		{spec: "ec2:RunInstances=drop", wantErr: "target must be"},
	}
	for _, tt := range tests {
		fp, err := parseFaults(tt.spec)
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) || !strings.Contains(err.Error(), FaultsEnv) {
				t.Errorf("parseFaults(%q) = %v, want an error with %q", tt.spec, err, tt.wantErr)
			}
			continue
		}
		if err != nil {
			t.Errorf("parseFaults(%q): %v", tt.spec, err)
			continue
		}
		if len(fp.aws) != len(tt.aws) || len(fp.palette) != len(tt.palette) {
			t.Errorf("parseFaults(%q) = %+v, want %v %v", tt.spec, fp, tt.aws, tt.palette)
		}
		for k, want := range tt.aws {
			if fp.aws[k] != want {
				t.Errorf("parseFaults(%q): aws %s = %+v, want %+v", tt.spec, k, fp.aws[k], want)
			}
		}
		for k, want := range tt.palette {
			if fp.palette[k] != want {
				t.Errorf("parseFaults(%q): palette %s = %+v, want %+v", tt.spec, k, fp.palette[k], want)
			}
		}
	}
}

// TestFaultsReachTheEmulators: a throttle, a lost reply and a 500 set through Options.Faults
// happen on the wire, and the clients ride them out.
func TestFaultsReachTheEmulators(t *testing.T) {
	sb, err := Start(Options{Faults: "sts:GetCallerIdentity=throttle+drop,palette:v1ProjectsMetadata=5xx+drop"})
	if err != nil {
		t.Fatal(err)
	}
	defer sb.Close()
	ctx := context.Background()

	c, err := aws.Connect(ctx, sb.Backends().AWS)
	if err != nil {
		t.Fatalf("the SDK does not ride out a throttle and a lost reply: %v", err)
	}
	if id := c.Identity(); id.Account != AccountB {
		t.Fatalf("signed in to %s", id.Account)
	}
	var statuses []int
	for _, call := range sb.AWS.Calls() {
		if call.Action == "GetCallerIdentity" {
			statuses = append(statuses, call.Status)
		}
	}
	if len(statuses) < 3 || statuses[0] != http.StatusBadRequest {
		t.Errorf("GetCallerIdentity answered %v; want a throttle (400), a lost reply, then an answer", statuses)
	}

	req, _ := http.NewRequest(http.MethodGet, sb.PaletteServer.URL+"/v1/dashboard/projects/metadata", nil)
	req.Header.Set("ApiKey", sb.apiKey)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusInternalServerError {
		t.Errorf("first projects call answered %d, want 500", resp.StatusCode)
	}
	if resp, err := http.DefaultClient.Do(req); err == nil {
		resp.Body.Close()
		t.Errorf("the second projects call got an answer (%d); its reply should be lost", resp.StatusCode)
	}
	pc, err := palette.New(sb.Backends().Palette)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := pc.ResolveProject(ctx, ProjectName); err != nil {
		t.Errorf("after the faults, Palette answers again: %v", err)
	}
}
