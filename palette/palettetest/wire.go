package palettetest

// Wire types with every property palette-openapi-subset.json defines for them, so that
// strict decoding accepts any body the spec allows (such as palette-sdk-go's
// "policyARNs": null) and refuses any other field. Pointers mark fields whose absence
// matters.

// v1ObjectMetaInputEntity is the metadata of a create or update body.
type v1ObjectMetaInputEntity struct {
	Name        string            `json:"name,omitempty"`
	Labels      map[string]string `json:"labels,omitempty"`
	Annotations map[string]string `json:"annotations,omitempty"`
}

// v1UserAssetsLocationS3 is the create and update body and the get answer.
type v1UserAssetsLocationS3 struct {
	Metadata *v1ObjectMetaInputEntity    `json:"metadata,omitempty"`
	Spec     *v1UserAssetsLocationS3Spec `json:"spec,omitempty"`
}

type v1UserAssetsLocationS3Spec struct {
	Config    *v1S3StorageConfig `json:"config,omitempty"`
	IsDefault bool               `json:"isDefault"`
	Type      string             `json:"type,omitempty"`
}

type v1S3StorageConfig struct {
	BucketName       *string            `json:"bucketName,omitempty"`
	CACert           string             `json:"caCert,omitempty"`
	Credentials      *v1AwsCloudAccount `json:"credentials,omitempty"`
	Region           *string            `json:"region,omitempty"`
	S3ForcePathStyle *bool              `json:"s3ForcePathStyle,omitempty"`
	S3URL            string             `json:"s3Url,omitempty"`
	UseRestic        *bool              `json:"useRestic,omitempty"`
}

type v1AwsCloudAccount struct {
	AccessKey      string                       `json:"accessKey,omitempty"`
	CredentialType *string                      `json:"credentialType,omitempty"`
	Partition      *string                      `json:"partition,omitempty"`
	PodIdentity    *v1AwsPodIdentityCredentials `json:"podIdentity,omitempty"`
	PolicyARNs     []string                     `json:"policyARNs,omitempty"`
	SecretKey      string                       `json:"secretKey,omitempty"`
	SecretSpec     *v1AwsSecretSpec             `json:"secretSpec,omitempty"`
	SecretToken    string                       `json:"secretToken,omitempty"`
	Sts            *v1AwsStsCredentials         `json:"sts,omitempty"`
}

type v1AwsPodIdentityCredentials struct {
	PermissionBoundaryArn string `json:"permissionBoundaryArn,omitempty"`
	RoleArn               string `json:"roleArn,omitempty"`
}

type v1AwsSecretSpec struct {
	AccountName            string                `json:"accountName,omitempty"`
	Agency                 string                `json:"agency,omitempty"`
	IsCapValidationEnabled bool                  `json:"isCapValidationEnabled,omitempty"`
	Mission                string                `json:"mission,omitempty"`
	NamePrefix             string                `json:"namePrefix,omitempty"`
	PermissionBoundary     string                `json:"permissionBoundary,omitempty"`
	Policy                 string                `json:"policy,omitempty"`
	Role                   string                `json:"role,omitempty"`
	TLS                    *v1AwsSecretTLSConfig `json:"tls,omitempty"`
}

type v1AwsSecretTLSConfig struct {
	CA   string `json:"ca,omitempty"`
	Cert string `json:"cert,omitempty"`
	Key  string `json:"key,omitempty"`
}

type v1AwsStsCredentials struct {
	Arn        string `json:"arn,omitempty"`
	ExternalID string `json:"externalId,omitempty"`
}

// v1AwsS3BucketCredentials is the validate body.
type v1AwsS3BucketCredentials struct {
	Bucket      *string            `json:"bucket"`
	Credentials *v1AwsCloudAccount `json:"credentials"`
	Folder      string             `json:"folder,omitempty"`
	Region      *string            `json:"region"`
}

// v1AwsAccountSts is the STS info answer (V1AwsAccountSts).
type v1AwsAccountSts struct {
	AccountID  string `json:"accountId"`
	ExternalID string `json:"externalId"`
	Partition  string `json:"partition"`
}

type v1Uid struct {
	UID string `json:"uid"`
}

type v1ObjectEntity struct {
	Name string `json:"name"`
	UID  string `json:"uid"`
}

type v1ProjectMetadata struct {
	Metadata v1ObjectEntity `json:"metadata"`
}

type v1ProjectsMetadata struct {
	Items []v1ProjectMetadata `json:"items"`
}

// v1ObjectMeta is the metadata of a list item.
type v1ObjectMeta struct {
	Name                  string `json:"name"`
	UID                   string `json:"uid"`
	CreationTimestamp     string `json:"creationTimestamp"`
	LastModifiedTimestamp string `json:"lastModifiedTimestamp"`
}

type v1UserAssetsLocationSpec struct {
	IsDefault bool   `json:"isDefault"`
	Storage   string `json:"storage"`
	Type      string `json:"type,omitempty"`
}

type v1UserAssetsLocation struct {
	Metadata v1ObjectMeta             `json:"metadata"`
	Spec     v1UserAssetsLocationSpec `json:"spec"`
}

type v1UserAssetsLocations struct {
	Items []v1UserAssetsLocation `json:"items"`
}
