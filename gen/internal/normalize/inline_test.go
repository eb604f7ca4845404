package normalize

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A parameter's schema behind a $ref is inlined: the shared filter schema
// does not become a component (nor a Go type) of its own.
func TestParameterSchemasAreInlined(t *testing.T) {
	doc, err := fixture(t, map[string]string{"first": gadgets}, map[string][]string{"first": {"listGV1Gadgets"}}, nil)
	require.NoError(t, err)
	params := asMap(asMap(doc["components"])["parameters"])
	color := asMap(params["ColorFilter"])
	require.NotNil(t, color, "spec.color, a list, is ColorFilter")
	assert.Equal(t, "array", asMap(color["schema"])["type"])
	assert.NotContains(t, schemasOf(doc), "Filter")
}
