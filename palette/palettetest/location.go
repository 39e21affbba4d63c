package palettetest

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws/arn"
)

// location is a stored S3 backup location.
type location struct {
	uid, tenantUID, projectUID string // projectUID "" = tenant scope
	name                       string
	labels, annotations        map[string]string
	isDefault                  bool
	typ                        string
	config                     v1S3StorageConfig // spec defaults applied
	created, modified          time.Time
}

// Enumerations of the spec.
var (
	credentialTypes = []string{"secret", "sts", "pod-identity"}
	cloudPartitions = []string{"aws", "aws-us-gov", "aws-iso", "aws-iso-b"}
	stsPartitions   = []string{"aws", "aws-us-gov"}
)

// fieldError is a body that decoded but breaks a rule of the spec or of Palette.
type fieldError struct{ field, problem string }

func (f *fieldError) Error() string { return f.field + ": " + f.problem }

// checkLocationBody checks a create or update body beyond decoding: the spec's required
// fields and enumerations, and complete credentials for their type.
func checkLocationBody(b *v1UserAssetsLocationS3) *fieldError {
	switch {
	case b.Metadata == nil:
		return &fieldError{"metadata", "is required"}
	case b.Spec == nil:
		return &fieldError{"spec", "is required"}
	case b.Spec.Config == nil:
		return &fieldError{"spec.config", "is required"}
	}
	cfg := b.Spec.Config
	if fe := requireString("spec.config.bucketName", cfg.BucketName); fe != nil {
		return fe
	}
	if fe := requireString("spec.config.region", cfg.Region); fe != nil {
		return fe
	}
	return checkCredentials("spec.config.credentials", cfg.Credentials)
}

// checkCredentials checks a v1AwsCloudAccount at field.
func checkCredentials(field string, c *v1AwsCloudAccount) *fieldError {
	if c == nil {
		return &fieldError{field, "is required"}
	}
	credType := "secret" // spec default
	if c.CredentialType != nil {
		credType = *c.CredentialType
	}
	if !slices.Contains(credentialTypes, credType) {
		return &fieldError{field + ".credentialType", fmt.Sprintf("%q is not one of %s", credType, strings.Join(credentialTypes, ", "))}
	}
	if c.Partition != nil && !slices.Contains(cloudPartitions, *c.Partition) {
		return &fieldError{field + ".partition", fmt.Sprintf("%q is not one of %s", *c.Partition, strings.Join(cloudPartitions, ", "))}
	}
	switch credType {
	case "sts":
		if c.Sts == nil {
			return &fieldError{field + ".sts", "is required for credentialType sts"}
		}
		if c.Sts.Arn == "" {
			return &fieldError{field + ".sts.arn", "is required for credentialType sts"}
		}
		if c.Sts.ExternalID == "" {
			return &fieldError{field + ".sts.externalId", "is required for credentialType sts"}
		}
		if fe := checkRolePartition(field, c); fe != nil {
			return fe
		}
	case "secret":
		if c.AccessKey == "" || c.SecretKey == "" {
			return &fieldError{field, "accessKey and secretKey are required for credentialType secret"}
		}
	case "pod-identity":
		if c.PodIdentity == nil || c.PodIdentity.RoleArn == "" {
			return &fieldError{field + ".podIdentity.roleArn", "is required for credentialType pod-identity"}
		}
	}
	return nil
}

// checkRolePartition refuses STS credentials whose role is in another partition than
// credentials.partition (default aws): Palette assumes the role from its account in the
// partition named, and a role of another partition is out of its reach.
func checkRolePartition(field string, c *v1AwsCloudAccount) *fieldError {
	partition := "aws" // spec default
	if c.Partition != nil {
		partition = *c.Partition
	}
	role, err := arn.Parse(c.Sts.Arn)
	if err != nil || role.Partition == partition {
		return nil
	}
	return &fieldError{field + ".partition", fmt.Sprintf("is %q, but role %s is in partition %s: Palette assumes the role from its account in %s",
		partition, c.Sts.Arn, role.Partition, partition)}
}

func requireString(field string, v *string) *fieldError {
	switch {
	case v == nil:
		return &fieldError{field, "is required"}
	case strings.TrimSpace(*v) == "":
		return &fieldError{field, "must not be empty"}
	}
	return nil
}

// withDefaults returns cfg with the spec's server-side defaults filled in.
func withDefaults(cfg v1S3StorageConfig) v1S3StorageConfig {
	yes := true
	if cfg.S3ForcePathStyle == nil {
		cfg.S3ForcePathStyle = &yes
	}
	if cfg.UseRestic == nil {
		cfg.UseRestic = &yes
	}
	if cfg.Credentials != nil {
		creds := *cfg.Credentials
		if creds.CredentialType == nil {
			secret := "secret"
			creds.CredentialType = &secret
		}
		cfg.Credentials = &creds
	}
	return cfg
}

// apply stores body's fields in l (create and update replace everything but the name).
func (l *location) apply(b *v1UserAssetsLocationS3, now time.Time) {
	l.labels, l.annotations = maps.Clone(b.Metadata.Labels), maps.Clone(b.Metadata.Annotations)
	l.isDefault, l.typ = b.Spec.IsDefault, b.Spec.Type
	l.config = withDefaults(*b.Spec.Config)
	l.modified = now
}

// body is l as the get answer shows it, with a secret key masked as Palette does.
func (l *location) body() v1UserAssetsLocationS3 {
	cfg := l.config
	if cfg.Credentials != nil && cfg.Credentials.SecretKey != "" {
		creds := *cfg.Credentials
		creds.SecretKey = "********"
		cfg.Credentials = &creds
	}
	return v1UserAssetsLocationS3{
		Metadata: &v1ObjectMetaInputEntity{Name: l.name, Labels: l.labels, Annotations: l.annotations},
		Spec:     &v1UserAssetsLocationS3Spec{Config: &cfg, IsDefault: l.isDefault, Type: l.typ},
	}
}

// listItem is l as the list answer shows it.
func (l *location) listItem() v1UserAssetsLocation {
	return v1UserAssetsLocation{
		Metadata: v1ObjectMeta{
			Name: l.name, UID: l.uid,
			CreationTimestamp:     l.created.UTC().Format(time.RFC3339),
			LastModifiedTimestamp: l.modified.UTC().Format(time.RFC3339),
		},
		Spec: v1UserAssetsLocationSpec{IsDefault: l.isDefault, Storage: "s3", Type: l.typ},
	}
}
