package main

import (
	"go/parser"
	"go/token"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ccloud-go/networking/fake"
)

// The collections the fake serves, from its own table.
func collections(t *testing.T) []fake.Collection {
	t.Helper()
	f, err := fake.New()
	require.NoError(t, err)
	cs := f.Collections()
	require.Len(t, cs, len(fake.Collections()))
	return cs
}

// The command's doc comment names every collection the fake serves.
func TestDocCommentNamesEveryCollection(t *testing.T) {
	file, err := parser.ParseFile(token.NewFileSet(), "main.go", nil, parser.ParseComments|parser.PackageClauseOnly)
	require.NoError(t, err)
	doc := strings.Join(strings.Fields(file.Doc.Text()), " ")
	for _, c := range collections(t) {
		assert.Regexp(t, regexp.QuoteMeta(c.Path)+`[^a-z-]`, doc, "doc comment of cmd/fakeconfluent")
	}
}

// The start-up line lists every collection and, with -state, what each
// holds; the file's count leaves out the seeded IP addresses.
func TestStartupLineCoversEveryCollection(t *testing.T) {
	_, out := serve(t, "-state", filepath.Join(t.TempDir(), "state.json"))
	cs := collections(t)
	assert.Contains(t, out.String(), "serving "+strconv.Itoa(len(cs))+" collections: ")
	for _, c := range cs {
		want := c.Path + " (0)"
		if c.Seeded {
			require.Positive(t, c.Stored, c.Path)
			want = c.Path + " (" + strconv.Itoa(c.Stored) + ")"
		}
		assert.Contains(t, out.String(), want)
	}
	assert.Regexp(t, `state in .*: 0 resources`, out.String())
}
