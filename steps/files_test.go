package steps

import (
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// TestFilesThatAreNotRegularAreRefused: a journal, a CA bundle or a key file that is
// /dev/zero or a FIFO is refused at once, never read until memory runs out or waited on.
func TestFilesThatAreNotRegularAreRefused(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("no FIFO: %v", err)
	}
	fieldCheck := func(key string) func(string) error {
		return func(path string) error {
			for _, f := range Fields() {
				if f.Key == key {
					var p Plan
					if err := f.Set(&p, path); err != nil {
						return err
					}
					_, err := f.Check(&p)
					return err
				}
			}
			t.Fatalf("no field %s", key)
			return nil
		}
	}
	readers := map[string]func(string) error{
		"LoadJournal":         func(path string) error { _, err := LoadJournal(path); return err },
		"CACertPEM":           func(path string) error { _, err := CACertPEM(path); return err },
		"paletteCAFile field": fieldCheck("paletteCAFile"),
		"apiKeyFile field":    fieldCheck("apiKeyFile"),
	}
	for name, read := range readers {
		for what, path := range map[string]string{"FIFO": fifo, "dev-zero": "/dev/zero"} {
			t.Run(name+"/"+what, func(t *testing.T) {
				done := make(chan error, 1)
				go func() { done <- read(path) }()
				select {
				case err := <-done:
					if err == nil {
						t.Fatalf("%s(%s) = nil, want a refusal", name, path)
					}
				case <-time.After(10 * time.Second):
					t.Fatalf("%s(%s) hangs", name, path)
				}
			})
		}
	}
}
