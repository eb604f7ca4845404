package normalize

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A deviation sets what it says on the schema or property it names, and
// one naming nothing is an error naming it.
func TestDeviations(t *testing.T) {
	doc, err := fixture(t, map[string]string{"first": gadgets}, map[string][]string{"first": {"listGV1Gadgets"}}, func(c *Config) {
		c.Deviations = []Deviation{{Schema: "GadgetSpec", Property: "color", Set: map[string]any{"maxLength": 9}, Reason: "r"}}
	})
	require.NoError(t, err)
	color := asMap(asMap(asMap(schemasOf(doc)["GadgetSpec"])["properties"])["color"])
	assert.Equal(t, 9, color["maxLength"])

	_, err = fixture(t, map[string]string{"first": gadgets}, map[string][]string{"first": {"listGV1Gadgets"}}, func(c *Config) {
		c.Deviations = []Deviation{{Schema: "GadgetSpec", Property: "size", Set: map[string]any{"type": "object"}, Reason: "r"}}
	})
	assert.ErrorContains(t, err, "deviation for GadgetSpec.size (gen/normalize.yaml): the schema has no such property")
}
