package boundedfile

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"syscall"
	"testing"
	"time"
)

func TestRead(t *testing.T) {
	dir := t.TempDir()
	small := filepath.Join(dir, "small")
	os.WriteFile(small, []byte("0123456789"), 0o600)
	fifo := filepath.Join(dir, "fifo")
	if runtime.GOOS != "windows" {
		if err := syscall.Mkfifo(fifo, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		name, path string
		limit      int64
		want       string
		err        error
	}{
		{"a small file", small, 10, "0123456789", nil},
		{"one byte over", small, 9, "", ErrTooLarge},
		{"/dev/zero", "/dev/zero", 1 << 20, "", ErrNotRegular},
		{"a FIFO with no writer", fifo, 1 << 20, "", ErrNotRegular},
		{"a directory", dir, 1 << 20, "", ErrNotRegular},
		{"missing", filepath.Join(dir, "nope"), 10, "", os.ErrNotExist},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if runtime.GOOS == "windows" && tt.path == fifo {
				t.Skip("no FIFOs")
			}
			done := make(chan struct{})
			var got []byte
			var err error
			go func() { got, err = Read(tt.path, tt.limit); close(done) }()
			select {
			case <-done:
			case <-time.After(10 * time.Second):
				t.Fatal("Read hangs")
			}
			if tt.err != nil {
				if !errors.Is(err, tt.err) {
					t.Fatalf("Read = %q, %v; want %v", got, err, tt.err)
				}
				return
			}
			if err != nil || string(got) != tt.want {
				t.Fatalf("Read = %q, %v; want %q", got, err, tt.want)
			}
		})
	}
}
