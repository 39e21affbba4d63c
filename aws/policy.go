package aws

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	iamtypes "github.com/aws/aws-sdk-go-v2/service/iam/types"

	"github.com/bslwiz/bslwiz/aws/iampolicy"
)

// maxPolicyVersions is IAM's limit of stored versions per managed policy.
const maxPolicyVersions = 5

// PolicySpec is the customer managed policy the guide asks for.
type PolicySpec struct {
	Name, Path, Description, Document string
	Tags                              map[string]string
	// KnownAbsent says the caller has just seen that no policy of this
	// name exists: EnsurePolicy then creates at once, saving a round trip.
	// A policy that appeared meanwhile is still adopted.
	KnownAbsent bool
}

// PolicyState is what GetPolicy found. Document is the default version,
// URL-decoded.
type PolicyState struct {
	ARN, DefaultVersion, Document string
	Versions                      int
	Exists                        bool
	// Tags and CreateDate tell a policy bslwiz made from one it found.
	Tags       map[string]string
	CreateDate time.Time
}

// PolicyResult reports what EnsurePolicy did. Drift is set when an existing
// policy's default version differs from the desired document; NewVersion is
// set only when a version was created (allowNewVersion), with
// PreviousVersion the default it replaced (what an undo restores), and
// DeletedVersion when the oldest version had to go to stay within IAM's five.
type PolicyResult struct {
	ARN            string
	Created        bool
	NewVersion     string
	DeletedVersion string
	Drift          *Drift

	PreviousVersion string
}

// Drift is the difference between an adopted policy and the desired one.
type Drift struct {
	Current, Desired string
	Diff             iampolicy.Diff
}

// PolicyARN is the ARN a customer managed policy of this name and path has in
// the caller's account.
func (c *Client) PolicyARN(name, path string) string {
	return fmt.Sprintf("arn:%s:iam::%s:policy%s%s", c.id.Partition, c.id.Account, normalPath(path), name)
}

// GetPolicy reads a customer managed policy by name and path without
// changing anything. A policy that does not exist gives Exists=false.
func (c *Client) GetPolicy(ctx context.Context, name, path string) (PolicyState, error) {
	st, err := c.policyState(ctx, c.PolicyARN(name, path))
	if err != nil {
		return PolicyState{}, fmt.Errorf("get policy %s: %w", name, err)
	}
	return st, nil
}

// EnsurePolicy creates the policy, or adopts the existing one of the same
// name (at any path). When the adopted policy's document differs, the result
// carries the Drift; a new default version is written only if
// allowNewVersion, after deleting the oldest non-default version when five
// exist.
func (c *Client) EnsurePolicy(ctx context.Context, spec PolicySpec, allowNewVersion bool) (PolicyResult, error) {
	if err := iampolicy.CheckManagedPolicySize(spec.Document); err != nil {
		return PolicyResult{}, fmt.Errorf("policy %s: %w", spec.Name, err)
	}
	var st PolicyState
	if !spec.KnownAbsent {
		var err error
		if st, err = c.policyState(ctx, c.PolicyARN(spec.Name, spec.Path)); err != nil {
			return PolicyResult{}, fmt.Errorf("get policy %s: %w", spec.Name, err)
		}
	}
	if !st.Exists {
		arn, err := c.createPolicy(ctx, spec)
		switch {
		case err == nil:
			return PolicyResult{ARN: arn, Created: true}, nil
		case !isEntityAlreadyExists(err):
			return PolicyResult{}, fmt.Errorf("create policy %s: %w", spec.Name, err)
		}
		// Same name at another path, or created concurrently: adopt it.
		if st, err = c.findPolicyByName(ctx, spec.Name); err != nil {
			return PolicyResult{}, fmt.Errorf("find existing policy %s: %w", spec.Name, err)
		}
		if !st.Exists {
			return PolicyResult{}, fmt.Errorf("create policy %s: IAM says it exists but it cannot be found", spec.Name)
		}
	}

	res := PolicyResult{ARN: st.ARN}
	if iampolicy.Equivalent(st.Document, spec.Document) {
		return res, nil
	}
	res.Drift = &Drift{Current: st.Document, Desired: spec.Document, Diff: iampolicy.LineDiff(st.Document, spec.Document, 3)}
	if !allowNewVersion {
		return res, nil
	}
	if st.Versions >= maxPolicyVersions {
		var err error
		if res.DeletedVersion, err = c.deleteOldestVersion(ctx, st.ARN); err != nil {
			return res, fmt.Errorf("make room for a new version of %s: %w", st.ARN, err)
		}
	}
	out, err := call(ctx, c, func(ctx context.Context) (*iam.CreatePolicyVersionOutput, error) {
		return c.iam.CreatePolicyVersion(ctx, &iam.CreatePolicyVersionInput{
			PolicyArn: &st.ARN, PolicyDocument: &spec.Document, SetAsDefault: true,
		})
	})
	if err != nil {
		return res, fmt.Errorf("create policy version of %s: %w", st.ARN, err)
	}
	res.NewVersion, res.PreviousVersion = sdkaws.ToString(out.PolicyVersion.VersionId), st.DefaultVersion
	return res, nil
}

// DeletePolicy deletes a customer managed policy and its non-default
// versions. A policy that is already gone is not an error; one that is still
// attached anywhere is refused before anything is deleted.
func (c *Client) DeletePolicy(ctx context.Context, policyARN string) error {
	p, err := call(ctx, c, func(ctx context.Context) (*iam.GetPolicyOutput, error) {
		return c.iam.GetPolicy(ctx, &iam.GetPolicyInput{PolicyArn: &policyARN})
	})
	if isNoSuchEntity(err) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("delete policy %s: %w", policyARN, err)
	}
	if n := sdkaws.ToInt32(p.Policy.AttachmentCount); n > 0 {
		return &PolicyInUseError{ARN: policyARN, Attachments: n}
	}
	versions, err := c.policyVersions(ctx, policyARN)
	if err != nil && !isNoSuchEntity(err) {
		return fmt.Errorf("delete policy %s: %w", policyARN, err)
	}
	for _, v := range versions {
		if v.IsDefaultVersion {
			continue
		}
		if err := c.deletePolicyVersion(ctx, policyARN, sdkaws.ToString(v.VersionId)); err != nil {
			return fmt.Errorf("delete policy %s: %w", policyARN, err)
		}
	}
	_, err = call(ctx, c, func(ctx context.Context) (*iam.DeletePolicyOutput, error) {
		return c.iam.DeletePolicy(ctx, &iam.DeletePolicyInput{PolicyArn: &policyARN})
	})
	if err != nil && !isNoSuchEntity(err) {
		return fmt.Errorf("delete policy %s: %w", policyARN, err)
	}
	return nil
}

// policyState reads a policy and its default document; absent → Exists=false.
func (c *Client) policyState(ctx context.Context, policyARN string) (PolicyState, error) {
	p, err := call(ctx, c, func(ctx context.Context) (*iam.GetPolicyOutput, error) {
		return c.iam.GetPolicy(ctx, &iam.GetPolicyInput{PolicyArn: &policyARN})
	})
	if isNoSuchEntity(err) {
		return PolicyState{ARN: policyARN}, nil
	}
	if err != nil {
		return PolicyState{}, err
	}
	st := PolicyState{
		ARN:            sdkaws.ToString(p.Policy.Arn),
		DefaultVersion: sdkaws.ToString(p.Policy.DefaultVersionId),
		Exists:         true,
		Tags:           tagMap(p.Policy.Tags),
		CreateDate:     sdkaws.ToTime(p.Policy.CreateDate),
	}
	// The default version's document and the count of versions are
	// independent reads: one round trip for both.
	var (
		versions []iamtypes.PolicyVersion
		verErr   error
		wg       sync.WaitGroup
	)
	wg.Add(1)
	go func() {
		defer wg.Done()
		versions, verErr = c.policyVersions(ctx, st.ARN)
	}()
	v, err := call(ctx, c, func(ctx context.Context) (*iam.GetPolicyVersionOutput, error) {
		return c.iam.GetPolicyVersion(ctx, &iam.GetPolicyVersionInput{PolicyArn: &st.ARN, VersionId: &st.DefaultVersion})
	})
	wg.Wait()
	if err != nil {
		return PolicyState{}, fmt.Errorf("get version %s: %w", st.DefaultVersion, err)
	}
	if st.Document, err = decodeDocument(sdkaws.ToString(v.PolicyVersion.Document)); err != nil {
		return PolicyState{}, fmt.Errorf("version %s: %w", st.DefaultVersion, err)
	}
	if verErr != nil {
		return PolicyState{}, verErr
	}
	st.Versions = len(versions)
	return st, nil
}

// findPolicyByName looks through the account's customer managed policies
// (every path) for one with this name; names are unique per account.
func (c *Client) findPolicyByName(ctx context.Context, name string) (PolicyState, error) {
	pages := iam.NewListPoliciesPaginator(c.iam, &iam.ListPoliciesInput{Scope: iamtypes.PolicyScopeTypeLocal, MaxItems: listPageSize})
	for pages.HasMorePages() {
		page, err := call(ctx, c, func(ctx context.Context) (*iam.ListPoliciesOutput, error) { return pages.NextPage(ctx) })
		if err != nil {
			return PolicyState{}, fmt.Errorf("list policies: %w", err)
		}
		for _, p := range page.Policies {
			if strings.EqualFold(sdkaws.ToString(p.PolicyName), name) {
				return c.policyState(ctx, sdkaws.ToString(p.Arn))
			}
		}
	}
	return PolicyState{}, nil
}

func (c *Client) createPolicy(ctx context.Context, spec PolicySpec) (string, error) {
	in := &iam.CreatePolicyInput{
		PolicyName:     &spec.Name,
		PolicyDocument: &spec.Document,
		Path:           sdkaws.String(normalPath(spec.Path)),
		Tags:           iamTags(spec.Tags),
	}
	if spec.Description != "" {
		in.Description = &spec.Description
	}
	out, err := call(ctx, c, func(ctx context.Context) (*iam.CreatePolicyOutput, error) { return c.iam.CreatePolicy(ctx, in) })
	if err != nil {
		return "", err
	}
	return sdkaws.ToString(out.Policy.Arn), nil
}

func (c *Client) policyVersions(ctx context.Context, policyARN string) ([]iamtypes.PolicyVersion, error) {
	var all []iamtypes.PolicyVersion
	pages := iam.NewListPolicyVersionsPaginator(c.iam, &iam.ListPolicyVersionsInput{PolicyArn: &policyARN, MaxItems: listPageSize})
	for pages.HasMorePages() {
		page, err := call(ctx, c, func(ctx context.Context) (*iam.ListPolicyVersionsOutput, error) { return pages.NextPage(ctx) })
		if err != nil {
			return nil, fmt.Errorf("list versions of %s: %w", policyARN, err)
		}
		all = append(all, page.Versions...)
	}
	return all, nil
}

// deleteOldestVersion deletes the oldest non-default version and returns its id.
func (c *Client) deleteOldestVersion(ctx context.Context, policyARN string) (string, error) {
	versions, err := c.policyVersions(ctx, policyARN)
	if err != nil {
		return "", err
	}
	var candidates []iamtypes.PolicyVersion
	for _, v := range versions {
		if !v.IsDefaultVersion {
			candidates = append(candidates, v)
		}
	}
	if len(candidates) == 0 {
		return "", errors.New("no non-default version to delete")
	}
	sort.Slice(candidates, func(i, j int) bool { return olderVersion(candidates[i], candidates[j]) })
	id := sdkaws.ToString(candidates[0].VersionId)
	return id, c.deletePolicyVersion(ctx, policyARN, id)
}

func (c *Client) deletePolicyVersion(ctx context.Context, policyARN, id string) error {
	_, err := call(ctx, c, func(ctx context.Context) (*iam.DeletePolicyVersionOutput, error) {
		return c.iam.DeletePolicyVersion(ctx, &iam.DeletePolicyVersionInput{PolicyArn: &policyARN, VersionId: &id})
	})
	if err != nil && !isNoSuchEntity(err) {
		return fmt.Errorf("delete version %s: %w", id, err)
	}
	return nil
}

// olderVersion orders by creation date, then by version number ("v3" < "v12").
func olderVersion(a, b iamtypes.PolicyVersion) bool {
	ta, tb := sdkaws.ToTime(a.CreateDate), sdkaws.ToTime(b.CreateDate)
	if !ta.Equal(tb) {
		return ta.Before(tb)
	}
	return versionNumber(a.VersionId) < versionNumber(b.VersionId)
}

func versionNumber(id *string) int {
	n, _ := strconv.Atoi(strings.TrimPrefix(sdkaws.ToString(id), "v"))
	return n
}

// decodeDocument URL-decodes a policy document as IAM returns it (RFC 3986;
// QueryUnescape also accepts "+" for a space). A document that is already
// plain JSON is returned as is.
func decodeDocument(doc string) (string, error) {
	if strings.HasPrefix(strings.TrimSpace(doc), "{") {
		return doc, nil
	}
	d, err := url.QueryUnescape(doc)
	if err != nil {
		return "", fmt.Errorf("decode policy document: %w", err)
	}
	return d, nil
}

func normalPath(path string) string {
	if path == "" {
		return "/"
	}
	return path
}

// iamTags converts a tag map to IAM tags in key order, so requests are stable.
func iamTags(m map[string]string) []iamtypes.Tag {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	tags := make([]iamtypes.Tag, 0, len(keys))
	for _, k := range keys {
		tags = append(tags, iamtypes.Tag{Key: sdkaws.String(k), Value: sdkaws.String(m[k])})
	}
	return tags
}

func tagMap(tags []iamtypes.Tag) map[string]string {
	m := make(map[string]string, len(tags))
	for _, t := range tags {
		m[sdkaws.ToString(t.Key)] = sdkaws.ToString(t.Value)
	}
	return m
}
