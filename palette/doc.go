// Package palette is a small client for the Spectro Cloud Palette REST API: just the calls
// that add an AWS S3 bucket as a backup location with the STS (assume-role) method.
//
// The facts it relies on are in shared/reference/palette-api.md, and the request and
// response shapes are those of shared/reference/palette-openapi-subset.json (a subset of
// Palette's published OpenAPI 2.0 spec); the package tests check every body against it.
//
// # Credentials
//
// The API key travels in the ApiKey header. It comes from SPECTROCLOUD_APIKEY (EnvConfig),
// from a file (ReadAPIKeyFile), or from a masked prompt in the caller. No command-line flag
// ever carries the key itself, because flags show in ps and shell history: callers offer a
// file path instead. The key is redacted, as "[REDACTED]", from every error this package
// returns, including the messages, details and URLs a server might echo back, and it is
// never logged.
//
// # Scope
//
// A Client starts in tenant scope (no ProjectUid header). InProject returns a client that
// sends ProjectUid: <uid>; ResolveProject turns a project name into that uid.
//
// # Timeouts and retries
//
// Every HTTP attempt is bounded by Config.Timeout. Answers 429 (Too Many Requests) and 5xx
// are retried with exponential backoff and full jitter, honouring Retry-After, at most
// Config.MaxAttempts attempts, and no retry is started that would end after
// Config.MaxRetryTime from the start of the call. Only requests that are safe to repeat are
// retried on 5xx: GET, PUT (it replaces the whole object), DELETE, and the validate POST
// (it changes nothing in Palette). Creating a location (POST) is retried only on 429, which
// means the request was refused before it was processed; after a 5xx the location may
// exist, so the error is returned and the caller looks it up by name instead of risking a
// duplicate.
package palette
