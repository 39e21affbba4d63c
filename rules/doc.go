// Package rules holds the input rules of the wizard as pure functions.
//
// Every validator returns nil or a *Error whose message names the field, the
// offending value and the rule that failed, for example
//
//	bucket name "My_Bucket": uppercase letters are not allowed
//
// When several rules fail, the one most useful to fix first is reported.
// Warnings never block; they explain a choice that works but has a cost.
//
// The rules come from the AWS documentation and the Smithy models of the IAM
// and STS APIs (see shared/reference/aws-facts.md §1–§3). Two are our own
// choices because the source is silent:
//
//   - LocationName: Palette does not publish the rule for backup location
//     names. We require a Kubernetes DNS-1123 label (lowercase letters, digits
//     and '-', starting and ending with a letter or digit, at most 63
//     characters), because the name ends up in Kubernetes objects and such a
//     name is accepted everywhere.
//   - Region: a code that is not in our table but matches a partition's region
//     pattern (a region launched after the table was written) is accepted for
//     that partition, as the AWS SDK does.
//
// The package imports nothing internal; it is a leaf.
package rules
