package awstest

import (
	"encoding/json"
	"errors"
	"io"
	"strings"
)

// IAM does not keep a trust policy's "AWS" principals as sent:
//   - an account ID is stored as that account's root ARN: "AWS": "123456789012" reads back
//     as "arn:aws:iam::123456789012:root" (aws-facts §3 gives both forms; the Principal
//     element docs say IAM converts the ID to the root ARN,
//     https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-accounts);
//   - when a role or user it names is deleted, the ARN is replaced by the principal's
//     unique ID (AROA…, AIDA…), which IAM then refuses to save back
//     (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-roles,
//     "If you delete the role and then re-create it ... the policy ... shows the unique ID").

// rewritePrincipals returns doc with every string of a Principal or NotPrincipal "AWS"
// value replaced by replace(value) where it answers ok, leaving every other byte alone. A
// document that does not parse is returned unchanged (IAM's checks refuse it elsewhere).
func rewritePrincipals(doc string, replace func(v string) (string, bool)) string {
	w := &principalWalker{dec: json.NewDecoder(strings.NewReader(doc)), doc: doc, replace: replace}
	if err := w.value(false, false); err != nil {
		return doc
	}
	if len(w.edits) == 0 {
		return doc
	}
	var b strings.Builder
	last := 0
	for _, e := range w.edits {
		b.WriteString(doc[last:e.start])
		b.WriteString(e.text)
		last = e.end
	}
	b.WriteString(doc[last:])
	return b.String()
}

type textEdit struct {
	start, end int
	text       string // the JSON literal written instead
}

type principalWalker struct {
	dec     *json.Decoder
	doc     string
	replace func(string) (string, bool)
	edits   []textEdit
}

// value walks one JSON value. inPrincipal: the value is a Principal element; inAWS: it
// is (or lists) that element's "AWS" principals.
func (w *principalWalker) value(inPrincipal, inAWS bool) error {
	tok, err := w.dec.Token()
	if err != nil {
		return err
	}
	switch t := tok.(type) {
	case json.Delim:
		switch t {
		case '{':
			for w.dec.More() {
				kt, err := w.dec.Token()
				if err != nil {
					return err
				}
				k, _ := kt.(string)
				if err := w.value(k == "Principal" || k == "NotPrincipal", inPrincipal && k == "AWS"); err != nil {
					return err
				}
			}
		case '[':
			for w.dec.More() {
				if err := w.value(false, inAWS); err != nil {
					return err
				}
			}
		}
		if _, err := w.dec.Token(); err != nil && !errors.Is(err, io.EOF) {
			return err
		}
	case string:
		if !inAWS {
			return nil
		}
		end := int(w.dec.InputOffset())
		lit, _ := json.Marshal(t)
		start := end - len(lit)
		if start < 0 || w.doc[start:end] != string(lit) {
			return nil // written with escapes: leave it
		}
		if v, ok := w.replace(t); ok {
			out, _ := json.Marshal(v)
			w.edits = append(w.edits, textEdit{start, end, string(out)})
		}
	}
	return nil
}

// storedTrust is doc as IAM stores it for an account in partition: account-ID principals
// become root ARNs.
func storedTrust(doc, partition string) string {
	return rewritePrincipals(doc, func(v string) (string, bool) {
		if isAccountID(v) {
			return "arn:" + partition + ":iam::" + v + ":root", true
		}
		return "", false
	})
}

// orphanPrincipal rewrites, in every trust policy of every account, the ARN of a deleted
// role or user to its unique ID, as IAM shows it. Caller holds e.mu.
func (e *Emulator) orphanPrincipal(arn, uniqueID string) {
	replace := func(v string) (string, bool) {
		if strings.EqualFold(v, arn) {
			return uniqueID, true
		}
		return "", false
	}
	for _, a := range e.accounts {
		for _, r := range a.roles {
			for i := range r.trust {
				r.trust[i].doc = rewritePrincipals(r.trust[i].doc, replace)
			}
		}
	}
}
