package normalize

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestGoNameAndTypeName(t *testing.T) {
	assert.Equal(t, "DisplayName", goName("display_name"))
	assert.Equal(t, "ConfigRegion", goName("config.region"))
	// oapi-codegen's own spelling, which an x-go-type must match.
	assert.Equal(t, "DNSRecord", goTypeName("DnsRecord"))
	assert.Equal(t, "IPAddress", goTypeName("IpAddress"))
	assert.Equal(t, "Network", goTypeName("Network"))
}

// Components lose the configured prefix; a document's own rename comes
// before the shared one; a parameter bounded differently from the first of
// its name is named after its resource.
func TestRenames(t *testing.T) {
	doc, err := fixture(t, map[string]string{"first": gadgets}, map[string][]string{"first": {"listGV1Gadgets"}}, func(c *Config) {
		c.Rename = map[string]string{"g.v1.GadgetList": "Shared"}
		c.Documents[0].Rename = map[string]string{"g.v1.GadgetList": "Mine"}
	})
	require.NoError(t, err)
	assert.Contains(t, schemasOf(doc), "Mine")
	assert.Contains(t, schemasOf(doc), "Gadget")

	other := replaceAll(gadgets, "/g/v1/gadgets", "/g/v1/widgets", "operationId: listGV1Gadgets", "operationId: listGV1Widgets", "maximum: 100", "maximum: 1000")
	doc, err = fixture(t, map[string]string{"first": gadgets, "second": other}, map[string][]string{"first": {"listGV1Gadgets"}, "second": {"listGV1Widgets"}}, nil)
	require.NoError(t, err)
	params := asMap(asMap(doc["components"])["parameters"])
	assert.Contains(t, params, "PageSize")
	assert.Contains(t, params, "WidgetsPageSize")
}
