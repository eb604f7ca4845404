package main

import (
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A union whose variant has two keys, as oapi-codegen writes it then.
const unstamped = `package api

import (
	"encoding/json"

	"github.com/oapi-codegen/runtime"
)

type U struct{ union json.RawMessage }
type V struct{ Kind string }

func (t U) Discriminator() (string, error) {
	var discriminator struct {
		Discriminator string ` + "`json:\"kind\"`" + `
	}
	err := json.Unmarshal(t.union, &discriminator)
	return discriminator.Discriminator, err
}

func (t U) AsV() (V, error) { var v V; return v, nil }

func (t *U) FromV(v V) error {
	b, err := json.Marshal(v)
	t.union = b
	return err
}

func (t *U) MergeV(v V) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}

	merged, err := runtime.JSONMerge(t.union, b)
	t.union = merged
	return err
}

func (t U) ValueByDiscriminator() (interface{}, error) {
	discriminator, err := t.Discriminator()
	if err != nil {
		return nil, err
	}
	switch discriminator {
	case KEYS
	}
	return nil, nil
}
`

func withKeys(keys ...string) []byte {
	var cases []string
	for _, k := range keys {
		cases = append(cases, `"`+k+`":
		return t.AsV()`)
	}
	return []byte(strings.Replace(unstamped, "case KEYS", "case "+strings.Join(cases, "\n\tcase "), 1))
}

func TestStampsTheKeyTheOthersExtend(t *testing.T) {
	out, err := stamp(withKeys("V", "networking.v1.V"))
	require.NoError(t, err)
	assert.Equal(t, 2, strings.Count(string(out), "b, err = runtime.JSONMerge(b, []byte(`{\"kind\":\"V\"}`))"), string(out))
	again, err := stamp(out)
	require.NoError(t, err)
	assert.Equal(t, string(out), string(again), "a second run changes nothing")
}

// One key: oapi-codegen stamps it itself, so the pass leaves it alone.
func TestOneKeyIsLeftAlone(t *testing.T) {
	in := withKeys("V")
	out, err := stamp(in)
	require.NoError(t, err)
	assert.Equal(t, string(in), string(out))
}

// Keys where no spelling is the plain one stop generation, naming them.
func TestNoPlainSpellingStops(t *testing.T) {
	_, err := stamp(withKeys("networking.v1.V", "other.V"))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "U.FromV")
	_, err = stamp(withKeys("V", "W"))
	require.Error(t, err)
}

// The generated models are stamped: running the pass on them changes
// nothing (make check-generate also sees it).
func TestModelsAreStamped(t *testing.T) {
	src, err := os.ReadFile("../../api/models.gen.go")
	require.NoError(t, err)
	out, err := stamp(src)
	require.NoError(t, err)
	assert.Equal(t, string(src), string(out))
}
