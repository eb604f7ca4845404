package normalize

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A request body leaves out what the client never sends: read-only
// properties and those referring to a read-only component.
func TestRequestsLeaveOutReadOnly(t *testing.T) {
	doc, err := fixture(t, map[string]string{"first": gadgets}, map[string][]string{"first": {"createGV1Gadget"}}, nil)
	require.NoError(t, err)
	props := asMap(asMap(schemasOf(doc)["GadgetCreateRequest"])["properties"])
	assert.Contains(t, props, "spec")
	for _, p := range []string{"id", "status", "kinds"} {
		assert.NotContains(t, props, p)
	}
}

// readOnly (or nullable) beside a lone allOf $ref is kept: dropping it
// made drift report the fragment against the very document it came from.
func TestReadOnlyBesideAllOfIsKept(t *testing.T) {
	doc, err := fixture(t, map[string]string{"first": gadgets}, map[string][]string{"first": {"listGV1Gadgets"}}, nil)
	require.NoError(t, err)
	kinds := asMap(asMap(asMap(schemasOf(doc)["Gadget"])["properties"])["kinds"])
	assert.Equal(t, true, kinds["readOnly"])
	assert.Equal(t, "#/components/schemas/Kinds", asMap(asList(kinds["allOf"])[0])["$ref"])
}
