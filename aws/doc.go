// Package aws is bslwiz's adapter for AWS Account B, built on aws-sdk-go-v2.
//
// It resolves credentials the way the AWS CLI does (default chain, named
// profiles, SSO), shows who the caller is with sts:GetCallerIdentity before
// anything else, and performs the IAM and S3 work of the Palette backup-location
// guide: the managed permissions policy, the role and its trust policy, the
// bucket check and a permissions simulation. Every call runs under its own
// timeout and the SDK's standard retryer; IAM's eventual consistency
// ("Invalid principal in policy") gets a bounded retry loop of its own.
//
// Every mutating method is idempotent: it discovers what exists and adopts it,
// so running a step twice changes nothing the second time.
package aws
