package normalize

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// What only a dropped read-only property reached is pruned; what an
// answer reaches stays.
func TestPruneDropsUnreached(t *testing.T) {
	n, err := newNormalizer(&Config{StripPrefix: "g.v1.", OperationPrefix: "GV1",
		Documents: []Document{{Name: "first", File: "f", Operations: []string{"createGV1Gadget"}}}}, map[string][]byte{"first": []byte(gadgets)})
	require.NoError(t, err)
	n.selectOperations()
	n.applyRequired()
	require.Empty(t, n.errs)
	n.schemas["Orphan"] = map[string]any{"type": "string"}
	n.prune()
	assert.NotContains(t, n.schemas, "Orphan")
	assert.Contains(t, n.schemas, "GadgetStatus", "the 202 answer reaches it")
	assert.Contains(t, n.schemas, "OnlyInStatus")
}
