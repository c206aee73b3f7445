package enclave

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
)

const (
	sealedFileMode = 0o600
	sealedDirMode  = 0o700
)

// LoadOrCreateNodeKey loads the sealed node key from path or, if the file
// does not exist, generates an ECDSA P-256 key inside the platform, seals it
// with p.Seal and writes it atomically (mode 0600; a missing directory is
// created with mode 0700). created reports whether a new key was made. A
// file that exists but does not unseal, or does not hold an ECDSA P-256 key,
// is an error: it is never silently replaced.
func LoadOrCreateNodeKey(p Platform, path string) (key *ecdsa.PrivateKey, created bool, err error) {
	der, created, err := LoadOrCreateSealed(p, path, func() ([]byte, error) {
		k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		if err != nil {
			return nil, fmt.Errorf("generate node key: %w", err)
		}
		return x509.MarshalPKCS8PrivateKey(k)
	})
	if err != nil {
		return nil, false, fmt.Errorf("node key: %w", err)
	}
	key, err = parseP256PKCS8(der)
	if err != nil {
		return nil, false, fmt.Errorf("node key %s: %w", path, err)
	}
	return key, created, nil
}

func parseP256PKCS8(der []byte) (*ecdsa.PrivateKey, error) {
	k, err := x509.ParsePKCS8PrivateKey(der)
	if err != nil {
		return nil, fmt.Errorf("parse PKCS#8 key: %w", err)
	}
	ec, ok := k.(*ecdsa.PrivateKey)
	if !ok || ec.Curve != elliptic.P256() {
		return nil, fmt.Errorf("key is %T, want ECDSA P-256", k)
	}
	return ec, nil
}

// LoadOrCreateSealed returns the unsealed content of path or, if the file
// does not exist, the result of create, which it seals and writes first.
// created reports whether create was used. If another process creates the
// file concurrently, the file that won is loaded and returned instead
// (created=false), so all callers agree on one secret.
func LoadOrCreateSealed(p Platform, path string, create func() ([]byte, error)) ([]byte, bool, error) {
	secret, err := ReadSealed(p, path)
	if err == nil {
		return secret, false, nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return nil, false, err
	}
	secret, err = create()
	if err != nil {
		return nil, false, fmt.Errorf("create %s: %w", path, err)
	}
	won, err := writeSealed(p, path, secret, false)
	if err != nil {
		return nil, false, err
	}
	if !won {
		existing, err := ReadSealed(p, path)
		return existing, false, err
	}
	return secret, true, nil
}

// WriteSealed seals secret with p and atomically replaces path with it:
// temporary file, fsync, rename, fsync of the directory. The file has mode
// 0600; a missing directory is created with mode 0700.
func WriteSealed(p Platform, path string, secret []byte) error {
	_, err := writeSealed(p, path, secret, true)
	return err
}

// ReadSealed reads and unseals path. A missing file is an error wrapping
// fs.ErrNotExist. A file readable by group or others is refused (except on
// Windows), since on the virtual platform it holds plaintext.
func ReadSealed(p Platform, path string) ([]byte, error) {
	if p == nil {
		return nil, errors.New("read sealed: platform is nil")
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("read sealed: %w", err)
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("read sealed: %w", err)
	}
	if !info.Mode().IsRegular() {
		return nil, fmt.Errorf("read sealed %s: not a regular file", path)
	}
	if runtime.GOOS != "windows" && info.Mode().Perm()&0o077 != 0 {
		return nil, fmt.Errorf("read sealed %s: mode %04o, want %04o (no group or other access)",
			path, info.Mode().Perm(), sealedFileMode)
	}
	sealed, err := io.ReadAll(f)
	if err != nil {
		return nil, fmt.Errorf("read sealed %s: %w", path, err)
	}
	secret, err := p.Unseal(sealed)
	if err != nil {
		return nil, fmt.Errorf("unseal %s: %w", path, err)
	}
	return secret, nil
}

// writeSealed writes secret sealed to path. With replace, an existing file
// is replaced (rename). Without it, an existing file is kept and won=false is
// returned: the file is published with a hard link, which fails if path
// exists. On file systems without hard links it falls back to a rename after
// checking that path is still absent, which leaves a small race.
func writeSealed(p Platform, path string, secret []byte, replace bool) (won bool, err error) {
	if p == nil {
		return false, errors.New("write sealed: platform is nil")
	}
	sealed, err := p.Seal(secret)
	if err != nil {
		return false, fmt.Errorf("seal %s: %w", path, err)
	}
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, sealedDirMode); err != nil {
		return false, fmt.Errorf("write sealed: %w", err)
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return false, fmt.Errorf("write sealed: %w", err)
	}
	tmpName := tmp.Name()
	defer func() {
		// Cleanup of the temporary name; after a rename it no longer exists.
		_ = os.Remove(tmpName)
	}()
	if err := writeAndSync(tmp, sealed); err != nil {
		return false, fmt.Errorf("write sealed %s: %w", tmpName, err)
	}
	if replace {
		if err := os.Rename(tmpName, path); err != nil {
			return false, fmt.Errorf("write sealed: %w", err)
		}
	} else if err := os.Link(tmpName, path); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return false, nil
		}
		if _, statErr := os.Lstat(path); statErr == nil {
			return false, nil
		} else if !errors.Is(statErr, fs.ErrNotExist) {
			return false, fmt.Errorf("write sealed: %w", statErr)
		}
		if err := os.Rename(tmpName, path); err != nil {
			return false, fmt.Errorf("write sealed: %w", err)
		}
	}
	if err := syncDir(dir); err != nil {
		return false, fmt.Errorf("write sealed: sync directory %s: %w", dir, err)
	}
	return true, nil
}

func writeAndSync(f *os.File, data []byte) error {
	if err := f.Chmod(sealedFileMode); err != nil {
		f.Close()
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func syncDir(dir string) error {
	if runtime.GOOS == "windows" {
		return nil // directories cannot be opened for sync on Windows
	}
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}
