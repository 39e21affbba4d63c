// Package form is the wizard's form: labelled fields with help, defaults,
// placeholders and inline errors that name the rule that failed.
//
// Fields:
//   - Input: one line of text, optionally masked (the Palette API key), or a
//     path or pasted PEM (the CA certificate, checked by the plan's rule);
//   - Toggle: a checkbox (force S3 path style);
//   - Select: a picker (region, scope) that shows its choice until opened.
//
// Keys: tab / shift+tab and ↑/↓ move between fields, enter moves on, and
// enter on the last field submits only when every validator passes;
// otherwise the first invalid field gets the focus, the form scrolls to it
// and every error shows, and the markers of fields out of view say how many
// of them have an error.
//
// A focused Select is closed: ↑/↓ move to the neighbouring field as on any
// other field, so arrowing through a form never changes a choice. Space
// opens its list and typing opens it filtered; only then do ↑/↓ (and
// pgup/pgdn) move the highlight, which the value follows. Esc closes the
// list and puts the earlier choice back; tab or enter keep the highlighted
// one and move on. The footer help says which of the two states it is in
// ("space/type choose", or "↑/↓ choose · esc cancel").
//
// The focused field, with its error, is always in view: a field taller
// than the form gives up its help, then rows of an open list, before the
// first line of its error.
//
// Paste is the terminal's bracketed paste (tea.PasteMsg): textinput's
// ctrl+v binding, which shells out to a clipboard tool and fails on
// bastions, is switched off, and pressing ctrl+v says how to paste instead.
//
// Errors show once a field has been left, or after a submit attempt, and
// then follow every keystroke. The text of an error on a masked field never
// contains the secret: the value is replaced by "[redacted]".
package form
