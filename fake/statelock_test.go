//go:build unix

package fake_test

import (
	"context"
	"os"
	"path/filepath"
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

// Two names for one state file (hard links) are one file: a second fake
// through the other name is refused while the first runs, the first's
// writes keep the names together, and a fake started later through the
// other name has everything.
func TestStateFileHardLinkIsLockedAsOne(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.json"), filepath.Join(dir, "b.json")
	first := start(t, fake.WithStateFile(a))
	r1, err := client(t, first).CreateNetworkingV1NetworkLinkServiceWithResponse(context.Background(), nlsBody("svc", "n-1"))
	require.NoError(t, err)
	require.Equal(t, 202, r1.StatusCode())
	require.NoError(t, first.Close())
	require.NoError(t, os.Link(a, b))

	first, err = fake.Start(fake.WithStateFile(a))
	require.NoError(t, err)
	_, err = fake.Start(fake.WithStateFile(b))
	require.Error(t, err, "a second fake through the other name")
	assert.Contains(t, err.Error(), "another fake is using it")
	assert.Contains(t, err.Error(), b)

	r2, err := client(t, first).CreateNetworkingV1NetworkLinkServiceWithResponse(context.Background(), nlsBody("svc2", "n-1"))
	require.NoError(t, err)
	require.Equal(t, 202, r2.StatusCode())
	_, err = fake.Start(fake.WithStateFile(b))
	assert.ErrorContains(t, err, "another fake is using it", "still refused after the first fake wrote")
	require.NoError(t, first.Close())

	second := start(t, fake.WithStateFile(b))
	var ids []string
	for _, n := range second.NetworkLinkServices() {
		ids = append(ids, n.ID)
	}
	assert.ElementsMatch(t, []string{r1.JSON202.ID, r2.JSON202.ID}, ids, "nothing lost through either name")
}
