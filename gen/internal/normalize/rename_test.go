package normalize

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"
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
// before the shared one; a per-resource parameter is named after its
// resource; two others of one name that differ stop generation, naming the
// key to add.
func TestRenames(t *testing.T) {
	doc, err := fixture(t, map[string]string{"first": gadgets}, map[string][]string{"first": {"listGV1Gadgets"}}, func(c *Config) {
		c.Rename = map[string]string{"g.v1.GadgetList": "Shared"}
		c.Documents[0].Rename = map[string]string{"g.v1.GadgetList": "Mine"}
	})
	require.NoError(t, err)
	assert.Contains(t, schemasOf(doc), "Mine")
	assert.Contains(t, schemasOf(doc), "Gadget")

	other := replaceAll(gadgets, "/g/v1/gadgets", "/g/v1/widgets", "operationId: listGV1Gadgets", "operationId: listGV1Widgets", "maximum: 100", "maximum: 1000")
	both := map[string]string{"first": gadgets, "second": other}
	ops := map[string][]string{"first": {"listGV1Gadgets"}, "second": {"listGV1Widgets"}}
	_, err = fixture(t, both, ops, nil)
	assert.ErrorContains(t, err, `parameter "page_size" (query) of listGV1Widgets differs from another of that name (component PageSize); name it apart in gen/normalize.yaml parameters ("listGV1Widgets:query page_size": <Name>) or per-resource ("query page_size")`)
	doc, err = fixture(t, both, ops, func(c *Config) { c.PerResource = []string{"query page_size"} })
	require.NoError(t, err)
	params := asMap(asMap(doc["components"])["parameters"])
	assert.Contains(t, params, "GadgetsPageSize")
	assert.Contains(t, params, "WidgetsPageSize")
	assert.NotContains(t, params, "PageSize")
}

// A change of one document's page_size bound renames nothing of another
// document's: on the vendored documents, the first (whose names the
// others' once depended on) and one bounded at 100 in turn take the other
// bound (100 for 1000, 1000 for anything else, so that each now agrees with
// documents it differed from, or differs from those it agreed with), and
// every operation keeps its parameters' names. (Two documents, not six:
// each is a whole normalization.)
func TestABoundChangeRenamesNothingElsewhere(t *testing.T) {
	cfg, docs := inputs(t)
	refs := func(fragment []byte) map[string][]string {
		doc, err := decode(fragment)
		require.NoError(t, err)
		out := map[string][]string{}
		for _, item := range asMap(doc["paths"]) {
			for _, op := range asMap(item) {
				for _, p := range asList(asMap(op)["parameters"]) {
					id := asString(asMap(op)["operationId"])
					out[id] = append(out[id], asString(asMap(p)["$ref"]))
				}
			}
		}
		return out
	}
	before, err := Normalize(cfg, docs, true)
	require.NoError(t, err)
	want := refs(before)
	for _, d := range []*Document{&cfg.Documents[0], cfg.Document("networking-gateway")} {
		tree, err := decode(docs[d.Name])
		require.NoError(t, err)
		n, bound := 0, 0
		var bump func(v any)
		bump = func(v any) {
			switch x := v.(type) {
			case map[string]any:
				if x["name"] == "page_size" && asMap(x["schema"]) != nil {
					s := asMap(x["schema"])
					bound = 1000
					if fmt.Sprint(s["maximum"]) == "1000" {
						bound = 100
					}
					s["maximum"], s["default"] = bound, min(bound, 10)
					n++
				}
				for _, e := range x {
					bump(e)
				}
			case []any:
				for _, e := range x {
					bump(e)
				}
			}
		}
		bump(tree)
		if n == 0 {
			continue
		}
		text, err := yaml.Marshal(tree)
		require.NoError(t, err)
		after, err := Normalize(cfg, with(docs, d.Name, string(text)), true)
		require.NoError(t, err, "%s with page_size at most %d", d.Name, bound)
		assert.Equal(t, want, refs(after), "%s with page_size at most %d renamed a parameter", d.Name, bound)
	}
}
