// Package ui is the interactive face of bslwiz: a Bubble Tea v2 program that
// walks the 13 steps of the guide through the steps engine, one screen per
// step (glow's pattern: the root model is a state machine over the steps).
//
// A step's screen shows the guide's words, a form built from the step's
// fields (the steps field table) and the live validation panel; enter previews
// the step as a task, the preview shows what was found and, for a step that
// changes something, the exact calls with their account, and nothing changes
// until the user confirms. The header says who the user is (Palette endpoint
// and project, AWS caller), the step list where they are.
//
// Run picks the full-screen program or, with Options.Accessible or
// TERM=dumb, plain line prompts through the same steps. Either way ctrl+c
// and a hang-up (SIGHUP, a dropped SSH session) save the journal, and Run
// returns an error that wraps context.Canceled.
//
// The reusable pieces (header, step list, form, validation panel, task,
// confirm, diff view, clipboard) live in ui/components/* and ui/clipboard;
// this package maps the steps engine onto them.
package ui
