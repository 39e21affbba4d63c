// Package e2e proves bslwiz where its users run it: over a real SSH
// connection to a bastion, inside tmux, on terminals of every kind.
//
// Its test starts Debian's OpenSSH server on a loopback port with a
// throwaway host key and user key, runs the built bslwiz binary through
// `ssh -tt` inside a detached tmux session, walks the wizard to step 10,
// copies the role ARN and finds it in tmux's buffer (OSC 52). It checks that
// start-up does not wait on a terminal that never answers, and that the
// first screen is usable with TERM=xterm-256color, screen-256color, vt100
// and dumb (the accessible line mode). Without sshd, ssh or tmux the test
// skips, saying what to install; under CI=true it fails instead.
//
// The subpackages are shared with the benchmarks (bench/): ptyterm runs a
// program on a recorded pty, wizard walks the wizard's screens.
package e2e
