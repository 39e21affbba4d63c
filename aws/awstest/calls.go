package awstest

// Call is one request the emulator answered. Account and Caller identify the authenticated caller
// (empty when authentication failed or the request was anonymous). Mutating is true for operations
// that change state (IAM Create*/Update*/Delete*/Attach*/..., S3 PutObject/DeleteObject/CreateBucket),
// whether or not they succeeded.
type Call struct {
	Service  string // "iam", "sts", "s3"
	Action   string // e.g. "CreateRole", "AssumeRole", "HeadBucket"
	Account  string
	Caller   string
	Mutating bool
	Status   int
}

// Calls returns every request recorded since New or the last ResetCalls, oldest first.
func (e *Emulator) Calls() []Call {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]Call(nil), e.calls...)
}

// ResetCalls forgets the recorded calls.
func (e *Emulator) ResetCalls() {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.calls = nil
}

// MutatingCalls returns the recorded calls that change state.
func (e *Emulator) MutatingCalls() []Call {
	var out []Call
	for _, c := range e.Calls() {
		if c.Mutating {
			out = append(out, c)
		}
	}
	return out
}
