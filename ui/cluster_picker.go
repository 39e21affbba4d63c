package ui

import (
	"context"
	"errors"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/bslwiz/bslwiz/steps"
	"github.com/bslwiz/bslwiz/ui/components/form"
)

// Step 9 (Append Account A) offers the Palette project's clusters in a
// filterable picker below Account A. Choosing one fills Account A from the
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
	opts := []form.Option{{Value: "", Label: "none: Account A is typed above"}}
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
	acct := c.Account
	if c.Account == "" {
		acct = "access keys"
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
// empty or holds what an earlier choice filled (or the cluster's account
// already: a form opened again); a typed Account A stays, and the picker
// names the mismatch. Choosing none takes back what was filled.
func (m *Model) fillAccountA(fm *form.Model) {
	in, ok := fm.Field(accountAKey).(*form.Input)
	if !ok {
		return
	}
	acct := ""
	if name := fm.Value(clusterKey); name != "" {
		acct, _ = m.s.ClusterAccountA(name, "")
	}
	cur := strings.TrimSpace(in.Value())
	switch {
	case cur == acct:
		m.clusterFill = acct
	case cur == "" || cur == m.clusterFill:
		in.Default(acct)
		m.clusterFill = acct
	}
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

// clustersMsg says the project's clusters were read for step step's
// picker (or why not: the picker's help says it).
type clustersMsg struct{ step steps.StepID }

// loadClusters reads the project's clusters for a form with a cluster
// picker when the session has not (Account A was given, and its form is
// open): the engine asks Palette, once.
func (m *Model) loadClusters() tea.Cmd {
	if m.form == nil || m.form.Field(clusterKey) == nil {
		return nil
	}
	if _, err := m.s.Clusters(); !errors.Is(err, steps.ErrClustersNotRead) {
		return nil
	}
	ctx, s, id := m.ctx, m.s, m.step().ID
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, steps.CheckTimeout)
		defer cancel()
		_ = s.LoadClusters(ctx) // a failure is kept; Clusters returns it
		return clustersMsg{step: id}
	}
}

// clustersLoaded rebuilds the form on screen with the clusters read, its
// values and focus kept.
func (m *Model) clustersLoaded(msg clustersMsg) tea.Cmd {
	if m.phase != phaseForm || m.form == nil || m.step().ID != msg.step {
		return nil
	}
	focus := ""
	if f := m.form.Focused(); f != nil {
		focus = f.Key()
	}
	fill := m.clusterFill
	m.form = m.buildForm(m.step(), m.form.Values())
	if m.clusterFill == "" {
		m.clusterFill = fill
	}
	m.layout()
	_, cmd := m.form.FocusKey(focus)
	return tea.Batch(m.form.Init(), cmd)
}
