package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"

	"github.com/ccloud-go/networking/gen/internal/normalize"
)

// edit replaces one exact, unique snippet of a fixture.
type edit struct{ old, new string }

// editedFixture writes testdata/name with the edits applied to a temporary
// file and returns its path. Each snippet must occur exactly once, so a
// fixture change cannot silently turn a case into a no-op.
func editedFixture(t *testing.T, name string, edits ...edit) string {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("testdata", name))
	require.NoError(t, err)
	text := string(raw)
	for _, e := range edits {
		require.Equal(t, 1, strings.Count(text, e.old), "snippet %q in %s", e.old, name)
		text = strings.Replace(text, e.old, e.new, 1)
	}
	path := filepath.Join(t.TempDir(), name)
	require.NoError(t, os.WriteFile(path, []byte(text), 0o600))
	return path
}

func diff(t *testing.T, fragPath, upPath string) ([]string, int) {
	t.Helper()
	frag, err := load(fragPath)
	require.NoError(t, err)
	up, err := load(upPath)
	require.NoError(t, err)
	return compareDocs(frag, up)
}

func TestNoDrift(t *testing.T) {
	cases := []struct {
		name     string
		upstream string
		edits    []edit
	}{
		{name: "identical documents", upstream: "fragment.yaml"},
		{name: "allOf overlays, other component names, inherited security", upstream: "upstream.yaml"},
		{name: "another example-only overlay", upstream: "upstream.yaml", edits: []edit{{
			"                  - required: [id, spec, status]\n",
			"                  - properties: {id: {}, metadata: {properties: {self: {example: x}}}, spec: {description: d}}\n" +
				"                  - required: [id, spec, status]\n",
		}}},
		{name: "readOnly property only in the upstream request body", upstream: "upstream.yaml", edits: []edit{{
			"                  required: [spec]\n",
			"                  required: [spec, etag]\n" +
				"                  properties:\n" +
				"                    etag: {type: string, readOnly: true}\n",
		}, {
			"                  properties:\n                    spec: {type: object, required: [name, owner, shape]}\n                - properties:",
			"                    spec: {type: object, required: [name, owner, shape]}\n                - properties:",
		}}},
		{name: "header names differ only in case", upstream: "upstream.yaml", edits: []edit{{
			"Retry-After: {schema: {type: integer}}", "retry-after: {schema: {type: integer}}",
		}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			lines, compared := diff(t, "testdata/fragment.yaml", editedFixture(t, tc.upstream, tc.edits...))
			assert.Empty(t, lines)
			assert.Equal(t, 3, compared)
		})
	}
}

func TestDriftIsReported(t *testing.T) {
	cases := []struct {
		name string
		edit edit
		want []string // each must be one of the reported lines
	}{
		{"changed property type",
			edit{"size: {type: integer, minimum: 1", "size: {type: number, minimum: 1"},
			// One line for the component, not one per operation reaching it.
			[]string{"schema GadgetSpec: .size: type differs (fragment: integer, upstream: number)"}},
		{"removed enum value",
			edit{"enum: [blue, green, red]", "enum: [blue, red]"},
			[]string{`schema GadgetSpec: .color: enum value "green" missing upstream`}},
		{"changed pattern",
			edit{"pattern: '^[a-z]+$', example", "pattern: '^[a-z0-9]+$', example"},
			[]string{`schema GadgetSpec: .name: pattern differs (fragment: ^[a-z]+$, upstream: ^[a-z0-9]+$)`}},
		{"added required field",
			edit{"- required: [id, spec, status]", "- required: [id, kind, spec, status]"},
			[]string{`schema Gadget: .: required "kind" missing in fragment`}},
		{"required field of a request body added in an overlay",
			edit{"required: [spec]\n", "required: [spec, metadata]\n"},
			nil}, // metadata is readOnly: not sent, so requiring it is no drift
		{"missing status code",
			edit{"        '204': {description: gone}", "        '204': {description: gone}\n        '404': {description: not found}"},
			[]string{"DELETE /v1/gadgets/{id} 404: response missing in fragment"}},
		{"missing header",
			edit{"Retry-After: {schema: {type: integer}}", "Retry-After: {schema: {type: integer}}\n            X-RateLimit-Reset: {schema: {type: integer}}"},
			[]string{"GET /v1/gadgets 429 header X-RateLimit-Reset: header missing in fragment"}},
		{"changed header type",
			edit{"Retry-After: {schema: {type: integer}}", "Retry-After: {schema: {type: string}}"},
			[]string{"GET /v1/gadgets 429 header Retry-After: schema: type differs (fragment: integer, upstream: string)"}},
		{"changed parameter required",
			edit{"{name: tag, in: query, required: false", "{name: tag, in: query, required: true"},
			[]string{"GET /v1/gadgets param query tag: required differs (fragment: false, upstream: true)"}},
		{"changed parameter type",
			edit{"SearchFilter: {type: string}", "SearchFilter: {type: integer}"},
			[]string{"GET /v1/gadgets param query environment: schema: type differs (fragment: string, upstream: integer)"}},
		{"changed parameter item type",
			edit{"MultiFilter: {type: array, items: {type: string}}", "MultiFilter: {type: array, items: {type: integer}}"},
			[]string{"GET /v1/gadgets param query tag: schema[]: type differs (fragment: string, upstream: integer)"}},
		{"changed parameter explode",
			edit{"{name: tag, in: query, required: false,", "{name: tag, in: query, required: false, explode: false,"},
			[]string{"GET /v1/gadgets param query tag: explode differs (fragment: true, upstream: false)"}},
		{"extra parameter upstream",
			edit{"      - {name: id, in: path", "      - {name: force, in: query, schema: {type: boolean}}\n      - {name: id, in: path"},
			[]string{"DELETE /v1/gadgets/{id} param query force: parameter missing in fragment"}},
		{"renamed operationId",
			edit{"operationId: listGadgets", "operationId: listAllGadgets"},
			[]string{"GET /v1/gadgets: operationId differs (fragment: listGadgets, upstream: listAllGadgets)"}},
		{"missing operation, and a new method on a covered path",
			edit{"    delete:\n      operationId: deleteGadget", "    put:\n      operationId: replaceGadget"},
			[]string{
				"DELETE /v1/gadgets/{id}: operation missing upstream",
				`PUT /v1/gadgets/{id}: operation missing in fragment (upstream operationId "replaceGadget")`,
			}},
		{"extra property",
			edit{"        size: {type: integer", "        weight: {type: number}\n        size: {type: integer"},
			[]string{`schema GadgetSpec: .: property "weight" missing in fragment`}},
		{"property writable upstream but readOnly in the fragment",
			edit{"related: {type: string, format: uri, readOnly: true}", "related: {type: string, format: uri}"},
			[]string{
				`schema Owner: .: property "related" is readOnly in the fragment but sent in requests upstream`,
				`schema Owner: .related: readOnly differs (fragment: true, upstream: false)`,
			}},
		{"extensible enum value added",
			edit{"x-extensible-enum: [FAILED, READY]", "x-extensible-enum: [FAILED, READY, GONE]"},
			[]string{`schema GadgetStatus: .phase: x-extensible-enum value "GONE" missing in fragment`}},
		{"changed maxLength",
			edit{"maxLength: 64", "maxLength: 32"},
			[]string{"schema Gadget: .id: maxLength differs (fragment: 64, upstream: 32)", "schema GadgetListItem: .id: maxLength differs (fragment: 64, upstream: 32)"}},
		{"oneOf branch changed",
			edit{"side: {type: integer}", "side: {type: integer, minimum: 1}"},
			[]string{"schema Square: .side: minimum differs (fragment: none, upstream: 1)"}},
		{"discriminator mapping points elsewhere",
			edit{"Square: '#/components/schemas/g.Square'", "Square: '#/components/schemas/g.Round'"},
			[]string{`schema Square: .: property "radius" missing in fragment`}},
		{"discriminator mapping key added",
			edit{"mapping: {Round:", "mapping: {Circle: '#/components/schemas/g.Round', Round:"},
			[]string{`schema Shape: .: discriminator mapping key "Circle" missing in fragment`}},
		{"security scheme changed",
			edit{"scheme: Basic", "scheme: bearer"},
			[]string{"GET /v1/gadgets security scheme api-key: scheme differs (fragment: basic, upstream: bearer)"}},
		{"security requirement changed",
			edit{"security:\n  - api-key: []", "security:\n  - other-key: []"},
			[]string{
				`GET /v1/gadgets security: requirement "api-key" missing upstream`,
				`GET /v1/gadgets security: requirement "other-key" missing in fragment`,
			}},
		{"content type added",
			edit{"                allOf:\n                  - $ref: '#/components/schemas/g.GadgetList'",
				"                type: object\n            text/csv:\n              schema:\n                allOf:\n                  - $ref: '#/components/schemas/g.GadgetList'"},
			[]string{`GET /v1/gadgets 200: content type "text/csv" missing in fragment`}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			lines, _ := diff(t, "testdata/fragment.yaml", editedFixture(t, "upstream.yaml", tc.edit))
			if tc.want == nil {
				assert.Empty(t, lines)
			}
			for _, w := range tc.want {
				assert.Contains(t, lines, w, strings.Join(lines, "\n"))
			}
		})
	}
}

// The extensions the normalizer sets on server-filled schemas
// (gen/normalize.yaml server-filled) only say how Go types them: a fragment
// carrying them has not drifted, and a real difference beside them still
// shows.
func TestServerFilledExtensionsAreNoDrift(t *testing.T) {
	const ext = "x-go-type-skip-optional-pointer: true, x-omitzero: true"
	tagged := []edit{
		{"id: {type: string, maxLength: 64, readOnly: true}", "id: {type: string, maxLength: 64, readOnly: true, " + ext + "}"},
		{"      readOnly: true\n      required: [self]\n", "      readOnly: true\n      " + strings.ReplaceAll(ext, ", ", "\n      ") + "\n      required: [self]\n"},
		{"related: {type: string, format: uri, readOnly: true}", "related: {type: string, format: uri, readOnly: true, " + ext + "}"},
	}
	frag := editedFixture(t, "fragment.yaml", tagged...)
	lines, compared := diff(t, frag, "testdata/upstream.yaml")
	assert.Empty(t, lines)
	assert.Equal(t, 3, compared)

	changed := editedFixture(t, "fragment.yaml", append(tagged, edit{"maxLength: 64", "maxLength: 32"})...)
	lines, _ = diff(t, changed, "testdata/upstream.yaml")
	assert.Contains(t, lines, "schema Gadget: .id: maxLength differs (fragment: 32, upstream: 64)", strings.Join(lines, "\n"))
}

// A schema that contains itself is walked once per path, and a difference
// inside it is still found.
func TestRecursiveSchemas(t *testing.T) {
	lines, compared := diff(t, "testdata/recursive.yaml", "testdata/recursive.yaml")
	assert.Empty(t, lines)
	assert.Equal(t, 1, compared)

	changed := editedFixture(t, "recursive.yaml", edit{"name: {type: string}", "name: {type: string, maxLength: 9}"})
	lines, _ = diff(t, "testdata/recursive.yaml", changed)
	assert.Equal(t, []string{"schema Node: .name: maxLength differs (fragment: none, upstream: 9)"}, lines)
}

func TestExitCodes(t *testing.T) {
	garbage := filepath.Join(t.TempDir(), "garbage.yaml")
	require.NoError(t, os.WriteFile(garbage, []byte("openapi: [3.0.0\n  paths: {{"), 0o600))
	notOpenAPI := filepath.Join(t.TempDir(), "plain.yaml")
	require.NoError(t, os.WriteFile(notOpenAPI, []byte("name: not a spec\n"), 0o600))
	renamed := editedFixture(t, "upstream.yaml", edit{"operationId: listGadgets", "operationId: listThings"})

	cases := []struct {
		name      string
		args      []string
		code      int
		stdout    string // exact output when set
		hasStderr bool
	}{
		{name: "no drift", args: []string{"-fragment", "testdata/fragment.yaml", "-upstream", "testdata/upstream.yaml"},
			code: 0, stdout: "no drift (3 operations compared)\n"},
		{name: "drift", args: []string{"-fragment", "testdata/fragment.yaml", "-upstream", renamed},
			code: 1, stdout: "GET /v1/gadgets:\n  operationId differs (fragment: listGadgets, upstream: listThings)\n" +
				"drift: 1 difference(s) in 3 operations compared\n"},
		{name: "unreadable upstream", args: []string{"-fragment", "testdata/fragment.yaml", "-upstream", "testdata/absent.yaml"},
			code: 2, hasStderr: true},
		{name: "unreadable fragment", args: []string{"-fragment", "testdata/absent.yaml", "-upstream", "testdata/upstream.yaml"},
			code: 2, hasStderr: true},
		{name: "unparseable upstream", args: []string{"-fragment", "testdata/fragment.yaml", "-upstream", garbage},
			code: 2, hasStderr: true},
		{name: "not an OpenAPI document", args: []string{"-fragment", notOpenAPI, "-upstream", "testdata/upstream.yaml"},
			code: 2, hasStderr: true},
		{name: "no upstream flag", args: []string{"-fragment", "testdata/fragment.yaml"}, code: 2, hasStderr: true},
		{name: "unknown flag", args: []string{"-frag", "x"}, code: 2, hasStderr: true},
		{name: "stray argument", args: []string{"-upstream", "testdata/upstream.yaml", "extra"}, code: 2, hasStderr: true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			assert.Equal(t, tc.code, run(tc.args, &stdout, &stderr), stdout.String()+stderr.String())
			if tc.stdout != "" {
				assert.Equal(t, tc.stdout, stdout.String())
			}
			assert.Equal(t, tc.hasStderr, stderr.Len() > 0, stderr.String())
		})
	}
}

// config is the checked-in configuration and the operations of each of
// its vendored documents, read from them.
func config(t *testing.T) (*normalize.Config, map[string][]byte, map[string][]string) {
	t.Helper()
	cfg, err := normalize.LoadConfig("../normalize.yaml")
	require.NoError(t, err)
	docs, err := cfg.ReadDocuments()
	require.NoError(t, err)
	ops := map[string][]string{}
	for name, raw := range docs {
		ops[name], err = normalize.OperationIDs(raw)
		require.NoError(t, err)
		require.NotEmpty(t, ops[name], name)
	}
	return cfg, docs, ops
}

// noDrift is what drift prints for the vendored documents when nothing
// differs: a line per document with the operations it has.
func noDrift(cfg *normalize.Config, ops map[string][]string, deviated func(name string) int) string {
	var b strings.Builder
	for _, d := range cfg.Documents {
		note := ""
		if n := deviated(d.Name); n > 0 {
			note = fmt.Sprintf("; %d declared deviation(s) left out", n)
		}
		fmt.Fprintf(&b, "%s: no drift (%d operations compared%s)\n", d.Name, len(ops[d.Name]), note)
	}
	return b.String()
}

// The checked-in fragment says what every vendored upstream document says,
// and keeps every one of their operations. The documents live in the
// repository, so this runs on every clone.
func TestSpecMatchesVendoredUpstream(t *testing.T) {
	cfg, _, ops := config(t)
	for _, d := range cfg.Documents {
		assert.ElementsMatch(t, ops[d.Name], d.Operations, "gen/normalize.yaml keeps every operation of %s", d.Name)
	}
	var stdout, stderr bytes.Buffer
	code := run([]string{"-fragment", "../../spec/networking-v1.yaml", "-config", "../normalize.yaml"}, &stdout, &stderr)
	assert.Equal(t, 0, code, stdout.String()+stderr.String())
	// The deviations are of ObjectMeta (every document but one has it) and
	// of NetworkSpec (networking-v1's own).
	lines := strings.Split(strings.TrimSpace(stdout.String()), "\n")
	require.Len(t, lines, len(cfg.Documents), stdout.String())
	for i, d := range cfg.Documents {
		assert.True(t, strings.HasPrefix(lines[i], fmt.Sprintf("%s: no drift (%d operations compared", d.Name, len(ops[d.Name]))), lines[i])
	}

	// One document given by its file alone is recognised by its content.
	for _, d := range cfg.Documents {
		stdout.Reset()
		code := run([]string{"-fragment", "../../spec/networking-v1.yaml", "-config", "../normalize.yaml", "-upstream", cfg.Path(&d)}, &stdout, &stderr)
		assert.Equal(t, 0, code, stdout.String()+stderr.String())
		assert.True(t, strings.HasPrefix(stdout.String(), fmt.Sprintf("no drift (%d operations compared", len(ops[d.Name]))), stdout.String())
	}
}

// oneOf branches are paired by discriminator value: a reorder upstream is no
// drift, and a new variant is one line under the union's component.
func TestOneOfVariantsByDiscriminator(t *testing.T) {
	swapped := editedFixture(t, "upstream.yaml", edit{
		"oneOf: [{$ref: '#/components/schemas/g.Round'}, {$ref: '#/components/schemas/g.Square'}]",
		"oneOf: [{$ref: '#/components/schemas/g.Square'}, {$ref: '#/components/schemas/g.Round'}]",
	})
	lines, _ := diff(t, "testdata/fragment.yaml", swapped)
	assert.Empty(t, lines)

	added := editedFixture(t, "upstream.yaml", edit{
		"oneOf: [{$ref: '#/components/schemas/g.Round'}, {$ref: '#/components/schemas/g.Square'}]",
		"oneOf: [{$ref: '#/components/schemas/g.Square'}, {$ref: '#/components/schemas/g.Round'}, " +
			"{type: object, properties: {kind: {type: string, enum: [Hex]}}}]",
	})
	lines, _ = diff(t, "testdata/fragment.yaml", added)
	assert.Equal(t, []string{`schema Shape: .: oneOf variant "Hex" missing in fragment`}, lines)
}

// A deviation declared in the normalizer's configuration is expected: it is
// left out of the report (and counted), and anything else still shows.
func TestDeclaredDeviations(t *testing.T) {
	cfg := filepath.Join(t.TempDir(), "normalize.yaml")
	require.NoError(t, os.WriteFile(cfg, []byte("deviations:\n  - schema: Round\n    set: {minProperties: 1, type: object}\n    reason: test\n"), 0o600))
	untyped := editedFixture(t, "upstream.yaml", edit{"    g.Round:\n      title: ROUND\n      type: object\n", "    g.Round:\n"})
	var stdout, stderr bytes.Buffer
	code := run([]string{"-fragment", "testdata/fragment.yaml", "-upstream", untyped, "-config", cfg}, &stdout, &stderr)
	assert.Equal(t, 0, code, stdout.String()+stderr.String())
	assert.Equal(t, "no drift (3 operations compared; 1 declared deviation(s) left out)\n", stdout.String())

	stdout.Reset()
	code = run([]string{"-fragment", "testdata/fragment.yaml", "-upstream", untyped}, &stdout, &stderr)
	assert.Equal(t, 1, code)
	assert.Equal(t, "schema Round:\n  .: type differs (fragment: object, upstream: none)\n"+
		"drift: 1 difference(s) in 3 operations compared\n", stdout.String())
}

// The normalizer's own test: without its declared deviations, the fragment
// it derives from the vendored snapshot says exactly what upstream says.
func TestNormalizedWithoutDeviationsHasNoDrift(t *testing.T) {
	cfg, docs, ops := config(t)
	out, err := normalize.Normalize(cfg, docs, false)
	require.NoError(t, err)
	frag := filepath.Join(t.TempDir(), "fragment.yaml")
	require.NoError(t, os.WriteFile(frag, out, 0o600))

	// A configuration without its deviations, so that none is expected.
	plain := filepath.Join(t.TempDir(), "normalize.yaml")
	raw, err := os.ReadFile("../normalize.yaml")
	require.NoError(t, err)
	text, _, _ := strings.Cut(string(raw), "\ndeviations:")
	text = strings.ReplaceAll(text, "upstream-dir: ../spec/upstream", "upstream-dir: "+filepath.Join(mustAbs(t, "../../spec/upstream")))
	text = strings.ReplaceAll(text, "descriptions: descriptions.yaml", "descriptions: "+mustAbs(t, "../descriptions.yaml"))
	require.NoError(t, os.WriteFile(plain, []byte(text), 0o600))

	var stdout, stderr bytes.Buffer
	code := run([]string{"-fragment", frag, "-config", plain}, &stdout, &stderr)
	assert.Equal(t, 0, code, stdout.String()+stderr.String())
	// The kind aliases are declared: counted, and as many as the fragment
	// has mapping keys with the configured prefix.
	counts := aliasCount.FindAllStringSubmatch(stdout.String(), -1)
	total := 0
	for _, m := range counts {
		n, err := strconv.Atoi(m[1])
		require.NoError(t, err)
		total += n
	}
	require.NotNil(t, cfg.UnionKindAliases)
	assert.Equal(t, strings.Count(string(out), "\n          "+cfg.UnionKindAliases.Prefix), total)
	assert.Positive(t, total)
	assert.Equal(t, noDrift(cfg, ops, func(string) int { return 0 }), aliasCount.ReplaceAllString(stdout.String(), ""))
}

// aliasCount is how drift counts the declared kind aliases in its line.
var aliasCount = regexp.MustCompile(`; (\d+) declared kind alias\(es\)`)

func mustAbs(t *testing.T, p string) string {
	t.Helper()
	abs, err := filepath.Abs(p)
	require.NoError(t, err)
	return abs
}

// Every operation of every vendored document normalizes together, with no
// drift, and with no parameter, answer and schema sharing a name (they
// share Go's type names).
func TestEveryUpstreamOperationNormalizes(t *testing.T) {
	cfg, docs, ops := config(t)
	for i := range cfg.Documents {
		cfg.Documents[i].Operations = ops[cfg.Documents[i].Name]
	}
	out, err := normalize.Normalize(cfg, docs, true)
	require.NoError(t, err)
	frag := filepath.Join(t.TempDir(), "fragment.yaml")
	require.NoError(t, os.WriteFile(frag, out, 0o600))

	doc, err := load(frag)
	require.NoError(t, err)
	names := map[string]string{}
	for kind, comps := range map[string][]string{
		"schema": keys(doc.Components.Schemas), "parameter": keys(doc.Components.Parameters), "response": keys(doc.Components.Responses),
	} {
		for _, name := range comps {
			if prev, taken := names[name]; taken {
				t.Errorf("%s %s and %s %s would be one Go type", prev, name, kind, name)
			}
			names[name] = kind
		}
	}

	var stdout, stderr bytes.Buffer
	code := run([]string{"-fragment", frag, "-config", "../normalize.yaml"}, &stdout, &stderr)
	assert.Equal(t, 0, code, stdout.String()+stderr.String())
	assert.NotContains(t, stdout.String(), "does not keep")
}

// A file that carries an operation another configured document keeps (one
// document's file with a path of another's) lists it as left out, but says
// which document keeps it: adding it here, as the heading suggests for an
// operation nobody keeps, would type it twice.
func TestLeftOutOperationKeptByAnotherDocument(t *testing.T) {
	cfg, err := normalize.LoadConfig("../normalize.yaml")
	require.NoError(t, err)
	require.GreaterOrEqual(t, len(cfg.Documents), 2)
	host, guest := &cfg.Documents[0], &cfg.Documents[1]
	read := func(d *normalize.Document) map[string]any {
		raw, err := os.ReadFile(cfg.Path(d))
		require.NoError(t, err)
		var doc map[string]any
		require.NoError(t, yaml.Unmarshal(raw, &doc))
		return doc
	}
	merged, other := read(host), read(guest)
	// One path of the guest holding an operation it keeps, with every
	// component of the guest the host lacks, so its references resolve.
	var moved string
	for path, item := range other["paths"].(map[string]any) {
		for _, op := range item.(map[string]any) {
			if m, ok := op.(map[string]any); ok && slices.Contains(guest.Operations, fmt.Sprint(m["operationId"])) {
				merged["paths"].(map[string]any)[path] = item
				moved = fmt.Sprint(m["operationId"])
			}
		}
		if moved != "" {
			break
		}
	}
	require.NotEmpty(t, moved, "%s keeps no operation", guest.Name)
	for kind, comps := range other["components"].(map[string]any) {
		into, _ := merged["components"].(map[string]any)[kind].(map[string]any)
		if into == nil {
			into = map[string]any{}
			merged["components"].(map[string]any)[kind] = into
		}
		for name, c := range comps.(map[string]any) {
			if _, ok := into[name]; !ok {
				into[name] = c
			}
		}
	}
	out, err := yaml.Marshal(merged)
	require.NoError(t, err)
	file := filepath.Join(t.TempDir(), "merged.yaml")
	require.NoError(t, os.WriteFile(file, out, 0o600))

	var stdout, stderr bytes.Buffer
	run([]string{"-fragment", "../../spec/networking-v1.yaml", "-config", "../normalize.yaml", "-upstream", host.Name + "=" + file}, &stdout, &stderr)
	require.Empty(t, stderr.String())
	var line string
	for l := range strings.SplitSeq(stdout.String(), "\n") {
		if strings.Contains(l, moved) {
			line = l
		}
	}
	assert.Contains(t, line, "kept from "+guest.Name, stdout.String())
}

// Kind aliases the configuration declares (union-kind-aliases) are no drift
// when they name the variant their plain key names; without the
// configuration, or pointing at another variant, they are.
func TestDeclaredKindAliases(t *testing.T) {
	aliased := editedFixture(t, "fragment.yaml", edit{
		"mapping: {Round: '#/components/schemas/Round',",
		"mapping: {g.Round: '#/components/schemas/Round', Round: '#/components/schemas/Round',",
	})
	astray := editedFixture(t, "fragment.yaml", edit{
		"mapping: {Round: '#/components/schemas/Round',",
		"mapping: {g.Round: '#/components/schemas/Square', Round: '#/components/schemas/Round',",
	})
	load2 := func(fragPath string) (*openapi3.T, *openapi3.T) {
		frag, err := load(fragPath)
		require.NoError(t, err)
		up, err := load("testdata/upstream.yaml")
		require.NoError(t, err)
		return frag, up
	}
	frag, up := load2(aliased)
	lines, _, aliases := compareDocsAliased(frag, up, "g.")
	assert.Empty(t, lines)
	assert.Equal(t, 1, aliases)

	lines, _, aliases = compareDocsAliased(frag, up, "")
	assert.Equal(t, []string{`schema Shape: .: discriminator mapping key "g.Round" missing upstream`}, lines)
	assert.Zero(t, aliases)

	frag, up = load2(astray)
	lines, _, aliases = compareDocsAliased(frag, up, "g.")
	assert.Equal(t, []string{`schema Shape: .: discriminator mapping key "g.Round" missing upstream`}, lines)
	assert.Zero(t, aliases)

	// Through the command: the configuration's prefix is read and the
	// aliases counted.
	cfg := filepath.Join(t.TempDir(), "normalize.yaml")
	require.NoError(t, os.WriteFile(cfg, []byte("union-kind-aliases: {prefix: g., reason: test}\n"), 0o600))
	var stdout, stderr bytes.Buffer
	code := run([]string{"-fragment", aliased, "-upstream", "testdata/upstream.yaml", "-config", cfg}, &stdout, &stderr)
	assert.Equal(t, 0, code, stdout.String()+stderr.String())
	assert.Equal(t, "no drift (3 operations compared; 1 declared kind alias(es))\n", stdout.String())
}

// A property declared writable (or read-only) against upstream is one
// deviation: besides its readOnly line in answers, the lines the readOnly
// rule makes in request bodies (the property, its place in required) are
// expected too, and only for that property of that schema.
func TestReadOnlyDeviationCoversRequestLines(t *testing.T) {
	d := []deviation{{"Conn", "connection_id", "readOnly"}}
	for _, line := range []string{
		`schema Conn: .connection_id: readOnly differs (fragment: false, upstream: true)`,
		`schema Conn: .: property "connection_id" is sent in requests in the fragment but readOnly upstream`,
		`schema Conn: .: required "connection_id" missing upstream`,
	} {
		assert.True(t, isExpected(line, d), line)
	}
	for _, line := range []string{
		`schema Conn: .: property "other" is sent in requests in the fragment but readOnly upstream`,
		`schema Conn: .: required "other" missing upstream`,
		`schema Other: .: required "connection_id" missing upstream`,
	} {
		assert.False(t, isExpected(line, d), line)
	}
	assert.False(t, isExpected(`schema Conn: .: required "connection_id" missing upstream`, []deviation{{"Conn", "connection_id", "minLength"}}))
}
