package steps

import (
	"fmt"
	"strings"
)

// explainWhy says in words what a failed condition of the evaluator means
// for the caller of row r: `statement 1 (…) names it; StringEquals
// sts:ExternalId does not hold` becomes `statement 1 (…): no external ID
// sent` (or `: not your external ID`), short enough for the TUI's why
// column at 120 columns.
func explainWhy(r TrustAccess, why string) string {
	lead, cond, ok := strings.Cut(why, " names it; ")
	if !ok {
		return why
	}
	op, rest, _ := strings.Cut(cond, " ")
	key, ok := strings.CutSuffix(rest, " does not hold")
	if !ok {
		return why
	}
	if strings.EqualFold(key, "sts:ExternalId") {
		if !r.HasExternalID {
			return lead + ": no external ID sent"
		}
		return lead + ": not your external ID"
	}
	return fmt.Sprintf("%s names it, but its condition (%s on %s) is not met for this caller", lead, op, key)
}

// TextLines is the evaluation for text output (plan, --accessible, a
// pipe): one list item a caller, so that wrapping at a terminal's width
// keeps each row readable where a table's columns would collapse: who, the
// verdict (with the one before where the change turns it), and why.
func (ev *TrustEvaluation) TextLines() []string {
	if ev == nil {
		return nil
	}
	var out []string
	for _, r := range ev.Rows {
		verdict := r.After.Decision()
		switch {
		case ev.Current:
			verdict += " now"
		case ev.New:
			verdict += " (the role is new)"
		case r.Changed():
			verdict = r.Before.Decision() + " → " + verdict
		default:
			verdict += " (unchanged)"
		}
		out = append(out, fmt.Sprintf("- %s: %s; %s", r.Who(), verdict, r.After.Why))
	}
	return out
}
