package normalize

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestGlobMatch(t *testing.T) {
	for _, c := range []struct {
		pattern, key string
		want         bool
	}{
		{"*.kind", "AwsPeering.kind", true},
		{"*.kind", "AwsPeering.kind_of", false},
		{"*.kind", "Name.list[].kind", true},
		{"*Status.phase", "AccessPointStatus.phase", true},
		{"*Status.phase", "AccessPointSpec.phase", false},
		{"*Status.*", "GatewayStatus.error_code", true},
		{"*ObjectReference.id", "ObjectReference.id", true},
		{"*ObjectReference.id", "GlobalObjectReference.id", true},
		{"Aws*Spec.region", "AwsPeeringGatewaySpec.region", true},
		{"Aws*Spec.region", "AzurePeeringGatewaySpec.region", false},
		{"a*a", "a", false},
		{"a*a", "aa", true},
		{"exact", "exact", true},
		{"exact", "exactly", false},
	} {
		assert.Equal(t, c.want, globMatch(c.pattern, c.key), "%q against %q", c.pattern, c.key)
	}
}

func TestSchemaTextPrecedence(t *testing.T) {
	d := &Descriptions{Schemas: map[string]string{
		"*.kind":             "Always {enum}.",
		"*Reference.kind":    "The kind of the resource referred to.",
		"*.id":               "Some id.",
		"*Status.error_code": "A code.",
		"*Status.*":          "Anything of a status.",
		"Thing.id":           "The thing's own id.",
		"Thing.size":         "How big the thing is.",
	}}
	enum := func(v ...any) map[string]any { return map[string]any{"enum": v} }
	cases := []struct {
		key, shared string
		obj         map[string]any
		text, used  string
	}{
		// an entry of its own beats every pattern
		{"Thing.id", "", nil, "The thing's own id.", "Thing.id"},
		// the schema whose Go type it shares, next
		{"ThingAccepted.size", "Thing", nil, "How big the thing is.", "Thing.size"},
		{"ThingAccepted.id", "Thing", nil, "The thing's own id.", "Thing.id"},
		// then the most specific pattern
		{"Other.id", "", nil, "Some id.", "*.id"},
		{"ObjectReference.kind", "", nil, "The kind of the resource referred to.", "*Reference.kind"},
		{"ThingStatus.error_code", "", nil, "A code.", "*Status.error_code"},
		{"ThingStatus.phase", "", nil, "Anything of a status.", "*Status.*"},
		// {enum} is filled with the values, and does not apply without an enum
		{"AwsPeering.kind", "", enum("AwsPeering"), "Always AwsPeering.", "*.kind"},
		{"AwsPeering.kind", "", enum("AwsPeering", "networking.v1.AwsPeering"), "Always AwsPeering or networking.v1.AwsPeering.", "*.kind"},
		{"Free.kind", "", map[string]any{"type": "string"}, "", ""},
		{"Nothing.else", "", nil, "", ""},
	}
	for _, c := range cases {
		text, used := d.schemaText(c.key, c.shared, c.obj)
		assert.Equal(t, c.text, text, c.key)
		assert.Equal(t, c.used, used, c.key)
	}
	assert.Equal(t, "a, b or c", joinOr([]string{"a", "b", "c"}))
}

// On the real documents, with every api_version and kind entry replaced
// by a pattern: a pattern describes every place it matches that has no
// text of its own, fills {enum} per place, counts as used, and a
// pattern that matches nothing is reported like any unused key.
func TestPatternsOnTheFragment(t *testing.T) {
	cfg, raw := inputs(t)
	for k := range cfg.Texts.Schemas {
		if globMatch("*.api_version", k) || globMatch("*.kind", k) {
			delete(cfg.Texts.Schemas, k)
		}
	}
	cfg.Texts.Schemas["*.api_version"] = "The version: {enum}."
	cfg.Texts.Schemas["*.kind"] = "The kind: {enum}."
	cfg.Texts.Schemas["*.no_such_property"] = "Matches nothing."
	r, err := Derive(cfg, raw, true)
	require.NoError(t, err)
	assert.Equal(t, []string{"schemas: *.no_such_property"}, r.Unused)
	doc, err := decode(r.Fragment)
	require.NoError(t, err)
	schemas := asMap(asMap(doc["components"])["schemas"])
	prop := func(schema, name string) string {
		return asString(asMap(asMap(asMap(schemas[schema])["properties"])[name])["description"])
	}
	assert.Equal(t, "The version: networking/v1.", prop("Network", "api_version"))
	assert.Equal(t, "The kind: Network.", prop("Network", "kind"))
	assert.Equal(t, "The kind: NetworkList.", prop("NetworkList", "kind"))
	assert.Regexp(t, `^The kind: AwsPeering( or networking\.v1\.AwsPeering)?\.$`, prop("AwsPeering", "kind"))
	// parameters take patterns too: every page size, whatever its collection
	params := asMap(asMap(doc["components"])["parameters"])
	require.NotEmpty(t, cfg.Texts.Parameters["*PageSize"])
	for _, name := range []string{"NetworksPageSize", "GatewaysPageSize", "IpAddressesPageSize"} {
		assert.Equal(t, cfg.Texts.Parameters["*PageSize"], asMap(params[name])["description"], name)
	}
	assert.NotContains(t, r.Undescribed, "schemas: Network.kind")
	assert.NotContains(t, r.Undescribed, "schemas: AwsPeering.kind")
}

// A variant that shares a Go type takes that schema's property texts even
// where the Go name is spelled otherwise than the component (x-go-type:
// DNSRecord for DnsRecord).
func TestSharedTypeByGoName(t *testing.T) {
	cfg, raw := inputs(t)
	cfg.Texts.Schemas["DnsRecord.id"] = "The record's own id, for this test."
	delete(cfg.Texts.Schemas, "DnsRecordListItem.id")
	r, err := Derive(cfg, raw, true)
	require.NoError(t, err)
	doc, err := decode(r.Fragment)
	require.NoError(t, err)
	item := asMap(asMap(asMap(doc["components"])["schemas"])["DnsRecordListItem"])
	require.Equal(t, "DNSRecord", item["x-go-type"], "the case this test is about")
	assert.Equal(t, "The record's own id, for this test.", asMap(asMap(item["properties"])["id"])["description"])
	assert.NotContains(t, r.Undescribed, "schemas: DnsRecordListItem.id")
}
