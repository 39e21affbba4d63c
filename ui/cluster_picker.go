package ui

import (
	"errors"
	"strings"

	"github.com/bslwiz/bslwiz/steps"
	"github.com/bslwiz/bslwiz/ui/components/form"
)

// Step 9 (Append Account A) offers the Palette project's clusters in a
// filterable picker above Account A. Choosing one fills Account A from the
// cluster's cloud account, as --cluster does (the engine derives it from
// what Palette answered; ui never asks Palette itself), so the required
// field is satisfied; an Account A typed by hand that names another account
// is refused on the cluster. With Account A given, the cluster is optional.

const (
	clusterKey  = "cluster"
	accountAKey = "accountA"
)

// clusterField is the picker of the project's clusters, with "none" first:
// Account A can be typed instead. Why the list is empty, when it is, is in
// its help.
func (m *Model) clusterField(f steps.Field, v string) form.Field {
	opts := []form.Option{{Value: "", Label: "none: type Account A below"}}
	list, err := m.s.Clusters()
	for _, c := range list {
		opts = append(opts, form.Option{Value: c.Name, Label: clusterLabel(c), Group: c.Region})
	}
	help := f.Help
	switch {
	case errors.Is(err, steps.ErrClustersNotRead):
		help += " (Account A was given, so Palette's clusters were not listed)"
	case err != nil:
		why, _, _ := strings.Cut(err.Error(), "\n")
		help += " (none listed: " + why + ")"
	case len(list) == 0:
		help += " (the project has none)"
	}
	// The validator is set by wireCluster, which knows the form's Account A.
	return form.NewSelect(f.Key, f.Label, opts).Help(help).Validate(func(string) error { return nil }).Default(v)
}

// clusterLabel says where a cluster's backups run from: the AWS account of
// its cloud account, or that its access keys name none.
func clusterLabel(c steps.ClusterChoice) string {
	acct := "account " + c.Account
	if c.Account == "" {
		acct = "access keys, no account"
	}
	if c.CloudAccount == "" {
		return acct
	}
	return acct + " (cloud account " + c.CloudAccount + ")"
}

// wireCluster ties form fm's cluster picker to its Account A: the picker
// refuses a cluster in another account than the one typed, and a cluster
// given with no Account A fills it (so a step whose cluster came from
// --cluster is complete, and summarised).
func (m *Model) wireCluster(fm *form.Model) {
	m.clusterFill = ""
	sel, ok := fm.Field(clusterKey).(*form.Select)
	in, ok2 := fm.Field(accountAKey).(*form.Input)
	if !ok || !ok2 {
		return
	}
	sel.Validate(func(v string) error {
		if v == "" {
			return nil
		}
		given := in.Value()
		if given == m.clusterFill {
			given = "" // filled from a cluster, not typed
		}
		_, err := m.s.ClusterAccountA(v, given)
		return err
	})
	m.fillAccountA(fm)
}

// fillAccountA puts the chosen cluster's account into Account A when it is
// empty or holds what an earlier choice filled; a typed Account A stays
// (the picker names the mismatch). Choosing none takes back what was filled.
func (m *Model) fillAccountA(fm *form.Model) {
	in, ok := fm.Field(accountAKey).(*form.Input)
	if !ok {
		return
	}
	cur := strings.TrimSpace(in.Value())
	if cur != "" && cur != m.clusterFill {
		return
	}
	acct := ""
	if name := fm.Value(clusterKey); name != "" {
		acct, _ = m.s.ClusterAccountA(name, "")
	}
	if acct == cur {
		return
	}
	in.Default(acct)
	m.clusterFill = acct
}

// clusterChanged follows a change of the form's cluster picker into
// Account A, and one of Account A into the picker's rule.
func (m *Model) clusterChanged(msg form.ChangedMsg) {
	if m.form == nil {
		return
	}
	switch msg.Key {
	case clusterKey:
		m.fillAccountA(m.form)
	case accountAKey:
		m.form.Revalidate(clusterKey)
	}
}

// filledFromCluster reports whether the submitted Account A is the one the
// cluster picker filled in, rather than typed.
func (m *Model) filledFromCluster(values map[string]string) bool {
	return m.clusterFill != "" && strings.TrimSpace(values[accountAKey]) == m.clusterFill &&
		strings.TrimSpace(values[clusterKey]) != ""
}
