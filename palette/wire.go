package palette

// Wire types: the JSON shapes of palette-openapi-subset.json, with its field names.
// Optional fields the client never sets are left out; fields it reads back are tolerant
// (a real server may add fields the subset does not list).

// credentialTypeSTS is v1AwsCloudAccountCredentialType "sts".
const credentialTypeSTS = "sts"

// wireProjectsMetadata is v1ProjectsMetadata.
type wireProjectsMetadata struct {
	Items []struct {
		Metadata struct {
			Name string `json:"name"`
			UID  string `json:"uid"`
		} `json:"metadata"`
	} `json:"items"`
}

// wireAwsAccountSts is V1AwsAccountSts.
type wireAwsAccountSts struct {
	AccountID  string `json:"accountId"`
	ExternalID string `json:"externalId"`
	Partition  string `json:"partition"`
}

// wireLocations is v1UserAssetsLocations.
type wireLocations struct {
	Items []struct {
		Metadata struct {
			Name string `json:"name"`
			UID  string `json:"uid"`
		} `json:"metadata"`
		Spec struct {
			IsDefault bool   `json:"isDefault"`
			Storage   string `json:"storage"`
			Type      string `json:"type"`
		} `json:"spec"`
	} `json:"items"`
}

// wireStsCredentials is v1AwsStsCredentials.
type wireStsCredentials struct {
	Arn        string `json:"arn"`
	ExternalID string `json:"externalId"`
}

// wireAwsCloudAccount is the part of v1AwsCloudAccount used for STS. partition is sent
// only when it is not the spec's default, "aws".
type wireAwsCloudAccount struct {
	CredentialType string              `json:"credentialType"`
	Partition      string              `json:"partition,omitempty"`
	Sts            *wireStsCredentials `json:"sts,omitempty"`
}

// wireS3StorageConfig is v1S3StorageConfig. s3ForcePathStyle is always sent: the spec's
// server-side default is true, so leaving it out would silently mean true.
type wireS3StorageConfig struct {
	BucketName       string               `json:"bucketName"`
	Region           string               `json:"region"`
	S3ForcePathStyle *bool                `json:"s3ForcePathStyle"`
	S3URL            string               `json:"s3Url,omitempty"`
	CACert           string               `json:"caCert,omitempty"`
	Credentials      *wireAwsCloudAccount `json:"credentials"`
}

// wireLocationS3 is v1UserAssetsLocationS3 (create and update body, get answer).
type wireLocationS3 struct {
	Metadata struct {
		Name string `json:"name"`
	} `json:"metadata"`
	Spec struct {
		Config    *wireS3StorageConfig `json:"config"`
		IsDefault bool                 `json:"isDefault"`
	} `json:"spec"`
}

// wireS3BucketCredentials is v1AwsS3BucketCredentials, the validate body. folder is never
// sent: it is not the S3 URL (a Terraform provider bug fills it with that).
type wireS3BucketCredentials struct {
	Bucket      string               `json:"bucket"`
	Region      string               `json:"region"`
	Credentials *wireAwsCloudAccount `json:"credentials"`
}

// wireUID is v1Uid. encoding/json matches "uid" case-insensitively, so {"UID": ...} decodes too.
type wireUID struct {
	UID string `json:"uid"`
}
