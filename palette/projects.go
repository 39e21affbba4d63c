package palette

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
)

// Project is a Palette project the API key can see.
type Project struct{ Name, UID string }

// Verify proves the API key works (and, for a project-scoped client, that the project is
// reachable) with one cheap read: GET /v1/dashboard/projects/metadata.
func (c *Client) Verify(ctx context.Context) error {
	var out wireProjectsMetadata
	err := c.do(ctx, request{method: http.MethodGet, path: "/v1/dashboard/projects/metadata", out: &out})
	if err != nil {
		return fmt.Errorf("verify Palette API key at %s: %w", c.Endpoint(), keyNotRecognized(err))
	}
	return nil
}

// KeyNotRecognizedError is Palette answering the projects list, the first call a run
// makes, with 404 ResourceNotFound: a path every valid key can read, so the answer means
// Palette did not recognise the API key (a key of another tenant or a revoked one can be
// answered so, rather than with 401). errors.Is(err, ErrAuth) is true; ErrNotFound is not.
type KeyNotRecognizedError struct{ Answer *APIError }

func (e *KeyNotRecognizedError) Error() string {
	return "Palette did not recognise the API key (it answered the projects list with " + e.Answer.Error() +
		"): check that the key belongs to this tenant and endpoint and has not been revoked"
}

// Is makes errors.Is(err, ErrAuth) true.
func (e *KeyNotRecognizedError) Is(target error) bool { return target == ErrAuth }

// keyNotRecognized turns a 404 ResourceNotFound from the projects list into a
// *KeyNotRecognizedError; other errors pass through.
func keyNotRecognized(err error) error {
	var api *APIError
	if errors.As(err, &api) && api.Status == http.StatusNotFound && api.Code == "ResourceNotFound" {
		return &KeyNotRecognizedError{Answer: api}
	}
	return err
}

// Projects lists the tenant's projects visible to the key, sorted by name. It always asks
// in tenant scope.
func (c *Client) Projects(ctx context.Context) ([]Project, error) {
	var out wireProjectsMetadata
	err := c.do(ctx, request{method: http.MethodGet, path: "/v1/dashboard/projects/metadata", tenantScope: true, out: &out})
	if err != nil {
		return nil, fmt.Errorf("list Palette projects: %w", keyNotRecognized(err))
	}
	projects := make([]Project, 0, len(out.Items))
	for _, it := range out.Items {
		projects = append(projects, Project{Name: it.Metadata.Name, UID: it.Metadata.UID})
	}
	slices.SortFunc(projects, func(a, b Project) int { return strings.Compare(a.Name, b.Name) })
	return projects, nil
}

// ProjectNotFoundError says no project has the exact name asked for, and lists those that
// exist. errors.Is(err, ErrNotFound) is true.
type ProjectNotFoundError struct {
	Name      string
	Available []string
}

func (e *ProjectNotFoundError) Error() string {
	if len(e.Available) == 0 {
		return fmt.Sprintf("Palette project %q not found: the API key sees no project", e.Name)
	}
	return fmt.Sprintf("Palette project %q not found; available: %s", e.Name, strings.Join(e.Available, ", "))
}

// Is makes errors.Is(err, ErrNotFound) true.
func (e *ProjectNotFoundError) Is(target error) bool { return target == ErrNotFound }

// ResolveProject returns the uid of the project named exactly name (case-sensitive). When
// there is none the error is a *ProjectNotFoundError listing the names there are.
func (c *Client) ResolveProject(ctx context.Context, name string) (string, error) {
	projects, err := c.Projects(ctx)
	if err != nil {
		return "", err
	}
	var uids, names []string
	for _, p := range projects {
		names = append(names, p.Name)
		if p.Name == name {
			uids = append(uids, p.UID)
		}
	}
	switch len(uids) {
	case 0:
		return "", &ProjectNotFoundError{Name: name, Available: names}
	case 1:
		if uids[0] == "" {
			return "", fmt.Errorf("project %q has no uid in Palette's answer", name)
		}
		return uids[0], nil
	default:
		return "", fmt.Errorf("there are %d projects named %q in Palette; cannot choose one", len(uids), name)
	}
}
