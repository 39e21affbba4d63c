// Package iampolicy builds, parses and compares IAM JSON policy documents:
// the permissions policy of the Palette backup guide, the role trust policy
// (parsed without loss, so that appending a statement keeps everything else
// exactly), lint findings, IAM size quotas, a canonical display form, a
// line diff for previews, and an evaluator that decides who may assume a
// role by its trust policy (Evaluate), with the statement that decided.
//
// It makes no AWS calls and imports nothing internal. ARNs always use the
// partition given by the caller (Account B's, from its caller ARN), never a
// hard-coded "arn:aws:".
package iampolicy
