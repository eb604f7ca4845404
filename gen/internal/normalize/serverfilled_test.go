package normalize

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Read-only, not nullable: marked as filled in by the server. Writable
// properties are not.
func TestServerFilledMarks(t *testing.T) {
	doc, err := fixture(t, map[string]string{"first": gadgets}, map[string][]string{"first": {"listGV1Gadgets"}}, nil)
	require.NoError(t, err)
	s := schemasOf(doc)
	gadget := asMap(asMap(s["Gadget"])["properties"])
	assert.Equal(t, true, asMap(gadget["id"])["x-go-type-skip-optional-pointer"])
	assert.Equal(t, true, asMap(s["GadgetStatus"])["x-go-type-skip-optional-pointer"])
	assert.NotContains(t, asMap(asMap(asMap(s["GadgetSpec"])["properties"])["color"]), "x-go-type-skip-optional-pointer")
}
