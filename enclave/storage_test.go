package enclave

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"testing"
	"time"
)

func TestLoadOrCreateNodeKey(t *testing.T) {
	p := openVirtualT(t)
	dir := filepath.Join(t.TempDir(), "state")
	path := filepath.Join(dir, "node.key")

	key, created, err := LoadOrCreateNodeKey(p, path)
	if err != nil {
		t.Fatalf("first call: %v", err)
	}
	if !created || key == nil {
		t.Fatalf("first call: created=%v key=%v, want a new key", created, key)
	}
	assertMode(t, path, 0o600)
	assertMode(t, dir, 0o700)

	again, created, err := LoadOrCreateNodeKey(p, path)
	if err != nil {
		t.Fatalf("second call: %v", err)
	}
	if created {
		t.Error("second call: created=true, want the stored key loaded")
	}
	if !again.Equal(key) {
		t.Error("second call returned a different key")
	}
}

func assertMode(t *testing.T, path string, want fs.FileMode) {
	t.Helper()
	if runtime.GOOS == "windows" {
		return
	}
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := info.Mode().Perm(); got != want {
		t.Errorf("%s: mode %04o, want %04o", path, got, want)
	}
}

func TestLoadOrCreateNodeKeyNeverReplacesBadFile(t *testing.T) {
	p := openVirtualT(t)
	notAKey, err := p.Seal([]byte("not a PKCS#8 key"))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		content []byte
		unseal  bool // the error must wrap ErrUnseal
	}{
		{"garbage", []byte("garbage that is not sealed"), true},
		{"corrupted envelope", func() []byte { b := bytes.Clone(notAKey); b[len(b)-1] ^= 1; return b }(), true},
		{"sealed but not a key", notAKey, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "node.key")
			if err := os.WriteFile(path, tt.content, 0o600); err != nil {
				t.Fatal(err)
			}
			key, created, err := LoadOrCreateNodeKey(p, path)
			if err == nil || key != nil || created {
				t.Fatalf("LoadOrCreateNodeKey = %v, %v, %v; want error", key, created, err)
			}
			if errors.Is(err, ErrUnseal) != tt.unseal {
				t.Errorf("error %v: wraps ErrUnseal=%v, want %v", err, !tt.unseal, tt.unseal)
			}
			got, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, tt.content) {
				t.Error("file was modified")
			}
		})
	}
}

func TestReadSealedRefusesOpenPermissions(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("file modes are not enforced on Windows")
	}
	p := openVirtualT(t)
	path := filepath.Join(t.TempDir(), "secret")
	if err := WriteSealed(p, path, []byte("s")); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadSealed(p, path); err == nil {
		t.Error("ReadSealed accepted a world-readable file")
	}
	if _, _, err := LoadOrCreateNodeKey(p, path); err == nil {
		t.Error("LoadOrCreateNodeKey accepted a world-readable file")
	}
}

func TestWriteSealedReplacesAtomically(t *testing.T) {
	p := openVirtualT(t)
	dir := t.TempDir()
	path := filepath.Join(dir, "secret")
	for _, v := range []string{"one", "two"} {
		if err := WriteSealed(p, path, []byte(v)); err != nil {
			t.Fatal(err)
		}
		got, err := ReadSealed(p, path)
		if err != nil || string(got) != v {
			t.Fatalf("ReadSealed = %q, %v; want %q", got, err, v)
		}
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 {
		t.Errorf("directory holds %d entries, want only the sealed file (temporary files left behind?)", len(entries))
	}
	if _, err := ReadSealed(p, filepath.Join(dir, "missing")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("ReadSealed(missing) = %v, want fs.ErrNotExist", err)
	}
}

func TestLoadOrCreateSealed(t *testing.T) {
	p := openVirtualT(t)
	path := filepath.Join(t.TempDir(), "secret")

	boom := errors.New("boom")
	if _, _, err := LoadOrCreateSealed(p, path, func() ([]byte, error) { return nil, boom }); !errors.Is(err, boom) {
		t.Fatalf("create error: %v, want boom", err)
	}
	if _, err := os.Stat(path); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("file exists after failed create: %v", err)
	}

	got, created, err := LoadOrCreateSealed(p, path, func() ([]byte, error) { return []byte("first"), nil })
	if err != nil || !created || string(got) != "first" {
		t.Fatalf("create: %q, %v, %v", got, created, err)
	}
	got, created, err = LoadOrCreateSealed(p, path, func() ([]byte, error) {
		t.Error("create called although the file exists")
		return []byte("second"), nil
	})
	if err != nil || created || string(got) != "first" {
		t.Fatalf("load: %q, %v, %v", got, created, err)
	}
}

func TestLoadOrCreateSealedConcurrentCallersAgree(t *testing.T) {
	p := openVirtualT(t)
	path := filepath.Join(t.TempDir(), "secret")
	const n = 16
	var (
		wg      sync.WaitGroup
		results [n][]byte
		creates [n]bool
		errs    [n]error
		start   = make(chan struct{})
	)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			results[i], creates[i], errs[i] = LoadOrCreateSealed(p, path, func() ([]byte, error) {
				// Widen the window in which several callers find no file.
				time.Sleep(10 * time.Millisecond)
				return []byte{byte(i)}, nil
			})
		}()
	}
	close(start)
	wg.Wait()
	createdCount := 0
	for i := range n {
		if errs[i] != nil {
			t.Fatalf("caller %d: %v", i, errs[i])
		}
		if !bytes.Equal(results[i], results[0]) {
			t.Errorf("caller %d got %x, caller 0 got %x", i, results[i], results[0])
		}
		if creates[i] {
			createdCount++
		}
	}
	if createdCount != 1 {
		t.Errorf("%d callers report created=true, want exactly 1", createdCount)
	}
}
