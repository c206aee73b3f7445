package ethereum

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// FindGeth looks at --geth, then $COCO_GETH, then PATH, then the cache
// itest/geth/build.sh fills.
func TestFindGeth(t *testing.T) {
	dir := t.TempDir()
	exe := func(path string) string {
		t.Helper()
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte("#!/bin/sh\n"), 0o755); err != nil {
			t.Fatal(err)
		}
		return path
	}
	t.Setenv("PATH", filepath.Join(dir, "empty"))
	t.Setenv("COCO_GETH", "")
	t.Setenv("COCO_CACHE", filepath.Join(dir, "cache"))
	if _, err := FindGeth(""); !errors.Is(err, ErrNoGeth) {
		t.Fatalf("nothing installed: %v", err)
	}
	cached := exe(filepath.Join(dir, "cache", "geth-v1.17.8", "bin", "geth"))
	if got, err := FindGeth(""); err != nil || got != cached {
		t.Fatalf("cache: %q %v", got, err)
	}
	onPath := exe(filepath.Join(dir, "path", "geth"))
	t.Setenv("PATH", filepath.Dir(onPath))
	if got, err := FindGeth(""); err != nil || got != onPath {
		t.Fatalf("PATH: %q %v", got, err)
	}
	env := exe(filepath.Join(dir, "env", "geth"))
	t.Setenv("COCO_GETH", env)
	if got, err := FindGeth(""); err != nil || got != env {
		t.Fatalf("COCO_GETH: %q %v", got, err)
	}
	flag := exe(filepath.Join(dir, "flag", "geth"))
	if got, err := FindGeth(flag); err != nil || got != flag {
		t.Fatalf("--geth: %q %v", got, err)
	}
	if _, err := FindGeth(filepath.Join(dir, "missing")); err == nil || errors.Is(err, ErrNoGeth) {
		t.Fatalf("--geth naming nothing: %v", err)
	}
}
