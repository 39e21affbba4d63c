package ui

import (
	"context"
	"regexp"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/bslwiz/bslwiz/steps"
	"github.com/bslwiz/bslwiz/ui/components"
)

// mfaAsk is one request for an MFA code from the goroutine signing in to
// Account B, and where its answer goes.
type mfaAsk struct {
	req   steps.MFARequest
	reply chan mfaReply // buffered: the model never blocks on it
}

type mfaReply struct {
	code string
	err  error
}

// mfaRequestMsg hands a request to the model.
type mfaRequestMsg struct{ ask *mfaAsk }

// mfaPrompt is the MFA code prompt on screen, over whatever phase the step
// is in: the SDK asks when it signs in, from a task or a refresh.
type mfaPrompt struct {
	ask   *mfaAsk
	input textinput.Model
	err   string // why enter was refused; never the code
}

// mfaCodePattern is what an MFA device shows: six digits (STS's TokenCode).
var mfaCodePattern = regexp.MustCompile(`^[0-9]{6}$`)

// mfaAsker is the session's MFA prompt for a model serving asks
// (listenMFA): it hands the request over and waits for the answer, or for
// the program's end (done). The model takes one request at a time, so
// concurrent sign-ins wait their turn at the hand-over.
func mfaAsker(asks chan<- *mfaAsk, done <-chan struct{}) steps.MFAPrompt {
	return func(ctx context.Context, r steps.MFARequest) (string, error) {
		a := &mfaAsk{req: r, reply: make(chan mfaReply, 1)}
		select {
		case asks <- a:
		case <-ctx.Done():
			return "", ctx.Err()
		case <-done:
			return "", steps.ErrMFACancelled
		}
		select {
		case rep := <-a.reply:
			return rep.code, rep.err
		case <-done:
			return "", steps.ErrMFACancelled
		}
	}
}

// listenMFA waits for the next MFA request. The model runs it at the start
// and again after each answer.
func listenMFA(asks <-chan *mfaAsk, done <-chan struct{}) tea.Cmd {
	return func() tea.Msg {
		select {
		case a := <-asks:
			return mfaRequestMsg{a}
		case <-done:
			return nil
		}
	}
}

// serveMFA makes the model the session's MFA prompt.
func (m *Model) serveMFA() {
	m.mfaAsks = make(chan *mfaAsk)
	m.s.SetMFAPrompt(mfaAsker(m.mfaAsks, m.ctx.Done()))
}

// mfaKeys are the prompt's bindings, for the footer.
func (m *Model) mfaKeys() bindings {
	return bindings{
		key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "sign in with the code")),
		key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel the sign-in")),
		m.km.Quit,
	}
}

// updateMFA handles a request, and the keys and pastes while the prompt is
// up; handled is false for what the rest of the model handles (ctrl+c,
// task results, ticks).
func (m *Model) updateMFA(msg tea.Msg) (cmd tea.Cmd, handled bool) {
	if r, ok := msg.(mfaRequestMsg); ok {
		in := textinput.New()
		in.Prompt = "> "
		in.KeyMap.Paste.SetEnabled(false) // the terminal's paste still arrives as tea.PasteMsg
		in.EchoMode = textinput.EchoPassword
		in.EchoCharacter = m.th.Glyphs.Mask
		in.CharLimit = 6
		in.SetWidth(12)
		in.SetStyles(m.th.TextInput())
		m.mfa = &mfaPrompt{ask: r.ask, input: in}
		return m.mfa.input.Focus(), true
	}
	if m.mfa == nil {
		return nil, false
	}
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		switch {
		case key.Matches(msg, m.km.Quit):
			return nil, false
		case msg.Code == tea.KeyEscape:
			m.notice = "No MFA code given: the sign-in stops. Press r to try again."
			return m.answerMFA(mfaReply{err: steps.ErrMFACancelled}), true
		case msg.Code == tea.KeyEnter:
			code := strings.TrimSpace(m.mfa.input.Value())
			if !mfaCodePattern.MatchString(code) {
				m.mfa.err = "The code is the 6 digits your MFA device shows."
				return nil, true
			}
			return m.answerMFA(mfaReply{code: code}), true
		}
	case tea.PasteMsg:
	default:
		return nil, false
	}
	m.mfa.err = ""
	m.mfa.input, cmd = m.mfa.input.Update(msg)
	return cmd, true
}

// answerMFA sends the answer, clears the prompt (the code with it), and
// waits for the next request.
func (m *Model) answerMFA(r mfaReply) tea.Cmd {
	m.mfa.ask.reply <- r
	m.mfa = nil
	return listenMFA(m.mfaAsks, m.ctx.Done())
}

// mfaLines is the prompt: the device named, the masked field, and why the
// last code was not taken.
func (m *Model) mfaLines(width int) []string {
	th, p := m.th, m.mfa
	var out []string
	text := func(style func(...string) string, s string) {
		for _, l := range components.Wrap(s, width) {
			out = append(out, style(l))
		}
	}
	text(th.Title.Render, "Account B sign-in needs an MFA code")
	if p.ask.req.Refused {
		text(th.Warning.Render, th.Glyphs.Warn+" STS refused that code: enter the next one.")
	}
	who := "The profile"
	if p.ask.req.Profile != "" {
		who = "Profile " + p.ask.req.Profile
	}
	text(th.Text.Render, who+" assumes its role with MFA device "+p.ask.req.Serial+".")
	out = append(out, "")
	text(th.Text.Render, "Enter the 6-digit code from your MFA device:")
	out = append(out, p.input.View())
	if p.err != "" {
		text(th.Danger.Render, th.Glyphs.RuleTrail+" "+p.err)
	}
	text(th.Muted.Render, "It goes to STS once: never shown, logged or kept.")
	return out
}
