//go:build unix

package fake_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ccloud-go/networking/fake"
)

// Two fakes on one state file handed out the same ids and the last writer
// won. Now the second refuses to start, naming the file, and may start
// once the first has closed; nothing the first stored is lost.
func TestStateFileIsLockedAgainstASecondFake(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.json")
	first, err := fake.Start(fake.WithStateFile(path))
	require.NoError(t, err)
	r, err := client(t, first).CreateNetworkingV1NetworkLinkServiceWithResponse(context.Background(), nlsBody("svc", "n-1"))
	require.NoError(t, err)
	require.Equal(t, 202, r.StatusCode())

	_, err = fake.Start(fake.WithStateFile(path))
	require.Error(t, err, "a second fake on the same state file")
	assert.Contains(t, err.Error(), path)
	assert.Contains(t, err.Error(), "another fake is using it")

	require.NoError(t, first.Close())
	second := start(t, fake.WithStateFile(path))
	require.Len(t, second.NetworkLinkServices(), 1, "nothing lost")
	assert.Equal(t, r.JSON202.ID, second.NetworkLinkServices()[0].ID)
}

// A state file given as a symlink stays one: the file it names is read
// and replaced, and a second fake through another name for it is refused.
func TestStateFileSymlinkIsFollowed(t *testing.T) {
	dir := t.TempDir()
	real := filepath.Join(dir, "real.json")
	link := filepath.Join(dir, "link.json")
	require.NoError(t, os.Symlink("real.json", link)) // names a file not made yet
	f := start(t, fake.WithStateFile(link))
	r, err := client(t, f).CreateNetworkingV1NetworkLinkServiceWithResponse(context.Background(), nlsBody("svc", "n-1"))
	require.NoError(t, err)
	require.Equal(t, 202, r.StatusCode())

	fi, err := os.Lstat(link)
	require.NoError(t, err)
	assert.NotZero(t, fi.Mode()&os.ModeSymlink, "the link is still a link")
	raw, err := os.ReadFile(real)
	require.NoError(t, err)
	assert.Contains(t, string(raw), r.JSON202.ID, "the file it names holds the state")

	_, err = fake.Start(fake.WithStateFile(real))
	assert.ErrorContains(t, err, "another fake is using it", "the same file by its own name")
}

// A state file with two names (hard links) cannot be replaced without
// parting them, and writing it in place is not safe against a kill: a
// reader polling a hard-linked file while it was rewritten in place found
// 26484 of 27800 reads cut short (empty or partial JSON), each what a kill
// -9 at that instant would have left, every resource lost. So a fake
// refuses a state file with two names, naming it and the way out, and
// leaves it untouched; through either name.
func TestStateFileWithTwoNamesIsRefused(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.json"), filepath.Join(dir, "b.json")
	first := start(t, fake.WithStateFile(a))
	r1, err := client(t, first).CreateNetworkingV1NetworkLinkServiceWithResponse(context.Background(), nlsBody("svc", "n-1"))
	require.NoError(t, err)
	require.Equal(t, 202, r1.StatusCode())
	require.NoError(t, first.Close())
	require.NoError(t, os.Link(a, b))
	before, err := os.ReadFile(a)
	require.NoError(t, err)

	for _, name := range []string{a, b} {
		_, err = fake.Start(fake.WithStateFile(name))
		require.Error(t, err, "a fake through %s", name)
		assert.Contains(t, err.Error(), name)
		assert.Contains(t, err.Error(), "2 names (hard links)")
		assert.Contains(t, err.Error(), "symlink", "the way out")
	}
	after, err := os.ReadFile(a)
	require.NoError(t, err)
	assert.Equal(t, string(before), string(after), "left untouched")

	require.NoError(t, os.Remove(b))
	again := start(t, fake.WithStateFile(a))
	require.Len(t, again.NetworkLinkServices(), 1, "one name again: everything there")
}

// A second name made while the fake runs: the fake does not write the file
// in place (a kill would cut it) nor replace it (parting the names); the
// change is counted as not saved, and the file keeps the last whole state.
func TestStateFileLinkedWhileRunningIsNotWrittenInPlace(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.json"), filepath.Join(dir, "b.json")
	f := start(t, fake.WithStateFile(a))
	c := client(t, f)
	_, err := c.CreateNetworkingV1NetworkLinkServiceWithResponse(context.Background(), nlsBody("svc", "n-1"))
	require.NoError(t, err)
	require.NoError(t, os.Link(a, b))
	before, err := os.ReadFile(a)
	require.NoError(t, err)
	_, err = c.CreateNetworkingV1NetworkLinkServiceWithResponse(context.Background(), nlsBody("svc2", "n-1"))
	require.NoError(t, err)
	assert.Equal(t, 1, f.Stats().StateErrors)
	for _, name := range []string{a, b} {
		raw, err := os.ReadFile(name)
		require.NoError(t, err)
		assert.Equal(t, string(before), string(raw), "%s keeps the last whole state", name)
	}
}

// With one name, every instant's file is a whole state (it is replaced
// atomically): a reader polling it while 200 creates are saved never finds
// it cut.
func TestStateFileNeverSeenCut(t *testing.T) {
	a := filepath.Join(t.TempDir(), "a.json")
	f := start(t, fake.WithStateFile(a))
	c := client(t, f)
	var stop atomic.Bool
	var reads, cut atomic.Int64
	done := make(chan struct{})
	go func() {
		defer close(done)
		for !stop.Load() {
			raw, err := os.ReadFile(a)
			if err != nil {
				continue
			}
			reads.Add(1)
			var v map[string]any
			if json.Unmarshal(raw, &v) != nil {
				cut.Add(1)
			}
		}
	}()
	for i := range 200 {
		_, err := c.CreateNetworkingV1NetworkLinkServiceWithResponse(context.Background(), nlsBody(fmt.Sprint("svc", i), "n-1"))
		require.NoError(t, err)
	}
	stop.Store(true)
	<-done
	require.Positive(t, reads.Load())
	assert.Zero(t, cut.Load(), "of %d reads", reads.Load())
}

// The lock file removed while a fake runs (a cleanup of *.lock, a tmp
// cleaner): a second fake could then lock a new one and start on the same
// state, and the first overwrote the second's changes. Now the first
// writes no more once another fake holds the file: its changes are
// counted as not saved, and the second's stay. A lock file removed with no
// other fake about is taken again, and the first saves on.
func TestStateFileLockRemovedWhileRunning(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "state.json")
	first := start(t, fake.WithStateFile(path))
	c1 := client(t, first)
	_, err := c1.CreateNetworkingV1NetworkLinkServiceWithResponse(context.Background(), nlsBody("one", "n-1"))
	require.NoError(t, err)

	require.NoError(t, os.Remove(path+".lock")) // nobody else about: the first takes it again
	_, err = c1.CreateNetworkingV1NetworkLinkServiceWithResponse(context.Background(), nlsBody("two", "n-1"))
	require.NoError(t, err)
	assert.Zero(t, first.Stats().StateErrors, "the lock was taken again")
	_, err = fake.Start(fake.WithStateFile(path))
	require.Error(t, err, "the lock taken again holds against a second fake")

	require.NoError(t, os.Remove(path+".lock"))
	second := start(t, fake.WithStateFile(path)) // the lock file is gone: nothing stops it
	require.Len(t, second.NetworkLinkServices(), 2)
	r, err := client(t, second).CreateNetworkingV1NetworkLinkServiceWithResponse(context.Background(), nlsBody("three", "n-1"))
	require.NoError(t, err)
	require.Equal(t, 202, r.StatusCode())
	_, err = c1.CreateNetworkingV1NetworkLinkServiceWithResponse(context.Background(), nlsBody("four", "n-1"))
	require.NoError(t, err)
	assert.Equal(t, 1, first.Stats().StateErrors, "the first fake no longer writes the file another holds")

	raw, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Contains(t, string(raw), r.JSON202.ID, "the second fake's resource is not lost")
}

// A state file whose lock file cannot be made (a read-only directory; here
// a directory where the lock file would go): the fake refuses to start
// with the reason, and does not tell the user to stop another fake, since
// none is running. It said "stop the other fake" for every lock failure.
func TestStateFileLockThatCannotBeMadeNamesNoOtherFake(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.json")
	require.NoError(t, os.Mkdir(path+".lock", 0o700))
	_, err := fake.Start(fake.WithStateFile(path))
	require.Error(t, err)
	assert.Contains(t, err.Error(), path+".lock")
	assert.NotContains(t, err.Error(), "other fake")
}
