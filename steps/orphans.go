package steps

import (
	"strings"

	"github.com/bslwiz/bslwiz/aws/iampolicy"
)

// orphanDrop is what a trust change does about the unique IDs of deleted
// principals (AROA…, AIDA…) in the policy it edits: IAM refuses to save a
// policy that names one, so a read-modify-write drops them, as part of the
// change the user confirms.
type orphanDrop []iampolicy.Orphan

// call describes the drop inside a call's description, before what else the
// call does: "drops orphaned principal AROA… (deleted); ".
func (o orphanDrop) call() string {
	if len(o) == 0 {
		return ""
	}
	return "drops orphaned " + o.principals() + " (deleted); "
}

// warning explains the drop in a preview.
func (o orphanDrop) warning() string {
	return "the trust policy names " + o.names() + ": IAM shows a principal's unique ID once it is deleted, and refuses to save " +
		"the policy while it does, so confirming also drops it; undo cannot bring it back"
}

// event is the drop in the journal's record of the change: "; dropped orphaned principal AROA…".
func (o orphanDrop) event() string {
	if len(o) == 0 {
		return ""
	}
	return "; dropped orphaned " + o.principals()
}

func (o orphanDrop) principals() string {
	ids := make([]string, len(o))
	for i, x := range o {
		ids[i] = x.ID
	}
	if len(ids) == 1 {
		return "principal " + ids[0]
	}
	return "principals " + strings.Join(ids, ", ")
}

func (o orphanDrop) names() string {
	names := make([]string, len(o))
	for i, x := range o {
		names[i] = x.String()
	}
	return strings.Join(names, ", ")
}
