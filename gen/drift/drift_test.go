package main

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func loadFixture(t *testing.T, name string) *openapi3.T {
	t.Helper()
	doc, err := load("testdata/" + name)
	require.NoError(t, err)
	return doc
}

func schema(doc *openapi3.T, name string) *openapi3.Schema {
	return doc.Components.Schemas[name].Value
}

// The fixtures say the same thing in two ways: no drift.
func TestEquivalentDocumentsHaveNoDrift(t *testing.T) {
	diffs, n := compareDocs(loadFixture(t, "fragment.yaml"), loadFixture(t, "upstream.yaml"))
	assert.Empty(t, diffs)
	assert.Equal(t, 2, n)
}

// Each change to upstream is reported with a line that names it.
func TestEachDifferenceIsReported(t *testing.T) {
	cases := []struct {
		name   string
		change func(up *openapi3.T)
		want   []string
	}{
		{"property type", func(up *openapi3.T) {
			schema(up, "Round").Properties["radius"].Value.Type = &openapi3.Types{"string"}
		}, []string{"POST /v1/widgets: request body: .spec.shape.oneOf[0].radius: type: fragment [integer], upstream [string]"}},
		{"enum value removed", func(up *openapi3.T) {
			schema(up, "Widget").Properties["kind"].Value.Enum = []any{"Gadget"}
		}, []string{"response 202 body: .kind: enum: fragment [Widget], upstream [Gadget]"}},
		{"pattern changed", func(up *openapi3.T) {
			schema(up, "Square").Properties["side"].Value.Pattern = `^\d{4}$`
		}, []string{`.spec.shape.oneOf[1].side: pattern: fragment "^\\d{3}$", upstream "^\\d{4}$"`}},
		{"required field added", func(up *openapi3.T) {
			s := schema(up, "Ref")
			s.Required = append(s.Required, "name")
			s.Properties["name"] = openapi3.NewSchemaRef("", openapi3.NewStringSchema())
		}, []string{".spec.environment: required: fragment [id], upstream [id, name]", ".spec.environment.name: property: fragment \"missing\", upstream \"present\""}},
		{"property removed", func(up *openapi3.T) {
			delete(schema(up, "Widget").Properties, "metadata")
		}, []string{".metadata: property: fragment \"present\", upstream \"missing\""}},
		{"readOnly changed", func(up *openapi3.T) {
			schema(up, "Ref").Properties["related"].Value.ReadOnly = false
		}, []string{"POST /v1/widgets: request body: .spec.environment.related: property: fragment \"missing\", upstream \"present\"",
			"response 202 body: .spec.environment.related: readOnly: fragment true, upstream false"}},
		{"format changed", func(up *openapi3.T) {
			schema(up, "Meta").Properties["self"].Value.Format = "uri-reference"
		}, []string{`.metadata.self: format: fragment "uri", upstream "uri-reference"`}},
		{"extensible enum grows", func(up *openapi3.T) {
			schema(up, "Widget").Properties["status"].Value.Properties["phase"].Value.Extensions["x-extensible-enum"] = []any{"PROVISIONING", "READY", "FAILED"}
		}, []string{".status.phase: x-extensible-enum"}},
		{"status code missing", func(up *openapi3.T) {
			up.Paths.Value("/v1/widgets").Post.Responses.Set("422", &openapi3.ResponseRef{Value: openapi3.NewResponse().WithDescription("bad")})
		}, []string{"POST /v1/widgets: response 422: upstream, missing from the fragment"}},
		{"header missing", func(up *openapi3.T) {
			up.Paths.Value("/v1/widgets").Get.Responses.Value("429").Value.Headers["X-RateLimit-Reset"] = &openapi3.HeaderRef{Value: &openapi3.Header{}}
		}, []string{"GET /v1/widgets: response 429: header X-Ratelimit-Reset upstream, missing from the fragment"}},
		{"header type", func(up *openapi3.T) {
			up.Paths.Value("/v1/widgets").Get.Responses.Value("429").Value.Headers["Retry-After"].Value.Schema.Value.Type = &openapi3.Types{"string"}
		}, []string{"response 429: header Retry-After: .: type: fragment [integer], upstream [string]"}},
		{"parameter required", func(up *openapi3.T) {
			up.Paths.Value("/v1/widgets").Get.Parameters[1].Value.Required = true
		}, []string{"GET /v1/widgets: parameter query color: required: fragment false, upstream true"}},
		{"parameter type", func(up *openapi3.T) {
			up.Paths.Value("/v1/widgets").Get.Parameters[2].Value.Schema = openapi3.NewSchemaRef("", openapi3.NewStringSchema())
		}, []string{"parameter query page_size: .: type: fragment [integer], upstream [string]"}},
		{"parameter style", func(up *openapi3.T) {
			f := false
			up.Paths.Value("/v1/widgets").Get.Parameters[1].Value.Explode = &f
		}, []string{"parameter query color: style: fragment form/explode=true, upstream form/explode=false"}},
		{"parameter added", func(up *openapi3.T) {
			op := up.Paths.Value("/v1/widgets").Get
			op.Parameters = append(op.Parameters, &openapi3.ParameterRef{Value: openapi3.NewQueryParameter("sort").WithSchema(openapi3.NewStringSchema())})
		}, []string{"parameter query sort: upstream, missing from the fragment"}},
		{"operationId renamed", func(up *openapi3.T) {
			up.Paths.Value("/v1/widgets").Get.OperationID = "listAllWidgets"
		}, []string{`GET /v1/widgets: operationId: fragment "listWidgets", upstream "listAllWidgets"`}},
		{"operation missing upstream", func(up *openapi3.T) {
			up.Paths.Value("/v1/widgets").Post = nil
		}, []string{"POST /v1/widgets: operation missing upstream"}},
		{"operation added upstream", func(up *openapi3.T) {
			up.Paths.Value("/v1/widgets").Put = &openapi3.Operation{OperationID: "replaceWidgets", Responses: openapi3.NewResponses()}
		}, []string{"PUT /v1/widgets: operation replaceWidgets upstream is missing from the fragment"}},
		{"path missing", func(up *openapi3.T) {
			up.Paths.Delete("/v1/widgets")
		}, []string{"/v1/widgets: path missing upstream"}},
		{"oneOf branch added", func(up *openapi3.T) {
			shape := schema(up, "Widget").Properties["spec"].Value.Properties["shape"].Value
			shape.OneOf = append(shape.OneOf, openapi3.NewSchemaRef("", openapi3.NewObjectSchema()))
			shape.Discriminator.Mapping["Blob"] = openapi3.MappingRef{Ref: "#/components/schemas/Blob"}
		}, []string{".spec.shape: oneOf branches: fragment 2, upstream 3", ".spec.shape: discriminator mapping: fragment [Round, Square], upstream [Blob, Round, Square]"}},
		{"security scheme changed", func(up *openapi3.T) {
			up.Components.SecuritySchemes["api-key"].Value.Scheme = "bearer"
		}, []string{"security scheme api-key: fragment type=http scheme=basic, upstream type=http scheme=bearer"}},
		{"maxLength changed", func(up *openapi3.T) {
			schema(up, "Widget").Properties["id"].Value.MaxLength = openapi3.Ptr(uint64(100))
		}, []string{".id: maxLength: fragment 255, upstream 100"}},
		{"request body made required", func(up *openapi3.T) {
			up.Paths.Value("/v1/widgets").Post.RequestBody.Value.Required = true
		}, []string{"request body: required: fragment false, upstream true"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			up := loadFixture(t, "upstream.yaml")
			tc.change(up)
			diffs, _ := compareDocs(loadFixture(t, "fragment.yaml"), up)
			all := strings.Join(diffs, "\n")
			for _, w := range tc.want {
				assert.Contains(t, all, w)
			}
		})
	}
}

// Example-only overlays and read-only properties of request bodies are not
// drift; a real overlay change is.
func TestOverlaysAreResolved(t *testing.T) {
	up := loadFixture(t, "upstream.yaml")
	body := up.Paths.Value("/v1/widgets").Post.RequestBody.Value.Content["application/json"].Schema.Value
	// Another example-only overlay changes nothing.
	body.AllOf = append(body.AllOf, openapi3.NewSchemaRef("", &openapi3.Schema{Properties: openapi3.Schemas{
		"spec": openapi3.NewSchemaRef("", &openapi3.Schema{Example: map[string]any{"name": "x"}})}}))
	diffs, _ := compareDocs(loadFixture(t, "fragment.yaml"), up)
	assert.Empty(t, diffs)

	// A required-only overlay that adds a requirement is drift.
	body.AllOf = append(body.AllOf, openapi3.NewSchemaRef("", &openapi3.Schema{Properties: openapi3.Schemas{
		"spec": openapi3.NewSchemaRef("", &openapi3.Schema{Required: []string{"name"}})}}))
	diffs, _ = compareDocs(loadFixture(t, "fragment.yaml"), up)
	assert.Equal(t, []string{"POST /v1/widgets: request body: .spec: required: fragment [environment, shape], upstream [environment, name, shape]"}, diffs)
}

func TestExitCodes(t *testing.T) {
	var out, errOut bytes.Buffer
	assert.Equal(t, 0, run([]string{"-fragment", "testdata/fragment.yaml", "-upstream", "testdata/upstream.yaml"}, &out, &errOut))
	assert.Equal(t, "no drift (2 operations compared)\n", out.String())

	changed := t.TempDir() + "/upstream.yaml"
	raw, err := os.ReadFile("testdata/upstream.yaml")
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(changed, bytes.Replace(raw, []byte("operationId: listWidgets"), []byte("operationId: listThings"), 1), 0o600))
	out.Reset()
	assert.Equal(t, 1, run([]string{"-fragment", "testdata/fragment.yaml", "-upstream", changed}, &out, &errOut))
	assert.Contains(t, out.String(), "drift: 1 difference(s) in 2 operations compared:")
	assert.Contains(t, out.String(), `operationId: fragment "listWidgets", upstream "listThings"`)

	for _, args := range [][]string{
		{"-fragment", "testdata/fragment.yaml", "-upstream", "testdata/no-such-file.yaml"},
		{"-fragment", "testdata/no-such-file.yaml", "-upstream", "testdata/upstream.yaml"},
		{"-fragment", "testdata/fragment.yaml", "-upstream", "drift_test.go"},
		{"-fragment", "testdata/fragment.yaml"},
		{"-nope"},
	} {
		errOut.Reset()
		assert.Equal(t, 2, run(args, &out, &errOut), strings.Join(args, " "))
		assert.NotEmpty(t, errOut.String())
	}
}

// The checked-in fragment matches the shared upstream document.
func TestFragmentMatchesSharedUpstream(t *testing.T) {
	const upstream = "../../../shared/upstream/networking-v1.openapi.yaml"
	if _, err := os.Stat(upstream); err != nil {
		t.Skip("shared upstream document not present beside the checkout")
	}
	var out, errOut bytes.Buffer
	code := run([]string{"-fragment", "../../spec/networking-v1.yaml", "-upstream", upstream}, &out, &errOut)
	assert.Equal(t, 0, code, out.String()+errOut.String())
	assert.Equal(t, "no drift (10 operations compared)\n", out.String())
}
