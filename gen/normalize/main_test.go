package main

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Every part of the checked-in fragment has a text of ours, and every key
// of gen/descriptions.yaml is used: -undescribed prints nothing and
// succeeds (make check-generate relies on both).
func TestUndescribedPrintsNothingWhenComplete(t *testing.T) {
	var out, errs bytes.Buffer
	code := run([]string{"-config", "../normalize.yaml", "-undescribed"}, &out, &errs)
	assert.Equal(t, 0, code, errs.String())
	assert.Empty(t, out.String(), "make undescribed should print nothing: add these texts to gen/descriptions.yaml")
}

// A part without a text, or a key that matches nothing, fails -undescribed,
// which names each key and says where to add or fix it.
func TestUndescribedFailsNamingTheKeys(t *testing.T) {
	dir := t.TempDir()
	texts, err := os.ReadFile("../descriptions.yaml")
	require.NoError(t, err)
	without := regexp.MustCompile(`(?m)^  Gateway\.id: .*\n`).ReplaceAll(texts, nil)
	require.NotEqual(t, len(texts), len(without), "the test removes Gateway.id's text")
	stray := strings.Replace(string(without), "\nschemas:\n", "\nschemas:\n  Gadget.size: A stray key.\n", 1)
	require.NotEqual(t, string(without), stray)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "descriptions.yaml"), []byte(stray), 0o644))

	conf, err := os.ReadFile("../normalize.yaml")
	require.NoError(t, err)
	upstream, err := filepath.Abs("../../spec/upstream")
	require.NoError(t, err)
	moved := strings.Replace(string(conf), "\nupstream-dir: ../spec/upstream\n", "\nupstream-dir: "+upstream+"\n", 1)
	require.NotEqual(t, string(conf), moved)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "normalize.yaml"), []byte(moved), 0o644))

	var out, errs bytes.Buffer
	code := run([]string{"-config", filepath.Join(dir, "normalize.yaml"), "-undescribed"}, &out, &errs)
	assert.Equal(t, 1, code, errs.String())
	for _, want := range []string{
		"gen/descriptions.yaml", "make generate",
		"  schemas: Gateway.id\n", "  schemas: GatewayListItem.id\n",
		"match nothing", "  schemas: Gadget.size\n",
	} {
		assert.Contains(t, out.String(), want)
	}
}
