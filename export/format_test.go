package export

import (
	"bytes"
	"strings"
	"testing"
)

func TestParseFormat(t *testing.T) {
	tests := []struct {
		in   string
		want Format
	}{
		{"terraform", Terraform},
		{"Terraform", Terraform},
		{" tf ", Terraform},
		{"hcl", Terraform},
		{"cloudformation", CloudFormation},
		{"CFN", CloudFormation},
		{"awscli", AWSCLI},
		{"aws-cli", AWSCLI},
		{"cli-script", AWSCLI},
		{"sh", AWSCLI},
		{"bash", AWSCLI},
		{"json", JSON},
		{"JSON", JSON},
	}
	for _, tt := range tests {
		got, err := ParseFormat(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("ParseFormat(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
}

func TestParseFormatUnknownListsTheFormats(t *testing.T) {
	for _, in := range []string{"", "yaml", "pulumi", "terraform2"} {
		_, err := ParseFormat(in)
		if err == nil {
			t.Fatalf("ParseFormat(%q) succeeded", in)
		}
		if !strings.Contains(err.Error(), "terraform, cloudformation, cloudformation-account-a, awscli, json") {
			t.Errorf("ParseFormat(%q) error %q does not list the formats", in, err)
		}
	}
}

func TestFormatsRoundTrip(t *testing.T) {
	seen := map[string]bool{}
	for _, f := range Formats() {
		got, err := ParseFormat(f.String())
		if err != nil || got != f {
			t.Errorf("ParseFormat(%q) = %q, %v", f, got, err)
		}
		if ext := f.Extension(); ext == "" || seen[ext] {
			t.Errorf("%s has extension %q (empty or shared)", f, ext)
		} else {
			seen[ext] = true
		}
	}
}

func TestRenderAcceptsAliasesAndRejectsUnknownFormats(t *testing.T) {
	var viaAlias bytes.Buffer
	if err := Render(&viaAlias, Format("tf"), basicPlan()); err != nil {
		t.Fatal(err)
	}
	if viaAlias.String() != render(t, Terraform, basicPlan()) {
		t.Error(`Render("tf") differs from Render(Terraform)`)
	}
	var out bytes.Buffer
	if err := Render(&out, Format("pulumi"), basicPlan()); err == nil || out.Len() > 0 {
		t.Errorf("Render(pulumi) = %v and wrote %d bytes; want an error and nothing written", err, out.Len())
	}
}
