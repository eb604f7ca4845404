package normalize

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Only the configured operations are kept, with the components they reach;
// a configured operation the document lacks is named.
func TestSelectOperations(t *testing.T) {
	doc, err := fixture(t, map[string]string{"first": gadgets}, map[string][]string{"first": {"listGV1Gadgets"}}, nil)
	require.NoError(t, err)
	paths := asMap(doc["paths"])
	assert.Contains(t, paths, "/g/v1/gadgets")
	assert.NotContains(t, paths, "/g/v1/other")
	assert.NotContains(t, asMap(paths["/g/v1/gadgets"]), "post")
	assert.Contains(t, schemasOf(doc), "GadgetList")

	_, err = fixture(t, map[string]string{"first": gadgets}, map[string][]string{"first": {"listGV1Gizmos"}}, nil)
	assert.ErrorContains(t, err, "first: operation listGV1Gizmos (gen/normalize.yaml) is not in the upstream document")
}

// Two documents may not both serve a path: the fragment says one thing.
func TestSelectRefusesAPathTwice(t *testing.T) {
	_, err := fixture(t, map[string]string{"first": gadgets, "second": gadgets},
		map[string][]string{"first": {"listGV1Gadgets"}, "second": {"listGV1Gadgets"}}, nil)
	assert.ErrorContains(t, err, "path /g/v1/gadgets is in second and in an earlier document")
}
