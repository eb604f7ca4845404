package spec_test

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Every vendored upstream document has an entry in upstream/PROVENANCE.yaml
// naming its public source (path and commit in the repository) and its
// digest, which is the file's: it is kept byte for byte. No entry names a
// file that is not there, and none a path of some machine.
func TestProvenanceNamesEveryDocument(t *testing.T) {
	f, err := os.Open("upstream/PROVENANCE.yaml")
	require.NoError(t, err)
	defer f.Close()
	entries := map[string]map[string]string{}
	var cur map[string]string
	repository := ""
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(strings.TrimSpace(line), "#") {
			continue
		}
		key, value, ok := strings.Cut(strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(line), "- ")), ": ")
		if !ok {
			continue
		}
		switch {
		case key == "repository":
			repository = value
		case key == "file":
			cur = map[string]string{}
			entries[value] = cur
		case cur != nil:
			cur[key] = value
		}
	}
	require.NoError(t, sc.Err())
	assert.Equal(t, "github.com/confluentinc/ccloud-sdk-go-v2", repository)

	files, err := filepath.Glob("upstream/*.openapi.yaml")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	require.Len(t, entries, len(files), "one entry per vendored document")
	for _, file := range files {
		e, ok := entries[filepath.Base(file)]
		if !assert.True(t, ok, "%s has no entry in upstream/PROVENANCE.yaml", file) {
			continue
		}
		raw, err := os.ReadFile(file)
		require.NoError(t, err)
		sum := sha256.Sum256(raw)
		assert.Equal(t, hex.EncodeToString(sum[:]), e["sha256"], "%s is not the document its entry describes", file)
		assert.Regexp(t, `^[a-z0-9-]+/v1/api/openapi\.yaml$`, e["path"], file)
		assert.Regexp(t, `^[0-9a-f]{40}$`, e["commit"], file)
		assert.Regexp(t, `^\d{4}-\d{2}-\d{2}$`, e["date"], file)
	}
}
