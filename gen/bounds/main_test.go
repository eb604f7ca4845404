package main

import (
	"os"
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
	_, err := generate(doc, testRules(t))
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
			_, err := generate(doc, testRules(t))
			require.Error(t, err)
			assert.Contains(t, err.Error(), op)
		})
	}
}

func testRules(t *testing.T) *rules {
	t.Helper()
	r, err := readRules("../phases.yaml")
	require.NoError(t, err)
	return r
}

// A phase the spec adds that no rule of gen/phases.yaml names stops
// generation, naming the file, the phase and the schema listing it; once
// it has a rule, it gets a constant and its kind.
func TestANewPhaseNeedsARule(t *testing.T) {
	doc, _, _ := pageSize(t)
	phase := doc.Components.Schemas["NetworkStatus"].Value.Properties["phase"].Value
	ext := phase.Extensions["x-extensible-enum"].([]any)
	phase.Extensions["x-extensible-enum"] = append(ext, "SUSPENDED")
	r := testRules(t)
	_, err := generate(doc, r)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "the spec lists phases ../phases.yaml has no rule for: SUSPENDED (listed by NetworkStatus); add each to its phases")
	r.Phases["SUSPENDED"] = "stopped"
	src, err := generate(doc, r)
	require.NoError(t, err)
	assert.Contains(t, string(src), `PhaseSuspended`)
	assert.Regexp(t, `case PhaseDegraded, PhaseDisconnected, PhaseExpired, PhaseInactive, PhaseSuspended:\s+return PhaseKindStopped`, string(src))

	path := t.TempDir() + "/phases.yaml"
	require.NoError(t, os.WriteFile(path, []byte("phases:\n  READY: asleep\n"), 0o644))
	_, err = readRules(path)
	assert.ErrorContains(t, err, `phase READY has kind "asleep"`)
}
