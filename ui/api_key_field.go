package ui

// keyValue is the masked API key field's value for a form being built: what
// is typed in it now (values, on a rebuild), else the key typed earlier in
// this run, so going back to step 1 keeps it. It lives in memory only: never
// in the plan, the journal or on screen (the field masks it).
func (m *Model) keyValue(values map[string]string) string {
	if v, ok := values[apiKeyField]; ok {
		return v
	}
	return m.keyTyped
}
