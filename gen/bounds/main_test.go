package main

import (
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// pageSize loads the fragment and returns it with the page_size schema of
// its first list operation, and that operation's id.
func pageSize(t *testing.T) (*openapi3.T, *openapi3.Schema, string) {
	t.Helper()
	doc, err := openapi3.NewLoader().LoadFromFile("../../spec/networking-v1.yaml")
	require.NoError(t, err)
	for _, path := range doc.Paths.InMatchingOrder() {
		if op := doc.Paths.Value(path).Get; op != nil {
			for _, p := range op.Parameters {
				if p.Value.In == "query" && p.Value.Name == "page_size" {
					// A copy: the schema may be shared by several operations.
					s := *p.Value.Schema.Value
					p.Value.Schema = openapi3.NewSchemaRef("", &s)
					return doc, &s, op.OperationID
				}
			}
		}
	}
	t.Fatal("the fragment has no list operation with page_size")
	return nil, nil, ""
}

func TestFragmentGenerates(t *testing.T) {
	doc, _, _ := pageSize(t)
	_, err := generate(doc)
	require.NoError(t, err)
}

// A document that contradicts itself on paging stops generation, naming
// the operation, rather than giving the wrapper bounds it cannot keep.
func TestContradictoryPageSizeStops(t *testing.T) {
	for name, set := range map[string]func(s *openapi3.Schema){
		"no maximum":            func(s *openapi3.Schema) { s.Max = nil },
		"maximum below one":     func(s *openapi3.Schema) { zero := 0.0; s.Max = &zero },
		"default above maximum": func(s *openapi3.Schema) { s.Default = *s.Max + 1 },
	} {
		t.Run(name, func(t *testing.T) {
			doc, size, op := pageSize(t)
			set(size)
			_, err := generate(doc)
			require.Error(t, err)
			assert.Contains(t, err.Error(), op)
		})
	}
}
