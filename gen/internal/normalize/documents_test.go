package normalize

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A component two documents declare must say the same in both: alike (up
// to descriptions) it is one schema; different, the normalizer stops and
// names both documents and the component.
func TestSharedComponentsMustAgree(t *testing.T) {
	other := strings.ReplaceAll(gadgets, "/g/v1/gadgets", "/g/v1/widgets")
	other = strings.Replace(other, "operationId: listGV1Gadgets", "operationId: listGV1Widgets", 1)
	ops := map[string][]string{"first": {"listGV1Gadgets"}, "second": {"listGV1Widgets"}}
	doc, err := fixture(t, map[string]string{"first": gadgets, "second": strings.Replace(other, "type: t", "type: t\n  description: other words", 1)}, ops, nil)
	require.NoError(t, err)
	assert.Contains(t, schemasOf(doc), "GadgetSpec")

	differs := strings.Replace(other, "color: {type: string, example: red}", "color: {type: integer}", 1)
	_, err = fixture(t, map[string]string{"first": gadgets, "second": differs}, ops, nil)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "schema GadgetSpec is made twice, differently: from component g.v1.GadgetSpec of first and from component g.v1.GadgetSpec of second")
}

// Servers are gathered by URL; security must agree.
func TestSharedPartsOfDocuments(t *testing.T) {
	other := strings.ReplaceAll(gadgets, "/g/v1/gadgets", "/g/v1/widgets")
	other = strings.Replace(other, "operationId: listGV1Gadgets", "operationId: listGV1Widgets", 1)
	other = strings.Replace(other, "servers: [{url: https://api.example}]", "servers: [{url: https://api.example}, {url: https://staging.example}]", 1)
	ops := map[string][]string{"first": {"listGV1Gadgets"}, "second": {"listGV1Widgets"}}
	doc, err := fixture(t, map[string]string{"first": gadgets, "second": other}, ops, nil)
	require.NoError(t, err)
	assert.Len(t, asList(doc["servers"]), 2)

	secured := replaceAll(other, "paths:", "security: [{key: []}]\npaths:",
		"components:\n  schemas:", "components:\n  securitySchemes:\n    key: {type: http, scheme: basic}\n  schemas:")
	_, err = fixture(t, map[string]string{"first": gadgets, "second": secured}, ops, nil)
	assert.ErrorContains(t, err, "security differs between documents first and second")
}
