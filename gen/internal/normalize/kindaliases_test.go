package normalize

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// gadgets with its shape union named and mapped, as upstream's are.
var mappedGadgets = strings.Replace(gadgets,
	"        shape:\n          oneOf: [{$ref: '#/components/schemas/g.v1.Round'}]\n",
	"        shape: {$ref: '#/components/schemas/g.v1.Shape'}\n", 1) +
	"    g.v1.Shape:\n" +
	"      oneOf: [{$ref: '#/components/schemas/g.v1.Round'}]\n" +
	"      discriminator: {propertyName: kind, mapping: {Round: '#/components/schemas/g.v1.Round'}}\n"

func shapeMapping(t *testing.T, edit func(*Config)) (map[string]any, error) {
	t.Helper()
	doc, err := fixture(t, map[string]string{"first": mappedGadgets}, map[string][]string{"first": {"listGV1Gadgets"}}, edit)
	if err != nil {
		return nil, err
	}
	return asMap(asMap(asMap(schemasOf(doc)["Shape"])["discriminator"])["mapping"]), nil
}

// With union-kind-aliases, every mapping also maps the prefixed spelling to
// the same variant, and the enum of the variant's kind is left alone; the
// header says so, with the reason.
func TestKindAliases(t *testing.T) {
	plain, err := shapeMapping(t, nil)
	require.NoError(t, err)
	assert.Equal(t, map[string]any{"Round": "#/components/schemas/Round"}, plain)

	aliased, err := shapeMapping(t, func(c *Config) { c.UnionKindAliases = &KindAliases{Prefix: "g.v1.", Reason: "recorded answers say so"} })
	require.NoError(t, err)
	assert.Equal(t, map[string]any{"Round": "#/components/schemas/Round", "g.v1.Round": "#/components/schemas/Round"}, aliased)

	cfg := &Config{StripPrefix: "g.v1.", OperationPrefix: "GV1", UnionKindAliases: &KindAliases{Prefix: "g.v1.", Reason: "recorded answers say so"},
		Documents: []Document{{Name: "first", File: "first.yaml", Operations: []string{"listGV1Gadgets"}}}}
	out, err := Normalize(cfg, map[string][]byte{"first": []byte(mappedGadgets)}, false)
	require.NoError(t, err)
	assert.Contains(t, string(out), "# Every discriminator mapping also maps g.v1.<Schema> to <Schema>:\n#   recorded answers say so\n")
	assert.Contains(t, string(out), "    Round:\n      properties:\n        kind:\n          enum:\n            - Round\n          type: string\n")
}

// An alias that a mapping already has for another variant stops the pass,
// naming the union: the two spellings would name different variants.
func TestKindAliasConflict(t *testing.T) {
	conflicting := strings.Replace(mappedGadgets, "mapping: {Round:", "mapping: {g.v1.Round: '#/components/schemas/g.v1.Shape', Round:", 1)
	_, err := fixture(t, map[string]string{"first": conflicting}, map[string][]string{"first": {"listGV1Gadgets"}}, func(c *Config) {
		c.UnionKindAliases = &KindAliases{Prefix: "g.v1.", Reason: "r"}
	})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "cannot normalize (union kind aliases)")
	assert.Contains(t, err.Error(), `union Shape: kind alias "g.v1.Round"`)
}
