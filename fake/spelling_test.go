package fake

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ccloud-go/networking/spec/openapi"
)

// Every union kind of the spec has its recorded spelling paired with it,
// in both directions, and no resource or reference kind is respelled.
func TestKindSpellingsCoverEveryUnion(t *testing.T) {
	doc, err := openapi.Load()
	require.NoError(t, err)
	k := kindSpellingsOf(doc)
	keys := 0
	for name, ref := range doc.Components.Schemas {
		if ref.Value.Discriminator == nil {
			continue
		}
		for key := range ref.Value.Discriminator.Mapping {
			if _, recorded := k.plain[key]; recorded {
				continue
			}
			keys++
			rec, ok := k.recorded[key]
			if assert.True(t, ok, "%s: kind %s has no recorded spelling", name, key) {
				assert.True(t, strings.HasSuffix(rec, "."+key), rec)
				assert.Equal(t, key, k.plain[rec])
			}
		}
	}
	assert.Positive(t, keys)
	assert.Len(t, k.recorded, len(k.plain))
	for _, info := range kinds {
		assert.NotContains(t, k.recorded, info.name)
		assert.NotContains(t, k.recorded, info.name+"List")
	}
	for _, target := range refTargets {
		assert.NotContains(t, k.recorded, target.kind)
	}

	doc2 := map[string]any{"kind": "Peering", "spec": map[string]any{"cloud": map[string]any{"kind": "AwsPeering"}, "environment": map[string]any{"kind": "Environment"}}}
	assert.True(t, respell(doc2, k.recorded))
	assert.Equal(t, "Peering", doc2["kind"])
	assert.Equal(t, "networking.v1.AwsPeering", doc2["spec"].(map[string]any)["cloud"].(map[string]any)["kind"])
	assert.Equal(t, "Environment", doc2["spec"].(map[string]any)["environment"].(map[string]any)["kind"])
	assert.True(t, respell(doc2, k.plain))
	assert.Equal(t, "AwsPeering", doc2["spec"].(map[string]any)["cloud"].(map[string]any)["kind"])
}
