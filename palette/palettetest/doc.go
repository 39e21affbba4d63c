// Package palettetest is an in-process emulator of the part of the Spectro Cloud Palette
// API that adds an AWS S3 backup location with STS (shared/reference/palette-api.md and
// palette-openapi-subset.json). It is an http.Handler; Serve and NewTestServer put it on a
// loopback port. Tests and the --sandbox mode use it; production code never does.
//
// What it does, beyond the shapes of the spec:
//   - Tenants, projects and API keys (AddTenant, Tenant.AddProject, Tenant.AddAPIKey). The
//     ApiKey header (any case) authenticates; a missing or unknown key is 401. A ProjectUid
//     header naming a project outside the key's tenant is 403.
//   - Backup locations belong to a project (ProjectUid header) or to the tenant (none).
//   - Bodies are decoded strictly: an unknown field or a wrong type is 400 naming the field,
//     and so is a missing required field.
//   - A duplicate location name in the same scope is 409 code "DuplicateName". Palette
//     does not publish what it does; this is our documented assumption.
//   - Options.RateLimit turns on a limiter like Palette's: 10 requests/s with a burst of 5
//     per top-level resource (/v1/users, /v1/clouds, ...), answering 429 "TooManyRequests"
//     with Retry-After.
//   - STS info is Options.PaletteAccountID and the tenant's external ID, stable per tenant.
//   - Validate does what Palette must: it assumes the role through STS at
//     Options.AWSEndpoint as Palette's principal with the tenant's external ID, then, with
//     the role's credentials, calls HeadBucket, ListObjectsV2, and PutObject then
//     DeleteObject of a probe object. A failure is 400 with a v1Error naming the cause.
//   - Faults (SetFault): latency, 500s and 429s, per operationId or for every operation.
//
// Error answers are v1Error bodies. The emulator never puts an API key in an answer.
package palettetest
