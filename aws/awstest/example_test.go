package awstest_test

import (
	"context"
	"fmt"
	"log"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/bslwiz/bslwiz/aws/awstest"
)

// Palette assumes a role in Account B with its external ID, then checks the bucket as the role.
func Example() {
	e := awstest.New()
	e.AddAccount("210987654321") // Palette SaaS
	e.AddAccount("111122223333") // Account B
	palette := e.AddUser("210987654321", "palette-sts", awstest.AssumeRolePolicy())
	admin := e.AddUser("111122223333", "admin", awstest.AdminPolicy())
	e.CreateBucket("111122223333", "acme-velero-backups", "us-east-2")
	srv, err := awstest.Serve(e)
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	cfg := func(c awstest.Credentials, region string) sdkaws.Config {
		return sdkaws.Config{Region: region, BaseEndpoint: sdkaws.String(srv.URL),
			Credentials: credentials.NewStaticCredentialsProvider(c.AccessKeyID, c.SecretAccessKey, c.SessionToken)}
	}
	ctx := context.Background()

	trust := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::210987654321:root"},` +
		`"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"acme-ext"}}}]}`
	role, err := iam.NewFromConfig(cfg(admin, "us-east-1")).CreateRole(ctx, &iam.CreateRoleInput{
		RoleName: sdkaws.String("palette-backups"), AssumeRolePolicyDocument: sdkaws.String(trust)})
	if err != nil {
		log.Fatal(err)
	}
	out, err := sts.NewFromConfig(cfg(palette, "us-east-1")).AssumeRole(ctx, &sts.AssumeRoleInput{
		RoleArn: role.Role.Arn, RoleSessionName: sdkaws.String("validate"), ExternalId: sdkaws.String("acme-ext")})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(*out.AssumedRoleUser.Arn)

	session := awstest.Credentials{AccessKeyID: *out.Credentials.AccessKeyId, SecretAccessKey: *out.Credentials.SecretAccessKey, SessionToken: *out.Credentials.SessionToken}
	s3c := s3.NewFromConfig(cfg(session, "us-east-2"), func(o *s3.Options) { o.UsePathStyle = true })
	_, err = s3c.HeadBucket(ctx, &s3.HeadBucketInput{Bucket: sdkaws.String("acme-velero-backups")})
	fmt.Println(err != nil) // the role has no permissions policy attached yet
	for _, c := range e.Calls() {
		fmt.Println(c.Service, c.Action, c.Status, c.Mutating)
	}
	// Output:
	// arn:aws:sts::111122223333:assumed-role/palette-backups/validate
	// true
	// iam CreateRole 200 true
	// sts AssumeRole 200 false
	// s3 HeadBucket 403 false
}
