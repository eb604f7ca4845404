//go:build unix

package fake

import (
	"errors"
	"fmt"
	"os"
	"syscall"
)

// lockState takes an exclusive lock on the state file at path, held
// through a file beside it (path + ".lock": the state file itself is
// replaced on every write, and a lock on the old one would not carry
// over). It fails at once when another fake, in this process or another,
// holds it. The lock ends with release, or when the process ends; the
// lock file stays (removing it would let two fakes lock two files), unless
// discard says the state was not one the fake could use and this call
// made the lock file.
//
// check, called before each write of the state, says whether the lock
// still holds the file: a lock file removed while the fake runs (a cleanup
// of *.lock) would let a second fake lock a new one and start on the same
// state. When it was removed or replaced, the lock is taken again on the
// file now at its name; when another fake holds that one, check fails and
// the state is not written, so that the other fake's changes are not
// overwritten.
func lockState(path string) (release func(discard bool), check func() error, err error) {
	name := path + ".lock"
	_, statErr := os.Stat(name)
	made := errors.Is(statErr, os.ErrNotExist)
	f, err := lockFile(name)
	if err != nil {
		return nil, nil, err
	}
	// The file itself is locked too, by its inode: another name for it (a
	// hard link) has another lock file beside it, but the same inode. The
	// descriptor is kept for the fake's life. (A file with more than one
	// name is refused, see oneName; this lock holds while the check is made.)
	state, err := os.Open(path)
	switch {
	case errors.Is(err, os.ErrNotExist): // made by this fake; no other name for it yet
	case err != nil:
		_ = f.Close()
		return nil, nil, fmt.Errorf("cannot open %s: %w", path, err)
	default:
		if err := syscall.Flock(int(state.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
			_ = state.Close()
			_ = f.Close()
			if errors.Is(err, syscall.EWOULDBLOCK) {
				return nil, nil, fmt.Errorf("%w through another name for the file (a hard link)", errStateInUse)
			}
			return nil, nil, fmt.Errorf("cannot lock %s: %w", path, err)
		}
	}
	check = func() error {
		if sameFile(f, name) {
			return nil
		}
		g, err := lockFile(name)
		if err != nil {
			return fmt.Errorf("its lock file %s was removed or replaced while this fake ran, and cannot be taken again (%w): not written, so as not to overwrite another fake's changes", name, err)
		}
		_ = f.Close() // its lock, on a file no longer at name, goes with it
		f = g
		return nil
	}
	return func(discard bool) {
		if discard && made {
			_ = os.Remove(name)
		}
		if state != nil {
			_ = syscall.Flock(int(state.Fd()), syscall.LOCK_UN)
			_ = state.Close()
		}
		_ = syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		_ = f.Close()
	}, check, nil
}

// lockFile opens (or makes) the lock file name and locks it, failing at
// once when another holds it. The file locked must be the one at name once
// the lock is had: one removed meanwhile by its holder or a cleanup is
// let go, and the one at name tried again.
func lockFile(name string) (*os.File, error) {
	for range 10 {
		f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE, 0o600)
		if err != nil {
			return nil, fmt.Errorf("cannot open its lock file %s: %w", name, err)
		}
		if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
			_ = f.Close()
			if errors.Is(err, syscall.EWOULDBLOCK) {
				return nil, fmt.Errorf("%w (lock %s is held)", errStateInUse, name)
			}
			return nil, fmt.Errorf("cannot lock %s: %w", name, err)
		}
		if sameFile(f, name) {
			return f, nil
		}
		_ = f.Close()
	}
	return nil, fmt.Errorf("cannot lock %s: it is replaced as fast as it is locked", name)
}

// sameFile says whether f is the file now at name.
func sameFile(f *os.File, name string) bool {
	var held, now syscall.Stat_t
	if syscall.Fstat(int(f.Fd()), &held) != nil || syscall.Stat(name, &now) != nil {
		return false
	}
	return held.Dev == now.Dev && held.Ino == now.Ino
}

// names is how many names (hard links) the file at path has; 1 when that
// cannot be told.
func names(path string) int {
	var st syscall.Stat_t
	if err := syscall.Stat(path, &st); err != nil {
		return 1
	}
	return int(st.Nlink)
}
