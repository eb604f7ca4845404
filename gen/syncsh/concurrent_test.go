package syncsh

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Two syncs at once in one tree share one copy ($TMPDIR/networking-sync-*,
// keyed by the tree): the second removed the first's copy while the first
// ran (and its swap would then remove every file missing from the copy), and
// its recover removed what the first had staged. The second sync, and a make
// generate's recover, stop instead while a sync runs, leaving its copy and
// the tree alone.
func TestASecondSyncWaitsForNone(t *testing.T) {
	dir := copyTree(t)
	upstream := newVersion(t, dir)
	tmp := t.TempDir()
	sum := sha256.Sum256([]byte(dir))
	copied := filepath.Join(tmp, "networking-sync-"+hex.EncodeToString(sum[:])[:12], "tree")

	first := exec.Command("bash", "gen/sync.sh", upstream, "networking-ip", strings.Repeat("0", 40), "2026-01-01")
	first.Dir = dir
	first.Env = append(os.Environ(), "SYNC_HOLD=recorded", "TMPDIR="+tmp)
	first.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	stdout, err := first.StdoutPipe()
	require.NoError(t, err)
	first.Stderr = first.Stdout
	require.NoError(t, first.Start())
	defer func() {
		_ = syscall.Kill(-first.Process.Pid, syscall.SIGKILL)
		_ = first.Wait()
	}()
	lines := bufio.NewScanner(stdout)
	held := false
	for !held && lines.Scan() {
		held = lines.Text() == "sync: holding at recorded"
	}
	require.True(t, held, "the first sync ended before holding")
	staged := filepath.Join(dir, "api/x.gen.go.sync-new")
	require.NoError(t, os.WriteFile(staged, []byte("the first sync's"), 0o644))
	before := digest(t, dir)

	for _, args := range [][]string{
		{"gen/sync.sh", upstream, "networking-ip", strings.Repeat("1", 40), "2026-01-02"},
		{"gen/sync.sh", "-recover"},
	} {
		second := exec.Command("bash", args...)
		second.Dir = dir
		second.Env = append(os.Environ(), "TMPDIR="+tmp)
		out, err := second.CombinedOutput()
		require.Error(t, err, "%s", out)
		assert.Contains(t, string(out), "another sync is running in this tree")
		_, err = os.Stat(filepath.Join(copied, "spec/networking-v1.yaml"))
		assert.NoError(t, err, "the first sync's copy was removed")
		assert.Equal(t, before, digest(t, dir), "the tree changed under the first sync")
	}
}
