// Package export renders a Plan as infrastructure code an operator can keep,
// review and run without bslwiz: Terraform, a CloudFormation template, an
// aws CLI script, or the bare IAM documents as JSON.
//
// Every format describes the same things the wizard creates: the guide's
// permissions policy, a role in Account B that Palette (through STS, with the
// tenant's external ID) and Account A may assume, the policy attached to the
// role, and, in Terraform, the Palette backup location itself. The documents
// come from package iampolicy, so an export and an apply never disagree.
//
// A Plan holds no secrets, and neither does an export: providers and the CLI
// read credentials from the environment (SPECTROCLOUD_APIKEY, AWS profiles).
package export
