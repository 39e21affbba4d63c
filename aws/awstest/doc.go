// Package awstest is an in-process AWS emulator for IAM, STS and S3 that the real aws-sdk-go-v2
// and the aws CLI talk to over HTTP.
//
// One endpoint serves all three services: requests are routed by the service in the SigV4
// credential scope. IAM and STS speak the awsQuery protocol (form POST in, XML out, AWS's
// <ErrorResponse> envelope); S3 speaks path-style REST with S3's <Error> bodies (none for HEAD).
// Signatures are verified, so an unknown key, a bad signature, a wrong or expired session token
// fail the way AWS fails them.
//
// Principals are IAM users with access keys and inline identity policies (AddUser), and
// assumed-role sessions whose permissions are their role's attached managed and inline policies,
// bounded by its permissions boundary and any session policy. AssumeRole evaluates the role's trust
// policy for the real caller (account, root, role, user and "*" principals; StringEquals/StringLike
// and other condition operators on sts:ExternalId, sts:RoleSessionName, aws:PrincipalArn, ...;
// explicit Deny wins) and, as AWS does, also requires the caller's own identity policies to allow
// sts:AssumeRole unless the trust policy names that caller in the same account.
//
// Faults are injected per operation (SetFault): latency, throttling and server errors. A
// propagation delay (SetPropagationDelay) makes new roles and trust policy changes invisible to
// AssumeRole, and new roles invalid as principals, for a while. All state time comes from the clock
// given to WithClock, so tests advance time instead of sleeping.
//
// Typical use in a test:
//
//	e := awstest.New()
//	e.AddAccount("111122223333")
//	creds := e.AddUser("111122223333", "admin", awstest.AdminPolicy())
//	e.CreateBucket("111122223333", "acme-velero-backups", "us-east-2")
//	srv := awstest.NewTestServer(t, e)
//	cfg := aws.Config{Region: "us-east-1", BaseEndpoint: aws.String(srv.URL),
//		Credentials: credentials.NewStaticCredentialsProvider(creds.AccessKeyID, creds.SecretAccessKey, "")}
//	// iam.NewFromConfig(cfg), sts.NewFromConfig(cfg), s3.NewFromConfig(cfg, func(o *s3.Options){ o.UsePathStyle = true })
package awstest
