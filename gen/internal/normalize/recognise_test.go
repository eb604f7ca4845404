package normalize

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Each vendored document is recognised as itself, and so is a version of
// it with an operation more or fewer; a document sharing no operation, or
// as many with two documents, is refused with the way out (DOCUMENT=).
func TestRecogniseByOperations(t *testing.T) {
	cfg, docs := inputs(t)
	for _, d := range cfg.Documents {
		got, err := cfg.Recognise(docs[d.Name])
		require.NoError(t, err, d.Name)
		assert.Equal(t, d.Name, got.Name)
	}
	older := strings.Replace(string(docs[main]), "operationId: listNetworkingV1Networks", "operationId: listNetworkingV1OldNetworks", 1)
	got, err := cfg.Recognise([]byte(older))
	require.NoError(t, err)
	assert.Equal(t, main, got.Name)

	_, err = cfg.Recognise([]byte("openapi: 3.0.0\npaths:\n  /x:\n    get:\n      operationId: listGadgets\n"))
	assert.ErrorContains(t, err, "shares no operationId with any configured document")
	assert.ErrorContains(t, err, "DOCUMENT=")

	both := "openapi: 3.0.0\npaths:\n  /a:\n    get:\n      operationId: " + cfg.Documents[0].Operations[0] +
		"\n  /b:\n    get:\n      operationId: " + cfg.Documents[1].Operations[0] + "\n"
	_, err = cfg.Recognise([]byte(both))
	assert.ErrorContains(t, err, "shares 1 operationIds with each of")
}

// Record rewrites one entry of the provenance file and nothing else.
func TestRecordRewritesOneEntry(t *testing.T) {
	raw, err := os.ReadFile("../../../spec/upstream/PROVENANCE.yaml")
	require.NoError(t, err)
	path := filepath.Join(t.TempDir(), "PROVENANCE.yaml")
	require.NoError(t, os.WriteFile(path, raw, 0o600))
	before, err := ReadProvenance(path, "networking-ip.openapi.yaml")
	require.NoError(t, err)
	p := Provenance{Path: before.Path, Commit: strings.Repeat("a", 40), Date: "2023-09-22", SHA256: strings.Repeat("b", 64)}
	require.NoError(t, Record(path, "networking-ip.openapi.yaml", p))
	after, err := ReadProvenance(path, "networking-ip.openapi.yaml")
	require.NoError(t, err)
	assert.Equal(t, p, after)
	out, err := os.ReadFile(path)
	require.NoError(t, err)
	changed := 0
	oldLines, newLines := strings.Split(string(raw), "\n"), strings.Split(string(out), "\n")
	require.Len(t, newLines, len(oldLines))
	for i := range oldLines {
		if oldLines[i] != newLines[i] {
			changed++
		}
	}
	assert.Equal(t, 3, changed, "commit, date and sha256 of one entry")

	assert.ErrorContains(t, Record(path, "networking-ip.openapi.yaml", Provenance{Path: "/tmp/x: y"}), "not one plain word")
	_, err = ReadProvenance(path, "nosuch.yaml")
	assert.Error(t, err)
}
