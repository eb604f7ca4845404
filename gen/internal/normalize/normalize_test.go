package normalize

import (
	"crypto/sha256"
	"encoding/hex"
	"maps"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// main is the document the edits of these tests change.
const main = "networking-v1"

// inputs are the configuration and every vendored document it lists.
func inputs(t *testing.T) (*Config, map[string][]byte) {
	t.Helper()
	cfg, err := LoadConfig("../../normalize.yaml")
	require.NoError(t, err)
	docs, err := cfg.ReadDocuments()
	require.NoError(t, err)
	return cfg, docs
}

// with is docs with document name's text replaced.
func with(docs map[string][]byte, name, text string) map[string][]byte {
	out := maps.Clone(docs)
	out[name] = []byte(text)
	return out
}

// The checked-in fragment is what the normalizer makes of the checked-in
// snapshot and configuration, byte for byte, every time.
func TestFragmentIsDerived(t *testing.T) {
	cfg, raw := inputs(t)
	first, err := Normalize(cfg, raw, true)
	require.NoError(t, err)
	second, err := Normalize(cfg, raw, true)
	require.NoError(t, err)
	require.Equal(t, string(first), string(second), "two runs differ: the normalizer is not deterministic")

	checkedIn, err := os.ReadFile("../../../spec/networking-v1.yaml")
	require.NoError(t, err)
	assert.Equal(t, string(first), string(checkedIn), "spec/networking-v1.yaml is stale: run make generate")
	for _, d := range cfg.Documents {
		sum := sha256.Sum256(raw[d.Name])
		assert.Contains(t, string(first), "  "+hex.EncodeToString(sum[:])+" "+d.File+"\n", "the header names %s by its digest", d.Name)
	}
	for i, line := range strings.Split(string(first), "\n") {
		if len(line) > 400 {
			t.Errorf("line %d is %d characters long: the fragment should stay readable", i+1, len(line))
		}
	}
}

// Adding an operation is one line of the configuration: its path appears,
// its bodies are named by the same rules, and nothing else moves.
func TestOneLineAddsAnOperation(t *testing.T) {
	cfg, raw := inputs(t)
	// Take the network operations out, then add one back.
	d := cfg.Document(main)
	d.Operations = slices.DeleteFunc(d.Operations, func(op string) bool {
		return strings.HasSuffix(op, "NetworkingV1Network") || op == "listNetworkingV1Networks"
	})
	cfg.Deviations = slices.DeleteFunc(cfg.Deviations, func(d Deviation) bool { return d.Property != "" })
	before, err := Normalize(cfg, raw, true)
	require.NoError(t, err)
	d.Operations = append(d.Operations, "getNetworkingV1Network")
	after, err := Normalize(cfg, raw, true)
	require.NoError(t, err)
	has := func(doc []byte, s string) bool { return strings.Contains(string(doc), s) }
	assert.False(t, has(before, "/networking/v1/networks/{id}:"))
	assert.True(t, has(after, "/networking/v1/networks/{id}:"), "the new path")
	assert.True(t, has(after, "\n    Network:\n"), "the get answer's schema, named after the resource")
	assert.True(t, has(after, "\n    NetworkStatusCloud:\n"), "the status's cloud union, hoisted and named by rule")
}

func TestConfigurationErrorsNameTheFix(t *testing.T) {
	cfg, raw := inputs(t)
	cfg.Document(main).Operations = append(cfg.Document(main).Operations, "listNetworkingV1Gadgets")
	_, err := Normalize(cfg, raw, true)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "networking-v1: operation listNetworkingV1Gadgets (gen/normalize.yaml) is not in the upstream document")

	cfg, _ = inputs(t)
	cfg.Deviations = append(cfg.Deviations, Deviation{Schema: "Gadget", Set: map[string]any{"type": "object"}, Reason: "r"})
	_, err = Normalize(cfg, raw, true)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "deviation for Gadget (gen/normalize.yaml): the fragment has no such schema")

	cfg, _ = inputs(t)
	cfg.Deviations = append(cfg.Deviations, Deviation{Schema: "NetworkSpec", Property: "gadget", Set: map[string]any{"type": "object"}, Reason: "r"})
	_, err = Normalize(cfg, raw, true)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "deviation for NetworkSpec.gadget (gen/normalize.yaml): the schema has no such property")

	bad := &Config{Documents: []Document{{Name: "d", File: "d.yaml", Operations: []string{"x"}}}, Deviations: []Deviation{{Schema: "ObjectMeta", Set: map[string]any{"type": "object"}}}}
	assert.ErrorContains(t, bad.check(), "every deviation needs a reason")
}

// An overlay that does more than add required lists or examples is refused,
// not silently dropped.
func TestUnknownOverlayIsRefused(t *testing.T) {
	cfg, raw := inputs(t)
	at := strings.Index(string(raw[main]), "operationId: createNetworkingV1PrivateLinkAccess")
	require.Positive(t, at)
	head, tail := string(raw[main][:at]), string(raw[main][at:])
	const accepted = "                  required:\n                  - spec\n                  - status\n"
	require.Contains(t, tail, accepted)
	text := head + strings.Replace(tail, accepted, accepted+"                  maxProperties: 3\n", 1)
	_, err := Normalize(cfg, with(raw, main, text), true)
	require.Error(t, err)
	assert.Contains(t, err.Error(), `an allOf overlay sets "maxProperties"`)
}

// make sync's report: each changed part of the fragment by name, with its
// new definition; nothing when nothing changed.
func TestChangesShowNewDefinitions(t *testing.T) {
	cfg, raw := inputs(t)
	before, err := Normalize(cfg, raw, true)
	require.NoError(t, err)
	none, err := Changes(before, before)
	require.NoError(t, err)
	assert.Empty(t, none)

	text := strings.Replace(string(raw[main]), "    networking.v1.PrivateLinkAccessSpec:\n      description: The desired state of the Private Link Access\n      properties:\n",
		"    networking.v1.PrivateLinkAccessSpec:\n      description: The desired state of the Private Link Access\n      properties:\n        labels:\n          type: string\n", 1)
	require.NotEqual(t, string(raw[main]), text)
	after, err := Normalize(cfg, with(raw, main, text), true)
	require.NoError(t, err)
	report, err := Changes(before, after)
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(report, "schema PrivateLinkAccessSpec: changed, now\n"), report)
	assert.Contains(t, report, "    properties:\n")
	assert.Contains(t, report, "      labels:\n        type: string\n")
	assert.Equal(t, 1, strings.Count(report, ": changed"), report)
}

// What the server fills in (readOnly, not nullable) carries the configured
// server-filled extensions, so oapi-codegen types it as a plain value; what
// a request may send, and a nullable read-only reference, does not.
func TestServerFilledSchemasAreMarked(t *testing.T) {
	cfg, raw := inputs(t)
	require.NotEmpty(t, cfg.ServerFilled)
	out, err := Normalize(cfg, raw, true)
	require.NoError(t, err)
	doc, err := decode(out)
	require.NoError(t, err)
	schemas := asMap(asMap(doc["components"])["schemas"])
	at := func(path ...string) map[string]any {
		s := asMap(schemas[path[0]])
		for _, p := range path[1:] {
			s = asMap(asMap(s["properties"])[p])
		}
		require.NotNil(t, s, "%v", path)
		return s
	}
	marked := func(s map[string]any) bool {
		for k, v := range cfg.ServerFilled {
			if s[k] != v {
				return false
			}
		}
		return true
	}
	for _, path := range [][]string{
		{"PrivateLinkAccess", "id"}, {"PrivateLinkAccess", "api_version"}, {"PrivateLinkAccessListItem", "kind"},
		{"ObjectMeta"}, {"ObjectMeta", "created_at"}, {"PrivateLinkAccessStatus"}, {"PrivateLinkAccessStatus", "phase"},
		{"ObjectReference", "related"}, {"ObjectReference", "resource_name"},
	} {
		assert.True(t, marked(at(path...)), "%v is filled in by the server", path)
	}
	for _, path := range [][]string{
		{"PrivateLinkAccessSpec", "display_name"}, {"ObjectReference", "environment"}, {"ObjectReference", "id"},
		{"NetworkSpec", "gateway"}, {"PrivateLinkAccess", "spec"}, {"ListMeta", "next"},
	} {
		assert.False(t, marked(at(path...)), "%v keeps its pointer", path)
	}
}
