package form

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/bslwiz/bslwiz/ui/internal/uitest"
	"github.com/bslwiz/bslwiz/ui/keys"
	"github.com/bslwiz/bslwiz/ui/theme"
)

// ruleErr mimics the rules package: `<field> "<value>": <rule>`.
func ruleErr(field, value, rule string) error {
	return fmt.Errorf("%s %q: %s", field, value, rule)
}

func bucketName(s string) error {
	switch {
	case s == "":
		return ruleErr("bucket name", s, "required")
	case strings.ToLower(s) != s:
		return ruleErr("bucket name", s, "uppercase letters are not allowed")
	case len(s) < 3:
		return ruleErr("bucket name", s, "must be 3 to 63 characters long")
	}
	return nil
}

func apiKey(s string) error {
	if len(s) < 8 {
		return ruleErr("API key", s, "an API key has at least 8 characters")
	}
	return nil
}

func pemCert(s string) error {
	if s != "" && !strings.HasPrefix(s, "-----BEGIN CERTIFICATE-----") {
		return errors.New(`CA certificate: not PEM (no "-----BEGIN CERTIFICATE-----" line)`)
	}
	return nil
}

var regions = []Option{
	{Value: "us-east-1", Label: "US East (N. Virginia)", Group: "aws"},
	{Value: "us-east-2", Label: "US East (Ohio)", Group: "aws"},
	{Value: "us-west-2", Label: "US West (Oregon)", Group: "aws"},
	{Value: "eu-west-1", Label: "Europe (Ireland)", Group: "aws"},
	{Value: "eu-central-1", Label: "Europe (Frankfurt)", Group: "aws"},
	{Value: "ap-southeast-2", Label: "Asia Pacific (Sydney)", Group: "aws"},
	{Value: "us-gov-west-1", Label: "AWS GovCloud (US-West)", Group: "aws-us-gov"},
	{Value: "us-gov-east-1", Label: "AWS GovCloud (US-East)", Group: "aws-us-gov"},
}

// newTestForm is the Fields step of the wizard, more or less.
func newTestForm(th *theme.Theme) *Model {
	km := keys.Default()
	if th.ASCII {
		km = km.ASCII()
	}
	return New(th, km,
		NewInput("bucket", "S3 bucket").Help("The bucket in Account B that holds the backups.").Placeholder("acme-velero-backups").Validate(bucketName),
		NewSelect("region", "Region", regions).Help("The bucket's region; type to filter.").Default("us-east-2").Rows(4),
		NewToggle("pathStyle", "Force S3 path style").Help("For S3-compatible stores (MinIO) that do not serve virtual-host-style URLs."),
		NewInput("caCert", "CA certificate").Help("Only for an S3 endpoint with a private CA.").Placeholder("paste the PEM").Validate(pemCert),
		NewInput("apiKey", "Palette API key").Help("Input is hidden. Paste with your terminal.").Masked().Validate(apiKey),
	)
}

// send runs msgs through m, executing the commands they return, and
// collects the messages they make.
func send(t *testing.T, m *Model, msgs ...tea.Msg) []tea.Msg {
	t.Helper()
	var out []tea.Msg
	var run func(cmd tea.Cmd)
	run = func(cmd tea.Cmd) {
		if cmd == nil {
			return
		}
		switch msg := cmd().(type) {
		case nil:
		case tea.BatchMsg:
			for _, c := range msg {
				run(c)
			}
		default:
			out = append(out, msg)
		}
	}
	for _, msg := range msgs {
		run(m.Update(msg))
	}
	return out
}

func typeText(t *testing.T, m *Model, s string) []tea.Msg {
	t.Helper()
	return send(t, m, uitest.Type(s)...)
}

var (
	tab      = uitest.Key(tea.KeyTab)
	shiftTab = uitest.Shift(tea.KeyTab)
	enter    = uitest.Key(tea.KeyEnter)
	up       = uitest.Key(tea.KeyUp)
	down     = uitest.Key(tea.KeyDown)
	space    = tea.KeyPressMsg{Code: tea.KeySpace, Text: " "}
)

func submitted(msgs []tea.Msg) *SubmittedMsg {
	for _, m := range msgs {
		if s, ok := m.(SubmittedMsg); ok {
			return &s
		}
	}
	return nil
}

func TestTypingChangesValueAndReports(t *testing.T) {
	m := newTestForm(theme.New(true, true))
	msgs := typeText(t, m, "acme")
	if got := m.Value("bucket"); got != "acme" {
		t.Fatalf("bucket = %q", got)
	}
	if len(msgs) != 4 {
		t.Fatalf("want one ChangedMsg per key, got %v", msgs)
	}
	if c, ok := msgs[3].(ChangedMsg); !ok || c.Key != "bucket" || c.Value != "acme" {
		t.Errorf("last message = %#v", msgs[3])
	}
	// Moving the cursor changes nothing and reports nothing.
	if msgs := send(t, m, uitest.Key(tea.KeyLeft)); len(msgs) != 0 {
		t.Errorf("cursor movement reported %v", msgs)
	}
}

func TestBracketedPasteWorksEverywhere(t *testing.T) {
	m := newTestForm(theme.New(true, true))
	send(t, m, tea.PasteMsg{Content: "acme-velero-backups"})
	if got := m.Value("bucket"); got != "acme-velero-backups" {
		t.Errorf("paste into input: bucket = %q", got)
	}
	send(t, m, tab, tea.PasteMsg{Content: "eu-central"})
	if got := m.Value("region"); got != "eu-central-1" {
		t.Errorf("paste into the region filter: region = %q", got)
	}
	send(t, m, tab, tab, tea.PasteMsg{Content: "/etc/ssl/minio-ca.pem"})
	if got := m.Value("caCert"); got != "/etc/ssl/minio-ca.pem" {
		t.Errorf("paste a path: caCert = %q", got)
	}
	send(t, m, tab, tea.PasteMsg{Content: "s3cr3t-api-key-0123"})
	if got := m.Value("apiKey"); got != "s3cr3t-api-key-0123" {
		t.Errorf("paste into masked input: apiKey = %q", got)
	}
	if strings.Contains(m.View(), "s3cr3t") {
		t.Error("masked key visible on screen after paste")
	}
}

func TestCtrlVDoesNotRunAClipboardTool(t *testing.T) {
	m := newTestForm(theme.New(true, true))
	if cmd := m.Update(uitest.Ctrl('v')); cmd != nil {
		t.Fatalf("ctrl+v returned a command (%T); it would shell out to a clipboard tool", cmd())
	}
	for _, f := range m.fields {
		switch f := f.(type) {
		case *Input:
			if f.ti.KeyMap.Paste.Enabled() {
				t.Errorf("%s: textinput ctrl+v binding still enabled", f.Key())
			}
		case *Select:
			if f.filter.KeyMap.Paste.Enabled() {
				t.Errorf("%s: textinput ctrl+v binding still enabled", f.Key())
			}
		}
	}
	if !strings.Contains(uitest.Plain(m.View()), "paste with your terminal") {
		t.Errorf("ctrl+v should say how to paste:\n%s", uitest.Plain(m.View()))
	}
	send(t, m, uitest.Key('a'))
	if strings.Contains(uitest.Plain(m.View()), "paste with your terminal") {
		t.Error("the paste hint should go away on the next key")
	}
}

func TestNavigation(t *testing.T) {
	m := newTestForm(theme.New(true, true))
	order := func() string { return m.Focused().Key() }
	steps := []struct {
		msg  tea.Msg
		want string
	}{
		{tab, "region"},
		{down, "pathStyle"}, // ↓ on a closed picker moves on, like on any field
		{up, "region"},
		{tab, "pathStyle"},
		{down, "caCert"},
		{up, "pathStyle"},
		{enter, "caCert"},
		{enter, "apiKey"},
		{tab, "bucket"}, // wraps
		{shiftTab, "apiKey"},
		{shiftTab, "caCert"},
	}
	for i, s := range steps {
		send(t, m, s.msg)
		if got := order(); got != s.want {
			t.Fatalf("step %d (%v): focus on %q, want %q", i, s.msg, got, s.want)
		}
	}
	if got := m.Value("region"); got != "us-east-2" {
		t.Errorf("arrowing through the fields changed the region to %q", got)
	}
	if !m.InputFocused() {
		t.Error("a file path field takes text")
	}
	send(t, m, shiftTab)
	if m.InputFocused() {
		t.Error("a toggle does not take text")
	}
}

func TestEnterOnLastFieldSubmitsOnlyWhenValid(t *testing.T) {
	m := newTestForm(theme.New(true, true))
	typeText(t, m, "My_Bucket")
	send(t, m, tab, tab, tab, tab)
	typeText(t, m, "short")
	if s := submitted(send(t, m, enter)); s != nil {
		t.Fatalf("submitted with invalid fields: %v", s)
	}
	if got := m.Focused().Key(); got != "bucket" {
		t.Errorf("focus went to %q, want the first invalid field", got)
	}
	view := uitest.Plain(m.View())
	for _, want := range []string{`bucket name "My_Bucket": uppercase letters are not allowed`, "an API key has at least 8 characters"} {
		if !strings.Contains(strings.Join(strings.Fields(view), " "), want) {
			t.Errorf("view does not name the rule %q:\n%s", want, view)
		}
	}

	// Fix both; enter on the last field now submits.
	send(t, m, uitest.Ctrl('u'))
	typeText(t, m, "acme-velero-backups")
	send(t, m, shiftTab)
	typeText(t, m, "-and-more")
	s := submitted(send(t, m, enter))
	if s == nil {
		t.Fatalf("valid form did not submit:\n%s", uitest.Plain(m.View()))
	}
	want := map[string]string{"bucket": "acme-velero-backups", "region": "us-east-2", "pathStyle": "false", "caCert": "", "apiKey": "short-and-more"}
	for k, v := range want {
		if s.Values[k] != v {
			t.Errorf("Values[%s] = %q, want %q", k, s.Values[k], v)
		}
	}
	for _, out := range []string{s.String(), fmt.Sprintf("%v", *s), fmt.Sprintf("%#v", *s), fmt.Sprint(ChangedMsg{Key: "apiKey", Value: "short-and-more", Masked: true})} {
		if strings.Contains(out, "short-and-more") {
			t.Errorf("secret printed: %s", out)
		}
	}
}

func TestEnterOnEarlierFieldMovesOn(t *testing.T) {
	m := newTestForm(theme.New(true, true))
	typeText(t, m, "acme-velero-backups")
	if s := submitted(send(t, m, enter)); s != nil {
		t.Fatal("enter on the first field submitted the form")
	}
	if m.Focused().Key() != "region" {
		t.Errorf("focus on %q after enter", m.Focused().Key())
	}
}

func TestErrorsShowOnceLeft(t *testing.T) {
	m := newTestForm(theme.New(true, true))
	typeText(t, m, "AB")
	if strings.Contains(uitest.Plain(m.View()), "uppercase") {
		t.Error("error shown while the user is still typing the first time")
	}
	send(t, m, tab, shiftTab)
	if !strings.Contains(uitest.Plain(m.View()), "uppercase letters are not allowed") {
		t.Errorf("error not shown after leaving the field:\n%s", uitest.Plain(m.View()))
	}
}

func TestMaskedFieldNeverShowsTheSecret(t *testing.T) {
	m := newTestForm(theme.New(true, true))
	m.FocusKey("apiKey")
	typeText(t, m, "abc")
	send(t, m, shiftTab, tab) // touch it
	view := uitest.Plain(m.View())
	if strings.Contains(view, "abc") {
		t.Fatalf("secret on screen:\n%s", view)
	}
	if !strings.Contains(view, "•••") || !strings.Contains(view, `API key "[redacted]"`) {
		t.Errorf("want mask glyphs and a redacted error:\n%s", view)
	}
}

func TestToggle(t *testing.T) {
	m := newTestForm(theme.New(true, true))
	m.FocusKey("pathStyle")
	send(t, m, space)
	if m.Value("pathStyle") != "true" {
		t.Fatal("space did not set the toggle")
	}
	msgs := send(t, m, uitest.Key('x'))
	if m.Value("pathStyle") != "false" {
		t.Fatal("x did not clear the toggle")
	}
	if len(msgs) != 1 {
		t.Errorf("toggling should report one change, got %v", msgs)
	}
}

func TestSelectFiltersAndChooses(t *testing.T) {
	m := newTestForm(theme.New(true, true))
	m.FocusKey("region")
	sel := m.Field("region").(*Select)

	typeText(t, m, "eu")
	if got := m.Value("region"); got != "eu-west-1" {
		t.Errorf("after typing eu, region = %q", got)
	}
	send(t, m, down)
	if got := m.Value("region"); got != "eu-central-1" {
		t.Errorf("after ↓, region = %q", got)
	}
	send(t, m, down, down, down)
	if got := m.Value("region"); got != "eu-central-1" {
		t.Errorf("↓ past the last match moved to %q", got)
	}

	send(t, m, uitest.Ctrl('u'))
	typeText(t, m, "ohio")
	if got := m.Value("region"); got != "us-east-2" {
		t.Errorf("label match: region = %q", got)
	}

	send(t, m, uitest.Ctrl('u'))
	typeText(t, m, "gov")
	if got := m.Value("region"); got != "us-gov-west-1" {
		t.Errorf("group/label match: region = %q", got)
	}

	send(t, m, uitest.Ctrl('u'))
	typeText(t, m, "mars")
	view := uitest.Plain(m.View())
	if !strings.Contains(view, `no match for "mars": nothing is chosen`) {
		t.Errorf("no-match note missing:\n%s", view)
	}
	if sel.Err() == nil {
		t.Errorf("a filter with no match left the field valid (value %q)", m.Value("region"))
	}

	send(t, m, uitest.Ctrl('u'))
	typeText(t, m, "gov")
	send(t, m, tab)
	if sel.Filter() != "" {
		t.Error("the filter should clear when the picker loses focus")
	}
	if !strings.Contains(uitest.Plain(m.View()), "us-gov-west-1 — AWS GovCloud (US-West)") {
		t.Errorf("blurred picker should show the choice:\n%s", uitest.Plain(m.View()))
	}
}

// TestEnterOnAFilterThatMatchesNothingChoosesNothing: typing us-east-9
// once fell back on us-east-1, the last partial match. Enter now stays on
// the field, which is invalid and says why; tab leaves it invalid, submit
// is refused, and esc (or a real choice) puts it right.
func TestEnterOnAFilterThatMatchesNothingChoosesNothing(t *testing.T) {
	m := newTestForm(theme.New(true, true))
	m.FocusKey("region")
	sel := m.Field("region").(*Select)
	typeText(t, m, "us-east-9")
	send(t, m, enter)
	if got := m.Focused().Key(); got != "region" {
		t.Fatalf("enter on a filter that matches nothing moved on to %q", got)
	}
	if sel.Err() == nil || !strings.Contains(sel.Err().Error(), `"us-east-9" is not one of the 8 options`) {
		t.Fatalf("the field is not invalid: %v (value %q)", sel.Err(), m.Value("region"))
	}
	if view := uitest.Plain(m.View()); !strings.Contains(view, `"us-east-9" is not one of the 8 options`) {
		t.Errorf("the rule is not shown in place:\n%s", view)
	}
	send(t, m, tab)
	if sel.Err() == nil || m.Valid() {
		t.Fatal("leaving the field made it valid")
	}
	if view := uitest.Plain(m.View()); !strings.Contains(view, `"us-east-9" matches no option`) {
		t.Errorf("the blurred field does not say nothing is chosen:\n%s", view)
	}
	for range 8 {
		for _, msg := range send(t, m, enter) {
			if _, ok := msg.(SubmittedMsg); ok {
				t.Fatal("a form with an unresolved picker submitted")
			}
		}
	}
	m.FocusKey("region")
	typeText(t, m, "us-east-2")
	if sel.Err() != nil || m.Value("region") != "us-east-2" {
		t.Errorf("an exact value did not resolve it: %v, %q", sel.Err(), m.Value("region"))
	}
}

// TestClosedPickerKeepsItsChoice: ↑/↓ never change a picker the user has
// not opened; space or typing opens it, ↑/↓ then choose, esc puts the
// earlier choice back, and tab or enter keep what is highlighted.
func TestClosedPickerKeepsItsChoice(t *testing.T) {
	m := newTestForm(theme.New(true, true))
	sel := m.Field("region").(*Select)
	send(t, m, tab) // onto the region
	for _, k := range []tea.Msg{down, up, up, down, down, up} {
		if msgs := send(t, m, k); len(msgs) != 0 {
			t.Fatalf("%v reported a change: %v", k, msgs)
		}
	}
	if got := m.Value("region"); got != "us-east-2" || sel.IsOpen() {
		t.Fatalf("arrows changed a closed picker: region %q, open %v", got, sel.IsOpen())
	}
	if got := m.Focused().Key(); got != "region" {
		t.Fatalf("focus on %q, want region", got)
	}
	view := uitest.Plain(m.View())
	if !strings.Contains(view, "> us-east-2 — US East (Ohio)") || !strings.Contains(view, "space or type to choose (8 options)") {
		t.Errorf("a closed picker shows its choice and how to change it:\n%s", view)
	}

	// space opens the list; ↓ chooses; esc puts us-east-2 back.
	send(t, m, space)
	if !sel.IsOpen() {
		t.Fatal("space did not open the list")
	}
	send(t, m, down)
	if got := m.Value("region"); got != "us-west-2" {
		t.Errorf("↓ in the open list: region %q", got)
	}
	if msgs := send(t, m, uitest.Key(tea.KeyEscape)); len(msgs) != 1 || m.Value("region") != "us-east-2" || sel.IsOpen() {
		t.Errorf("esc: region %q, open %v, msgs %v", m.Value("region"), sel.IsOpen(), msgs)
	}
	send(t, m, down)
	if got := m.Focused().Key(); got != "pathStyle" || m.Value("region") != "us-east-2" {
		t.Errorf("after esc ↓ moves on: focus %q, region %q", got, m.Value("region"))
	}

	// Typing opens it filtered; enter keeps the highlight and moves on.
	send(t, m, shiftTab)
	typeText(t, m, "eu")
	send(t, m, down)
	send(t, m, enter)
	if got := m.Value("region"); got != "eu-central-1" || m.Focused().Key() != "pathStyle" || sel.IsOpen() {
		t.Errorf("after typing eu, ↓, enter: region %q, focus %q, open %v", got, m.Focused().Key(), sel.IsOpen())
	}
}

// TestClosedPickerHintWraps: the hint under a closed picker wraps in a
// narrow form (the 44 columns beside the panel) rather than being cut.
func TestClosedPickerHintWraps(t *testing.T) {
	for _, w := range []int{44, 30} {
		m := newTestForm(theme.New(true, true))
		m.SetSize(w, 20)
		m.FocusKey("region")
		view := uitest.Plain(m.View())
		uitest.RequireFits(t, m.View(), w, 20)
		if !strings.Contains(flat(view), "space or type to choose (8 options)") {
			t.Errorf("width %d: the hint is cut:\n%s", w, view)
		}
	}
}

// TestNarrowPickerDropsTheGroupColumn: when the group does not fit beside
// value and label, it is left out rather than cut to "· …".
func TestNarrowPickerDropsTheGroupColumn(t *testing.T) {
	m := newTestForm(theme.New(true, true))
	m.SetSize(44, 20)
	m.FocusKey("region")
	typeText(t, m, "us-gov")
	view := uitest.Plain(m.View())
	if strings.Contains(view, "· …") || strings.Contains(view, "aws-us-gov") || !strings.Contains(view, "us-gov-east-1  AWS GovCloud (US-East)") {
		t.Errorf("at 44 columns:\n%s", view)
	}
	m.SetSize(80, 20)
	if view := uitest.Plain(m.View()); !strings.Contains(view, "· aws-us-gov") {
		t.Errorf("at 80 columns the group shows:\n%s", view)
	}
}

func TestSelectRanking(t *testing.T) {
	s := NewSelect("r", "Region", regions)
	s.setup(theme.New(true, true), keys.Default())
	s.focus()
	for _, tt := range []struct{ q, first string }{
		{"us-east-2", "us-east-2"},
		{"us-gov", "us-gov-west-1"},
		{"frank", "eu-central-1"},
		{"sydney", "ap-southeast-2"},
		{"aws-us-gov", "us-gov-west-1"},
		{"EU-WEST", "eu-west-1"},
	} {
		s.filter.SetValue(tt.q)
		s.refilter()
		if len(s.matches) == 0 || s.options[s.matches[0]].Value != tt.first {
			t.Errorf("filter %q: first match %v, want %s", tt.q, s.matches, tt.first)
		}
	}
}

func TestSetErrorShowsUntilChanged(t *testing.T) {
	m := newTestForm(theme.New(true, true))
	typeText(t, m, "acme-velero-backups")
	m.SetError("bucket", errors.New(`bucket "acme-velero-backups": not in Account B (owned by another account)`))
	if m.Valid() || !strings.Contains(strings.Join(strings.Fields(uitest.Plain(m.View())), " "), "owned by another account") {
		t.Fatalf("external error not shown:\n%s", uitest.Plain(m.View()))
	}
	typeText(t, m, "2")
	if !m.Valid() && m.Field("bucket").Err() != nil {
		t.Errorf("external error should clear on change, got %v", m.Field("bucket").Err())
	}
}

func TestSmallHeightKeepsFocusedFieldInView(t *testing.T) {
	m := newTestForm(theme.New(true, true))
	m.SetSize(60, 8)
	for i := 0; i < 5; i++ {
		view := m.View()
		uitest.RequireFits(t, view, 60, 8)
		if !strings.Contains(uitest.Plain(view), "› "+m.Focused().Label()) {
			t.Errorf("focused field %q not in view:\n%s", m.Focused().Label(), uitest.Plain(view))
		}
		send(t, m, tab)
	}
}

// TestFocusedFieldKeepsItsErrorInView: a focused field taller than the
// form gives up its help (then list rows) before its error; the rule that
// failed is always on screen.
func TestFocusedFieldKeepsItsErrorInView(t *testing.T) {
	for _, h := range []int{3, 4, 5, 6} {
		m := newTestForm(theme.New(true, true))
		m.SetSize(40, h)
		typeText(t, m, "My_Bucket")
		send(t, m, tab, shiftTab) // leave and come back: the rule shows
		view := m.View()
		uitest.RequireFits(t, view, 40, h)
		plain := uitest.Plain(view)
		if !strings.Contains(plain, "› S3 bucket") || !strings.Contains(plain, "> My_Bucket") {
			t.Errorf("height %d: the focused field is not in view:\n%s", h, plain)
		}
		if h >= 5 && !strings.Contains(flat(plain), `bucket name "My_Bucket": uppercase letters are not allowed`) {
			t.Errorf("height %d: the rule is not in view whole:\n%s", h, plain)
		}
		if !strings.Contains(plain, "uppercase") {
			t.Errorf("height %d: the rule is not in view:\n%s", h, plain)
		}
	}
}

// TestRefusedSubmitShowsTheBadField: enter on the last field with errors
// focuses the first bad field with its rule; the form too tall for its
// blocks shows every other field on a line, the bad ones marked.
func TestRefusedSubmitShowsTheBadField(t *testing.T) {
	m := newTestForm(theme.New(true, true))
	m.SetSize(60, 8)
	typeText(t, m, "My_Bucket")
	m.FocusKey("apiKey")
	typeText(t, m, "short")
	if submitted(send(t, m, enter)) != nil {
		t.Fatal("submitted with errors")
	}
	view := m.View()
	uitest.RequireFits(t, view, 60, 8)
	plain := uitest.Plain(view)
	for _, want := range []string{"› S3 bucket", "uppercase letters are not allowed", "Palette API key: •••••", "see the rule"} {
		if !strings.Contains(flat(plain), want) {
			t.Errorf("view lacks %q:\n%s", want, plain)
		}
	}
	if strings.Contains(plain, "above") {
		t.Errorf("the form did not scroll to the top:\n%s", plain)
	}
}

// TestOpenPickerFitsASmallForm: an open list shrinks its rows to the room
// and keeps the filter and the highlight.
func TestOpenPickerFitsASmallForm(t *testing.T) {
	for _, h := range []int{3, 4, 6, 8} {
		m := newTestForm(theme.New(true, true))
		m.SetSize(60, h)
		m.FocusKey("region")
		typeText(t, m, "us")
		view := m.View()
		uitest.RequireFits(t, view, 60, h)
		plain := uitest.Plain(view)
		if !strings.Contains(plain, "› Region") || !strings.Contains(plain, "> us") || !strings.Contains(plain, "› us-east-1") {
			t.Errorf("height %d: label, filter or highlight missing:\n%s", h, plain)
		}
	}
}

func flat(s string) string { return strings.Join(strings.Fields(s), " ") }

func TestNarrowWidthsFit(t *testing.T) {
	m := newTestForm(theme.New(true, false))
	typeText(t, m, strings.Repeat("very-long-bucket-name-", 5))
	send(t, m, tab, tab, tab, tab)
	for _, w := range []int{120, 80, 60, 40, 20} {
		m.SetSize(w, 40)
		uitest.RequireFits(t, m.View(), w, 40)
	}
}

func TestHelpFollowsFocus(t *testing.T) {
	m := newTestForm(theme.New(true, true))
	helpKeys := func() string {
		var s []string
		for _, b := range m.ShortHelp() {
			s = append(s, b.Help().Key+" "+b.Help().Desc)
		}
		return strings.Join(s, ", ")
	}
	if h := helpKeys(); !strings.Contains(h, "enter next") {
		t.Errorf("first field help = %s", h)
	}
	m.FocusKey("region")
	if h := helpKeys(); !strings.Contains(h, "space/type choose") || strings.Contains(h, "↑/↓") {
		t.Errorf("closed picker help = %s", h)
	}
	send(t, m, space)
	if h := helpKeys(); !strings.Contains(h, "↑/↓ choose, esc cancel") {
		t.Errorf("open picker help = %s", h)
	}
	m.FocusKey("pathStyle")
	if h := helpKeys(); !strings.Contains(h, "space toggle") {
		t.Errorf("toggle help = %s", h)
	}
	m.FocusKey("apiKey")
	if h := helpKeys(); !strings.Contains(h, "enter submit") {
		t.Errorf("last field help = %s", h)
	}
}

func TestFormGolden(t *testing.T) {
	for _, v := range append(uitest.Variants, uitest.ASCIIVariant) {
		t.Run(v.Name, func(t *testing.T) {
			m := newTestForm(v.Theme())
			// The form takes the left side; leave room for header and footer.
			w := v.Width
			if v.Width >= 100 {
				w = v.Width - 50
			}
			m.SetSize(w, v.Height-8)
			typeText(t, m, "My_Bucket")
			m.FocusKey("apiKey")
			typeText(t, m, "abc123")
			m.FocusKey("caCert")
			send(t, m, tea.PasteMsg{Content: "/tmp/not-a-cert.txt"})
			send(t, m, enter) // enter on a non-last field: moves on
			send(t, m, enter) // submit attempt from the last field: shows every error
			m.FocusKey("region")
			typeText(t, m, "us-")
			uitest.Golden(t, v, m.View())
		})
	}
}

func TestRedact(t *testing.T) {
	err := errors.New(`API key "hunter22": too short; "hunter22" again`)
	if got := redact(err, "hunter22"); regexp.MustCompile(`hunter`).MatchString(got) {
		t.Errorf("redact left the secret: %s", got)
	}
	if got := redact(err, ""); got != err.Error() {
		t.Errorf("redact with no secret changed the text: %s", got)
	}
	if redact(nil, "x") != "" {
		t.Error("redact(nil) should be empty")
	}
}

// TestCtrlSSubmitsFromAnyField: ctrl+s submits the form from its first
// field when every field is valid, and, when one is not, focuses it with
// its rule instead.
func TestCtrlSSubmitsFromAnyField(t *testing.T) {
	m := newTestForm(theme.New(true, true))
	submitted := false
	for _, msg := range send(t, m, uitest.Ctrl('s')) {
		if _, ok := msg.(SubmittedMsg); ok {
			submitted = true
		}
	}
	if m.Valid() != submitted {
		t.Fatalf("ctrl+s on the first field: valid %v, submitted %v", m.Valid(), submitted)
	}
	m.FocusKey("region")
	typeText(t, m, "mars")
	m.FocusKey("bucket")
	for _, msg := range send(t, m, uitest.Ctrl('s')) {
		if _, ok := msg.(SubmittedMsg); ok {
			t.Fatal("ctrl+s submitted a form with a picker that matched nothing")
		}
	}
	if f := m.Focused(); f.Err() == nil || m.Field("region").Err() == nil {
		t.Errorf("ctrl+s on an invalid form focused %q (error %v), want a bad field", f.Key(), f.Err())
	}
}
