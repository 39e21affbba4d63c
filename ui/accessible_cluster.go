package ui

import (
	"errors"
	"strings"

	"github.com/bslwiz/bslwiz/steps"
)

// In line mode step 9's cluster is a question like the others: asked
// before Account A when Account A is not given, its answer checked against
// the project's clusters (the engine reads them from Palette) and, when it
// names one, Account A's default is the cluster's account.

// fieldOrder is the order of st's questions: its fields, the cluster
// before Account A when Account A is not given.
func (a *accessibleRun) fieldOrder(st steps.Step, p steps.Plan) []steps.Field {
	fields := stepFields(st)
	if strings.TrimSpace(p.AccountA) != "" {
		return fields
	}
	ci, ai := -1, -1
	for i, f := range fields {
		switch f.Key {
		case clusterKey:
			ci = i
		case accountAKey:
			ai = i
		}
	}
	if ci > ai && ai >= 0 {
		c := fields[ci]
		copy(fields[ai+1:ci+1], fields[ai:ci])
		fields[ai] = c
	}
	return fields
}

// answerDefault is field f's default answer: its value in p, or for an
// empty Account A the account of the cluster p names.
func (a *accessibleRun) answerDefault(f steps.Field, p steps.Plan) string {
	v := f.Get(&p)
	if f.Key == accountAKey && strings.TrimSpace(v) == "" && p.Cluster != "" {
		if acct, err := a.s.ClusterAccountA(p.Cluster, ""); err == nil {
			return acct
		}
	}
	return v
}

// clusterQuestion is the cluster's help, naming the project's clusters,
// and its validator: empty for none, else a listed cluster in the account
// Account A names (when it is given).
func (a *accessibleRun) clusterQuestion(help string) (string, func(string) error) {
	_ = a.s.LoadClusters(a.ctx) // a failure is kept; Clusters says it
	list, err := a.s.Clusters()
	switch {
	case err != nil && !errors.Is(err, steps.ErrClustersNotRead):
		help += ". Empty for none (" + firstLineOf(err.Error()) + ")"
	case len(list) == 0:
		help += ". Empty for none (the project has no clusters)"
	default:
		var names []string
		for _, c := range list {
			names = append(names, c.Name+": "+clusterLabel(c))
		}
		help += ". Empty for none; the project's clusters: " + strings.Join(names, ", ")
	}
	return help, func(v string) error {
		v = strings.TrimSpace(v)
		if v == "" {
			return nil
		}
		_, err := a.s.ClusterAccountA(v, a.s.RawPlan().AccountA)
		return err
	}
}

// firstLineOf is the first line of s.
func firstLineOf(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}
