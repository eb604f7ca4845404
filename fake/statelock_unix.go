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
func lockState(path string) (release func(discard bool), err error) {
	name := path + ".lock"
	_, statErr := os.Stat(name)
	made := errors.Is(statErr, os.ErrNotExist)
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
	return func(discard bool) {
		if discard && made {
			_ = os.Remove(name)
		}
		_ = syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		_ = f.Close()
	}, nil
}
