package normalize

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// gadgets is a small upstream document: a list and a create whose bodies
// use the shapes the passes deal with (an allOf overlay adding required
// lists, a read-only property and component, readOnly and nullable beside
// a lone allOf $ref, a shared filter schema behind a $ref, a oneOf).
const gadgets = `openapi: 3.0.0
info: {title: t, version: "1"}
servers: [{url: https://api.example}]
paths:
  /g/v1/gadgets:
    get:
      operationId: listGV1Gadgets
      parameters:
        - {name: spec.color, in: query, schema: {$ref: '#/components/schemas/Filter'}}
        - {name: page_size, in: query, schema: {type: integer, maximum: 100, default: 10}}
      responses:
        "200":
          description: ok
          content: {application/json: {schema: {$ref: '#/components/schemas/g.v1.GadgetList'}}}
    post:
      operationId: createGV1Gadget
      requestBody:
        content:
          application/json:
            schema:
              allOf:
                - $ref: '#/components/schemas/g.v1.Gadget'
                - required: [spec]
      responses:
        "202":
          description: accepted
          content: {application/json: {schema: {$ref: '#/components/schemas/g.v1.Gadget'}}}
  /g/v1/other:
    get:
      operationId: getGV1Other
      responses: {"200": {description: ok}}
components:
  schemas:
    Filter: {type: array, items: {type: string}}
    g.v1.GadgetList:
      type: object
      properties:
        data: {type: array, items: {$ref: '#/components/schemas/g.v1.Gadget'}}
    g.v1.Gadget:
      type: object
      properties:
        id: {type: string, readOnly: true}
        spec: {$ref: '#/components/schemas/g.v1.GadgetSpec'}
        status: {$ref: '#/components/schemas/g.v1.GadgetStatus'}
        kinds:
          allOf: [{$ref: '#/components/schemas/g.v1.Kinds'}]
          readOnly: true
    g.v1.GadgetSpec:
      type: object
      properties:
        color: {type: string, example: red}
        shape:
          oneOf: [{$ref: '#/components/schemas/g.v1.Round'}]
    g.v1.Round: {type: object, properties: {kind: {type: string, enum: [Round]}}}
    g.v1.Kinds: {type: array, items: {type: string}}
    g.v1.GadgetStatus:
      type: object
      readOnly: true
      properties:
        phase: {type: string}
        inner: {$ref: '#/components/schemas/g.v1.OnlyInStatus'}
    g.v1.OnlyInStatus: {type: object, properties: {x: {type: string}}}
`

// fixture derives a fragment from docs (name: text), keeping ops of each.
func fixture(t *testing.T, docs map[string]string, ops map[string][]string, edit func(*Config)) (map[string]any, error) {
	t.Helper()
	cfg := &Config{StripPrefix: "g.v1.", OperationPrefix: "GV1", ServerFilled: map[string]any{"x-go-type-skip-optional-pointer": true}}
	raw := map[string][]byte{}
	for _, name := range []string{"first", "second"} {
		if text, ok := docs[name]; ok {
			cfg.Documents = append(cfg.Documents, Document{Name: name, File: name + ".yaml", Operations: ops[name]})
			raw[name] = []byte(text)
		}
	}
	if edit != nil {
		edit(cfg)
	}
	out, err := Normalize(cfg, raw, true)
	if err != nil {
		return nil, err
	}
	doc, err := decode(out)
	require.NoError(t, err)
	return doc, nil
}

func schemasOf(doc map[string]any) map[string]any {
	return asMap(asMap(doc["components"])["schemas"])
}

// The passes run in an order built here, deviations only when asked.
func TestPassesOrder(t *testing.T) {
	names := func(list []pass) []string {
		var out []string
		for _, p := range list {
			out = append(out, p.name)
		}
		return out
	}
	with, without := names(passes(true)), names(passes(false))
	assert.Contains(t, with, "deviations")
	assert.NotContains(t, without, "deviations")
	assert.Equal(t, len(with)-1, len(without))
	index := func(name string) int {
		for i, n := range with {
			if n == name {
				return i
			}
		}
		t.Fatalf("no pass %s", name)
		return -1
	}
	assert.Less(t, index("select operations"), index("overlay requirements"))
	assert.Less(t, index("overlay requirements"), index("prune"))
	assert.Less(t, index("prune"), index("server-filled"))
	assert.Less(t, index("server-filled"), index("union kind aliases"))
	assert.Less(t, index("union kind aliases"), index("deviations"))
	assert.Less(t, index("deviations"), index("describe"))
}

// A failing pass is named in the error, and later passes do not run.
func TestFailingPassIsNamed(t *testing.T) {
	_, err := fixture(t, map[string]string{"first": gadgets}, map[string][]string{"first": {"listGV1Gadgets"}}, func(c *Config) {
		c.Deviations = []Deviation{{Schema: "Nothing", Set: map[string]any{"type": "object"}, Reason: "r"}}
	})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "cannot normalize (deviations)")
}
