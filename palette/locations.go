package palette

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws/arn"
)

// Location is one backup location in the list, of any storage kind.
type Location struct {
	UID, Name string
	Storage   string // spec.storage: "s3" for AWS S3 (also "gcp", "minio")
	Type      string // spec.type, meaning undocumented
	IsDefault bool
}

// S3Location is an AWS S3 backup location reached with STS: Palette assumes RoleARN with
// ExternalID and writes to Bucket in Region.
type S3Location struct {
	Name           string
	IsDefault      bool
	Bucket, Region string
	S3URL          string // optional custom endpoint
	CACert         string // optional PEM for S3URL
	ForcePathStyle bool
	RoleARN        string
	ExternalID     string
}

// StorageS3 is spec.storage of an AWS S3 location in the list.
const StorageS3 = "s3"

const locationsPath = "/v1/users/assets/locations"

// ListLocations returns the backup locations in the client's scope
// (GET /v1/users/assets/locations). The list is not paginated.
func (c *Client) ListLocations(ctx context.Context) ([]Location, error) {
	var out wireLocations
	if err := c.do(ctx, request{method: http.MethodGet, path: locationsPath, out: &out}); err != nil {
		return nil, fmt.Errorf("list Palette backup locations: %w", err)
	}
	locs := make([]Location, 0, len(out.Items))
	for _, it := range out.Items {
		locs = append(locs, Location{
			UID: it.Metadata.UID, Name: it.Metadata.Name,
			Storage: it.Spec.Storage, Type: it.Spec.Type, IsDefault: it.Spec.IsDefault,
		})
	}
	return locs, nil
}

// GetS3Location reads one S3 location (GET /v1/users/assets/locations/s3/{uid}).
func (c *Client) GetS3Location(ctx context.Context, uid string) (*S3Location, error) {
	path, err := s3LocationPath(uid)
	if err != nil {
		return nil, fmt.Errorf("get S3 location: %w", err)
	}
	var out wireLocationS3
	if err := c.do(ctx, request{method: http.MethodGet, path: path, out: &out}); err != nil {
		return nil, fmt.Errorf("get S3 location %s: %w", uid, err)
	}
	cfg := out.Spec.Config
	if cfg == nil {
		return nil, fmt.Errorf("get S3 location %s: the answer has no spec.config", uid)
	}
	loc := &S3Location{
		Name: out.Metadata.Name, IsDefault: out.Spec.IsDefault,
		Bucket: cfg.BucketName, Region: cfg.Region, S3URL: cfg.S3URL, CACert: cfg.CACert,
		ForcePathStyle: cfg.S3ForcePathStyle == nil || *cfg.S3ForcePathStyle, // spec default: true
	}
	if cfg.Credentials != nil && cfg.Credentials.Sts != nil {
		loc.RoleARN, loc.ExternalID = cfg.Credentials.Sts.Arn, cfg.Credentials.Sts.ExternalID
	}
	return loc, nil
}

// CreateS3Location adds loc (POST /v1/users/assets/locations/s3, 201 {uid}) and returns its
// uid. It is retried only after 429: after a 5xx the location may have been created, so
// the caller should look for it by name (ListLocations) before trying again.
func (c *Client) CreateS3Location(ctx context.Context, loc S3Location) (string, error) {
	body, err := locationBody(loc)
	if err != nil {
		return "", fmt.Errorf("create S3 location: %w", err)
	}
	var out wireUID
	err = c.do(ctx, request{method: http.MethodPost, path: locationsPath + "/s3", body: body, retry: retryRateLimitOnly, out: &out})
	if err != nil {
		return "", fmt.Errorf("create S3 location %q: %w", loc.Name, err)
	}
	if out.UID == "" {
		return "", fmt.Errorf("create S3 location %q: the answer has no uid", loc.Name)
	}
	return out.UID, nil
}

// UpdateS3Location replaces the location uid with loc (PUT /v1/users/assets/locations/s3/{uid}, 204).
func (c *Client) UpdateS3Location(ctx context.Context, uid string, loc S3Location) error {
	path, err := s3LocationPath(uid)
	if err != nil {
		return fmt.Errorf("update S3 location: %w", err)
	}
	body, err := locationBody(loc)
	if err != nil {
		return fmt.Errorf("update S3 location %s: %w", uid, err)
	}
	if err := c.do(ctx, request{method: http.MethodPut, path: path, body: body}); err != nil {
		return fmt.Errorf("update S3 location %s (%q): %w", uid, loc.Name, err)
	}
	return nil
}

// DeleteS3Location removes the location uid (DELETE /v1/users/assets/locations/s3/{uid}, 204).
// An error matching ErrNotFound means there is no such location (any more).
func (c *Client) DeleteS3Location(ctx context.Context, uid string) error {
	path, err := s3LocationPath(uid)
	if err != nil {
		return fmt.Errorf("delete S3 location: %w", err)
	}
	if err := c.do(ctx, request{method: http.MethodDelete, path: path}); err != nil {
		return fmt.Errorf("delete S3 location %s: %w", uid, err)
	}
	return nil
}

func s3LocationPath(uid string) (string, error) {
	if strings.TrimSpace(uid) == "" {
		return "", errors.New("location uid is empty")
	}
	return locationsPath + "/s3/" + url.PathEscape(uid), nil
}

// locationBody is the v1UserAssetsLocationS3 body for loc, after checking the fields the
// spec requires.
func locationBody(loc S3Location) (*wireLocationS3, error) {
	if loc.Name == "" {
		return nil, errors.New("location name is empty")
	}
	creds, err := stsCredentials(loc)
	if err != nil {
		return nil, err
	}
	forcePathStyle := loc.ForcePathStyle
	var body wireLocationS3
	body.Metadata.Name = loc.Name
	body.Spec.IsDefault = loc.IsDefault
	body.Spec.Config = &wireS3StorageConfig{
		BucketName: loc.Bucket, Region: loc.Region,
		S3ForcePathStyle: &forcePathStyle,
		S3URL:            loc.S3URL, CACert: loc.CACert,
		Credentials: creds,
	}
	return &body, nil
}

// stsCredentials is the credentials object of loc, after checking it is complete.
func stsCredentials(loc S3Location) (*wireAwsCloudAccount, error) {
	var missing []string
	for _, f := range []struct{ name, value string }{
		{"bucket", loc.Bucket}, {"region", loc.Region}, {"role ARN", loc.RoleARN}, {"external ID", loc.ExternalID},
	} {
		if strings.TrimSpace(f.value) == "" {
			missing = append(missing, f.name)
		}
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("S3 location is missing: %s", strings.Join(missing, ", "))
	}
	partition, err := rolePartition(loc.RoleARN)
	if err != nil {
		return nil, err
	}
	creds := &wireAwsCloudAccount{
		CredentialType: credentialTypeSTS,
		Sts:            &wireStsCredentials{Arn: loc.RoleARN, ExternalID: loc.ExternalID},
	}
	if partition != PartitionAWS {
		creds.Partition = partition
	}
	return creds, nil
}

// cloudAccountPartitions is v1AwsCloudAccount.partition's enum.
var cloudAccountPartitions = []string{PartitionAWS, PartitionAWSGovUS, "aws-iso", "aws-iso-b"}

// rolePartition is the partition of the role Palette assumes, which its credentials must
// name: Palette assumes the role from its account in that partition. A role ARN that does
// not parse is left for Palette to judge, in the default partition.
func rolePartition(roleARN string) (string, error) {
	a, err := arn.Parse(roleARN)
	if err != nil {
		return PartitionAWS, nil
	}
	if !slices.Contains(cloudAccountPartitions, a.Partition) {
		return "", fmt.Errorf("role %s is in partition %s; Palette's AWS credentials support only %s",
			roleARN, a.Partition, strings.Join(cloudAccountPartitions, ", "))
	}
	return a.Partition, nil
}
