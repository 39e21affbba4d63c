package steps

import (
	"encoding/json"
	"fmt"
	"time"
)

// decodeJournal reads a journal of this version, or of version 1, which it
// migrates: version 1 named steps by their number in the guide's fixed list
// of 13.
func decodeJournal(b []byte) (JournalData, error) {
	var head struct {
		Version int `json:"version"`
	}
	if err := json.Unmarshal(b, &head); err != nil {
		return JournalData{}, err
	}
	switch head.Version {
	case JournalVersion:
		var d JournalData
		if err := json.Unmarshal(b, &d); err != nil {
			return JournalData{}, err
		}
		return d, nil
	case 1:
		return migrateV1(b)
	}
	return JournalData{}, fmt.Errorf("version %d, this bslwiz reads versions 1 and %d", head.Version, JournalVersion)
}

// v1Steps is how version 1 numbered the steps: the guide's 13, in order.
// It is the definition of that format, and nothing else reads it.
var v1Steps = [...]StepID{StepPalette, StepLocations, StepAddNew, StepFields, StepSTS, StepRole, StepReview,
	StepCurrentTrust, StepAppendAccountA, StepCopyARN, StepFillARN, StepValidate, StepCreate}

// journalV1 is a version 1 journal: the same as version 2 but for the step
// numbers. Its fields shadow the embedded ones of the same JSON name.
type journalV1 struct {
	JournalData
	Done []struct {
		Step int       `json:"step"`
		At   time.Time `json:"at"`
	} `json:"done,omitempty"`
	Trust []struct {
		At      time.Time `json:"at"`
		Step    int       `json:"step"`
		Role    string    `json:"role"`
		Before  string    `json:"before"`
		After   string    `json:"after"`
		Pending bool      `json:"pending,omitempty"`
	} `json:"trust,omitempty"`
	Events []struct {
		At     time.Time `json:"at"`
		Step   int       `json:"step,omitempty"`
		Action string    `json:"action"`
		Detail string    `json:"detail,omitempty"`
	} `json:"events,omitempty"`
}

func migrateV1(b []byte) (JournalData, error) {
	var v journalV1
	if err := json.Unmarshal(b, &v); err != nil {
		return JournalData{}, err
	}
	id := func(n int) (StepID, error) {
		if n == 0 {
			return "", nil // an event of undo, which belongs to no step
		}
		if n < 1 || n > len(v1Steps) {
			return "", fmt.Errorf("version 1 journal names step %d, which version 1 did not have", n)
		}
		return v1Steps[n-1], nil
	}
	d := v.JournalData
	d.Version = JournalVersion
	d.Done, d.Trust, d.Events = nil, nil, nil
	for _, r := range v.Done {
		s, err := id(r.Step)
		if err != nil {
			return JournalData{}, err
		}
		d.Done = append(d.Done, StepRecord{Step: s, At: r.At})
	}
	for _, r := range v.Trust {
		s, err := id(r.Step)
		if err != nil {
			return JournalData{}, err
		}
		d.Trust = append(d.Trust, TrustRecord{At: r.At, Step: s, Role: r.Role, Before: r.Before, After: r.After, Pending: r.Pending})
	}
	for _, r := range v.Events {
		s, err := id(r.Step)
		if err != nil {
			return JournalData{}, err
		}
		d.Events = append(d.Events, EventRecord{At: r.At, Step: s, Action: r.Action, Detail: r.Detail})
	}
	return d, nil
}
