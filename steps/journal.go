package steps

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/bslwiz/bslwiz/internal/boundedfile"
)

// JournalVersion is the format version written into every journal. Version
// 2 keys steps by StepID; version 1 (by number) is migrated on read.
const JournalVersion = 2

// Journal is the non-secret record of a run, kept in the user's state
// directory: the plan, the steps done, what bslwiz created (ARNs and uids),
// and the trust policy before and after each change, with timestamps. A
// dropped SSH session resumes from it, and undo reads it to change back
// exactly what bslwiz changed and nothing else.
//
// It is written atomically (a temp file in the same directory, fsync, then
// rename), with mode 0600, so a crash never leaves half a journal. A run
// that changes something holds the journal's lock (OpenJournalLocked) until
// it ends (Close), so two runs of one location never write over each other.
type Journal struct {
	path   string
	mu     sync.Mutex
	saveMu sync.Mutex // orders saves, so an older snapshot never lands last
	data   JournalData
	lock   *os.File // the held lock file, nil when not locked
	closed bool     // Close released the lock: no more saves
}

// JournalData is the journal's content.
type JournalData struct {
	Version   int           `json:"version"`
	Location  string        `json:"location"`
	Sandbox   bool          `json:"sandbox,omitempty"`
	StartedAt time.Time     `json:"startedAt"`
	UpdatedAt time.Time     `json:"updatedAt"`
	Plan      Plan          `json:"plan"`
	Done      []StepRecord  `json:"done,omitempty"`
	Palette   PaletteRecord `json:"palette,omitempty"`
	Created   Created       `json:"created"`
	Trust     []TrustRecord `json:"trust,omitempty"`
	Events    []EventRecord `json:"events,omitempty"`
	// Intents are mutating calls about to be made; see Session.intend.
	Intents []Intent `json:"intents,omitempty"`
	// IntentsAt is when each intent was recorded: what IAM made before it
	// was not made by that call.
	IntentsAt map[Intent]time.Time `json:"intentsAt,omitempty"`
	// LastIAMChange is when bslwiz last changed IAM; validation waits for
	// propagation only after a recent change.
	LastIAMChange time.Time      `json:"lastIamChange,omitzero"`
	Undone        *time.Time     `json:"undone,omitempty"`
	Extra         map[string]any `json:"extra,omitempty"`
}

// Intent is a mutating call bslwiz is about to make, recorded before the
// call so that a crash between the call and its record still lets resume and
// undo know what bslwiz made.
type Intent string

// The intents.
const (
	IntentCreatePolicy   Intent = "create-policy"
	IntentCreateRole     Intent = "create-role"
	IntentAttachPolicy   Intent = "attach-policy"
	IntentCreateLocation Intent = "create-location"
	// IntentAccountAGrant: the inline policy on Account A's principal.
	IntentAccountAGrant Intent = "account-a-grant"
)

// StepRecord says when a step was done.
type StepRecord struct {
	Step StepID    `json:"step"`
	At   time.Time `json:"at"`
}

// PaletteRecord is where the location lives.
type PaletteRecord struct {
	Endpoint    string `json:"endpoint,omitempty"`
	Scope       string `json:"scope,omitempty"`
	ProjectName string `json:"projectName,omitempty"`
	ProjectUID  string `json:"projectUid,omitempty"`
	// STSAccountID and ExternalID are what Palette answered for the tenant:
	// undo lints the trust it writes back against them.
	STSAccountID string `json:"stsAccountId,omitempty"`
	ExternalID   string `json:"externalId,omitempty"`
}

// Created records what bslwiz made, and what it only adopted. Undo removes
// only what is marked created here.
type Created struct {
	Account string `json:"account,omitempty"` // Account B
	// The managed policy.
	PolicyARN     string `json:"policyArn,omitempty"`
	PolicyCreated bool   `json:"policyCreated,omitempty"`
	// PolicyVersion is a version bslwiz added to an adopted policy, and
	// PolicyPreviousDefault the version that was default before it.
	PolicyVersion         string `json:"policyVersion,omitempty"`
	PolicyPreviousDefault string `json:"policyPreviousDefault,omitempty"`
	// The role.
	RoleName       string `json:"roleName,omitempty"`
	RoleARN        string `json:"roleArn,omitempty"`
	RoleCreated    bool   `json:"roleCreated,omitempty"`
	PolicyAttached bool   `json:"policyAttached,omitempty"` // bslwiz attached it
	// The Palette location.
	LocationUID     string `json:"locationUid,omitempty"`
	LocationCreated bool   `json:"locationCreated,omitempty"`
	// AccountAGrant is the inline policy bslwiz put on Account A's
	// principal, in Account A.
	AccountAGrant *AccountAGrant `json:"accountAGrant,omitempty"`
}

// TrustRecord is one change of the role's trust policy.
type TrustRecord struct {
	At     time.Time `json:"at"`
	Step   StepID    `json:"step"`
	Role   string    `json:"role"`
	Before string    `json:"before"` // empty: the role was created with After
	After  string    `json:"after"`
	// Pending is true from just before the call until it succeeded; a
	// crash in between leaves it true, and undo then looks at the role.
	Pending bool `json:"pending,omitempty"`
}

// EventRecord is one change made, in words.
type EventRecord struct {
	At     time.Time `json:"at"`
	Step   StepID    `json:"step,omitempty"`
	Action string    `json:"action"`
	Detail string    `json:"detail,omitempty"`
}

// StateDir returns the directory journals live in:
// $XDG_STATE_HOME/bslwiz, or ~/.local/state/bslwiz.
func StateDir() (string, error) {
	if d := os.Getenv("XDG_STATE_HOME"); d != "" && filepath.IsAbs(d) {
		return filepath.Join(d, "bslwiz"), nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("find state directory: %w", err)
	}
	return filepath.Join(home, ".local", "state", "bslwiz"), nil
}

// JournalPath returns the journal file of a location in dir. Sandbox runs
// keep their own journals so they never collide with real ones.
func JournalPath(dir, location string, sandbox bool) string {
	name := safeFileName(location)
	if sandbox {
		name += ".sandbox"
	}
	return filepath.Join(dir, name+".json")
}

func safeFileName(s string) string {
	s = strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '_', r == '.':
			return r
		}
		return '_'
	}, s)
	s = strings.TrimLeft(s, ".")
	if s == "" {
		s = "_"
	}
	return s
}

// NewJournal makes an empty journal for a location at path. Nothing is
// written until Save.
func NewJournal(path, location string, sandbox bool, now time.Time) *Journal {
	return &Journal{path: path, data: JournalData{Version: JournalVersion, Location: location, Sandbox: sandbox,
		StartedAt: now.UTC(), UpdatedAt: now.UTC()}}
}

// maxJournalSize bounds what is read of a journal: one is a few KiB.
const maxJournalSize = 8 << 20

// LoadJournal reads the journal at path. It returns an error wrapping
// fs.ErrNotExist when there is none.
func LoadJournal(path string) (*Journal, error) {
	if err := checkStateDir(filepath.Dir(path)); err != nil {
		return nil, err
	}
	b, err := boundedfile.Read(path, maxJournalSize)
	if err != nil {
		return nil, fmt.Errorf("read journal: %w", err)
	}
	d, err := decodeJournal(b)
	if err != nil {
		return nil, fmt.Errorf("read journal %s: %w", path, err)
	}
	return &Journal{path: path, data: d}, nil
}

// checkStateDir refuses a directory of journals that others can write: they
// could replace a journal and have undo delete what it names. (bslwiz makes
// the directory itself with mode 0700.) A directory that does not exist yet
// is fine.
func checkStateDir(dir string) error {
	fi, err := os.Stat(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("state directory: %w", err)
	}
	if fi.Mode().Perm()&0o022 != 0 {
		return fmt.Errorf("state directory %s is writable by others (mode %v): a journal there could be replaced, "+
			"and undo acts on what it names; run 'chmod go-w %s' or choose another --state-dir", dir, fi.Mode().Perm(), dir)
	}
	return nil
}

// OpenJournal loads the journal at path, or starts a new one.
func OpenJournal(path, location string, sandbox bool, now time.Time) (*Journal, bool, error) {
	j, err := LoadJournal(path)
	if err == nil {
		return j, true, nil
	}
	if errors.Is(err, fs.ErrNotExist) {
		return NewJournal(path, location, sandbox, now), false, nil
	}
	return nil, false, err
}

// Path is where the journal is kept.
func (j *Journal) Path() string { return j.path }

// Snapshot returns a copy of the journal's content.
func (j *Journal) Snapshot() JournalData {
	j.mu.Lock()
	defer j.mu.Unlock()
	b, _ := json.Marshal(j.data)
	var d JournalData
	_ = json.Unmarshal(b, &d)
	return d
}

// Update changes the journal's content under its lock. It does not save.
func (j *Journal) Update(fn func(*JournalData)) {
	j.mu.Lock()
	defer j.mu.Unlock()
	fn(&j.data)
}

// MarkDone records that step id is done.
func (j *Journal) MarkDone(id StepID, at time.Time) {
	j.Update(func(d *JournalData) {
		for i, r := range d.Done {
			if r.Step == id {
				d.Done[i].At = at.UTC()
				return
			}
		}
		d.Done = append(d.Done, StepRecord{Step: id, At: at.UTC()})
		sort.SliceStable(d.Done, func(a, b int) bool { return before(d.Done[a].Step, d.Done[b].Step) })
	})
}

// IsDone reports whether step id is recorded as done.
func (j *Journal) IsDone(id StepID) bool {
	j.mu.Lock()
	defer j.mu.Unlock()
	for _, r := range j.data.Done {
		if r.Step == id {
			return true
		}
	}
	return false
}

// Next returns the first step of the journal's plan that is not done, and
// false when every step is.
func (j *Journal) Next() (Step, bool) {
	for _, st := range Steps(j.Snapshot().Plan) {
		if !j.IsDone(st.ID) {
			return st, true
		}
	}
	return Step{}, false
}

// Event appends an event.
func (j *Journal) Event(at time.Time, step StepID, action, detail string) {
	j.Update(func(d *JournalData) {
		d.Events = append(d.Events, EventRecord{At: at.UTC(), Step: step, Action: action, Detail: detail})
	})
}

// Save writes the journal atomically with mode 0600.
func (j *Journal) Save() error {
	j.saveMu.Lock()
	defer j.saveMu.Unlock()
	j.mu.Lock()
	if j.closed {
		j.mu.Unlock()
		return errJournalClosed
	}
	j.data.UpdatedAt = time.Now().UTC()
	for in := range j.data.IntentsAt { // resolved intents keep no time
		if !slices.Contains(j.data.Intents, in) {
			delete(j.data.IntentsAt, in)
		}
	}
	b, err := json.MarshalIndent(j.data, "", "  ")
	j.mu.Unlock()
	if err != nil {
		return fmt.Errorf("save journal: %w", err)
	}
	return writeFileAtomic(j.path, append(b, '\n'), 0o600)
}

// Remove deletes the journal file.
func (j *Journal) Remove() error {
	if err := os.Remove(j.path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("remove journal: %w", err)
	}
	return nil
}

func writeFileAtomic(path string, data []byte, mode os.FileMode) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("save journal: %w", err)
	}
	if err := checkStateDir(dir); err != nil {
		return fmt.Errorf("save journal: %w", err)
	}
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return fmt.Errorf("save journal: %w", err)
	}
	tmp := f.Name()
	ok := false
	defer func() {
		if !ok {
			_ = os.Remove(tmp)
		}
	}()
	if err := f.Chmod(mode); err != nil {
		f.Close()
		return fmt.Errorf("save journal: %w", err)
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return fmt.Errorf("save journal: %w", err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return fmt.Errorf("save journal: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("save journal: %w", err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("save journal: %w", err)
	}
	ok = true
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		d.Close()
	}
	return nil
}
