package syncsh

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// scriptTree is a directory holding only gen/sync.sh, with write and read
// helpers; git makes it a repository when asked.
func scriptTree(t *testing.T, git bool) (dir string, write func(name, text string), read func(name string) string) {
	t.Helper()
	dir = t.TempDir()
	data, err := os.ReadFile("../sync.sh")
	require.NoError(t, err)
	require.NoError(t, os.MkdirAll(filepath.Join(dir, "gen"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "gen/sync.sh"), data, 0o755))
	if git {
		out, err := exec.Command("git", "-C", dir, "init", "-q").CombinedOutput()
		require.NoError(t, err, "%s", out)
	}
	write = func(name, text string) {
		path := name
		if !filepath.IsAbs(name) {
			path = filepath.Join(dir, name)
		}
		require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
		require.NoError(t, os.WriteFile(path, []byte(text), 0o644))
	}
	read = func(name string) string {
		path := name
		if !filepath.IsAbs(name) {
			path = filepath.Join(dir, name)
		}
		data, err := os.ReadFile(path)
		if os.IsNotExist(err) {
			return "(none)"
		}
		require.NoError(t, err)
		return string(data)
	}
	return dir, write, read
}

func runRecover(dir string) (string, error) {
	cmd := exec.Command("bash", "gen/sync.sh", "-recover")
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// A journal no sync of ours wrote (a path outside the tree, absolute or
// through .., or an unknown step) is refused as a whole, naming the line:
// make generate runs recover, and must not delete or overwrite files
// outside the clone, nor half-apply such a journal.
func TestRecoverRefusesAJournalOutsideTheTree(t *testing.T) {
	outside := t.TempDir()
	for _, line := range []string{
		"remove ../victim.txt",
		"remove " + filepath.Join(outside, "victim.txt"),
		"put ../victim.txt",
		"remove api/../../victim.txt",
		"chmod api/a.gen.go",
		"remove ",
	} {
		t.Run(line, func(t *testing.T) {
			dir, write, read := scriptTree(t, false)
			victim := filepath.Join(filepath.Dir(dir), "victim.txt")
			if strings.Contains(line, outside) {
				victim = filepath.Join(outside, "victim.txt")
			}
			write(victim, "keep")
			write(victim+".sync-new", "overwritten")
			t.Cleanup(func() { os.Remove(victim); os.Remove(victim + ".sync-new") })
			write("api/a.gen.go", "old a")
			write("api/a.gen.go.sync-new", "new a")
			journal := "put api/a.gen.go\n" + line + "\n"
			write(".sync-journal", journal)
			said, err := runRecover(dir)
			require.Error(t, err, "%s", said)
			assert.Contains(t, said, strings.TrimSpace(line))
			assert.Contains(t, said, "nothing in it was applied")
			assert.Equal(t, "keep", read(victim), "a file outside the tree was touched")
			assert.Equal(t, "old a", read("api/a.gen.go"), "a refused journal was half applied")
			assert.Equal(t, journal, read(".sync-journal"), "the refused journal is left to look at")
		})
	}
}

// A journal or staged file that git tracks was committed by mistake, not
// left by a killed sync in this clone: make generate (CI's included) must
// not apply it to a fresh clone, changing tracked files; it stops, naming
// them.
func TestRecoverRefusesWhatGitTracks(t *testing.T) {
	dir, write, read := scriptTree(t, true)
	write("api/a.gen.go", "old a")
	write("api/a.gen.go.sync-new", "new a")
	write(".sync-journal", "put api/a.gen.go\n")
	out, err := exec.Command("git", "-C", dir, "add", "-A").CombinedOutput()
	require.NoError(t, err, "%s", out)
	said, err := runRecover(dir)
	require.Error(t, err, "%s", said)
	assert.Contains(t, said, ".sync-journal")
	assert.Contains(t, said, "api/a.gen.go.sync-new")
	assert.Contains(t, said, "git rm")
	assert.Equal(t, "old a", read("api/a.gen.go"))
	assert.Equal(t, "new a", read("api/a.gen.go.sync-new"))
}

// Staged files are removed by their whole name: a space in it must not
// make recover remove another file.
func TestRecoverRemovesStagedFilesByTheirWholeName(t *testing.T) {
	dir, write, read := scriptTree(t, false)
	write("docs/a", "keep")
	write("docs/a b.md", "old")
	write("docs/a b.md.sync-new", "staged")
	said, err := runRecover(dir)
	require.NoError(t, err, "%s", said)
	assert.Contains(t, said, "removed 1 file(s)")
	assert.Equal(t, "keep", read("docs/a"))
	assert.Equal(t, "old", read("docs/a b.md"))
	assert.Equal(t, "(none)", read("docs/a b.md.sync-new"))
}
