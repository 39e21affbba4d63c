// Package form is the wizard's form: labelled fields with help, defaults,
// placeholders and inline errors that name the rule that failed.
//
// Fields:
//   - Input: one line of text, optionally masked (the Palette API key);
//   - FilePath: a path whose file is read (off the UI loop) and whose content
//     is validated (the CA certificate);
//   - Toggle: a checkbox (force S3 path style);
//   - Select: a picker you type into to filter, with ↑/↓ to choose (region).
//
// Keys: tab / shift+tab move between fields (and ↑/↓ outside pickers),
// enter moves on, and enter on the last field submits only when every
// validator passes; otherwise the first invalid field gets the focus and
// every error shows. Paste is the terminal's bracketed paste (tea.PasteMsg):
// textinput's ctrl+v binding, which shells out to a clipboard tool and fails
// on bastions, is switched off, and pressing ctrl+v says how to paste instead.
//
// Errors show once a field has been left, or after a submit attempt, and
// then follow every keystroke. The text of an error on a masked field never
// contains the secret: the value is replaced by "[redacted]".
package form
