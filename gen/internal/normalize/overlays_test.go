package normalize

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// replaceAll applies old, new pairs in turn.
func replaceAll(s string, pairs ...string) string {
	for i := 0; i+1 < len(pairs); i += 2 {
		s = strings.ReplaceAll(s, pairs[i], pairs[i+1])
	}
	return s
}

// A body that is an allOf of a $ref and an overlay adding required lists
// becomes a schema of its own, named after the operation, with the lists
// merged; an overlay doing more is refused, not dropped.
func TestOverlaysMergeRequiredLists(t *testing.T) {
	doc, err := fixture(t, map[string]string{"first": gadgets}, map[string][]string{"first": {"createGV1Gadget"}}, nil)
	require.NoError(t, err)
	req := asMap(schemasOf(doc)["GadgetCreateRequest"])
	require.NotNil(t, req)
	assert.Equal(t, []string{"spec"}, stringList(req["required"]))

	bad := strings.Replace(gadgets, "- required: [spec]", "- required: [spec]\n                  maxProperties: 2", 1)
	_, err = fixture(t, map[string]string{"first": bad}, map[string][]string{"first": {"createGV1Gadget"}}, nil)
	assert.ErrorContains(t, err, `an allOf overlay sets "maxProperties"`)
}
