package e2e

import (
	"bytes"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/bslwiz/bslwiz/internal/shellquote"
	"github.com/bslwiz/bslwiz/internal/testenv"
)

// sshServer is an OpenSSH server on a loopback port, run by the test, that
// lets the current user in with a throwaway key.
type sshServer struct {
	Port    int
	User    string
	KeyFile string // the client's private key
	log     *lockedBuffer
}

// startSSHD makes a host key and a user key with ssh-keygen, writes an
// sshd_config that allows only that key, and runs sshd in the foreground
// as a child of the test, stopped at cleanup.
func startSSHD(t *testing.T) *sshServer {
	t.Helper()
	sshd := "/usr/sbin/sshd"
	if _, err := os.Stat(sshd); err != nil {
		sshd = testenv.Require(t, "sshd", "openssh-server")
	}
	keygen := testenv.Require(t, "ssh-keygen", "openssh-client")
	u, err := user.Current()
	if err != nil {
		t.Fatal(err)
	}
	// sshd refuses to start without its privilege separation directory,
	// which the package's service unit makes at boot.
	if _, err := os.Stat("/run/sshd"); err != nil {
		if err := os.MkdirAll("/run/sshd", 0o755); err != nil {
			if os.Getenv("CI") == "true" {
				t.Fatalf("sshd needs /run/sshd and it cannot be made: %v", err)
			}
			t.Skipf("sshd needs /run/sshd and it cannot be made: %v", err)
		}
	}

	dir := t.TempDir()
	s := &sshServer{User: u.Username, KeyFile: filepath.Join(dir, "user_key"), log: &lockedBuffer{}}
	hostKey := filepath.Join(dir, "host_key")
	for _, k := range []string{hostKey, s.KeyFile} {
		if out, err := exec.Command(keygen, "-q", "-t", "ed25519", "-N", "", "-C", "bslwiz-e2e", "-f", k).CombinedOutput(); err != nil {
			t.Fatalf("ssh-keygen: %v\n%s", err, out)
		}
	}
	authorized := filepath.Join(dir, "authorized_keys")
	pub, err := os.ReadFile(s.KeyFile + ".pub")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(authorized, pub, 0o600); err != nil {
		t.Fatal(err)
	}
	s.Port = freePort(t)
	config := filepath.Join(dir, "sshd_config")
	conf := fmt.Sprintf(`ListenAddress 127.0.0.1:%d
HostKey %s
PidFile none
AuthorizedKeysFile %s
AllowUsers %s
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin prohibit-password
StrictModes no
UsePAM no
PrintMotd no
PrintLastLog no
LogLevel ERROR
`, s.Port, hostKey, authorized, s.User)
	if err := os.WriteFile(config, []byte(conf), 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(sshd, "-D", "-e", "-f", config)
	cmd.Stdout, cmd.Stderr = s.log, s.log
	// If the test binary dies before its cleanup (a -timeout panic), sshd
	// goes with it.
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	if err := cmd.Start(); err != nil {
		t.Fatalf("start sshd: %v", err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		select {
		case <-exited:
		case <-time.After(5 * time.Second):
			t.Errorf("sshd (pid %d) did not stop", cmd.Process.Pid)
		}
	})
	return s
}

// waitReady runs `true` over ssh until it works: sshd listens and takes
// the key.
func (s *sshServer) waitReady(t *testing.T, ssh string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		argv := s.Command(ssh, "true")
		argv = append(argv[:1:1], argv[2:]...) // no terminal for this one
		out, err := exec.Command(argv[0], argv[1:]...).CombinedOutput()
		if err == nil {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("ssh to the test's sshd does not work after 10 s: %v\n%s\nsshd said:\n%s", err, out, s.Log())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// Command is the ssh client command line that runs remote on the server
// with a terminal (-tt), using only the throwaway key and no user
// configuration.
func (s *sshServer) Command(ssh, remote string) []string {
	return []string{ssh, "-tt", "-F", "/dev/null", "-i", s.KeyFile, "-o", "IdentitiesOnly=yes",
		"-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "BatchMode=yes",
		"-o", "LogLevel=ERROR", "-o", "ConnectTimeout=10", "-p", fmt.Sprint(s.Port), s.User + "@127.0.0.1", remote}
}

// Log is what sshd said on stderr.
func (s *sshServer) Log() string { return s.log.String() }

func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// lockedBuffer collects a child's output for failure messages.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

// shellQuote quotes s for a POSIX shell, with the repo's one quoter.
func shellQuote(s string) string { return shellquote.Quote(s) }
