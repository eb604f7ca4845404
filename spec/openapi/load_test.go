package openapi_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/stretchr/testify/require"

	"github.com/ccloud-go/networking/spec/openapi"
)

// operationIDs are the operations the fragment must type: every one of
// every vendored upstream document.
func operationIDs(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob("../upstream/*.openapi.yaml")
	require.NoError(t, err)
	require.NotEmpty(t, files, "no vendored upstream document")
	var ids []string
	for _, f := range files {
		up, err := openapi3.NewLoader().LoadFromFile(f)
		require.NoError(t, err)
		n := len(ids)
		for _, item := range up.Paths.Map() {
			for _, op := range item.Operations() {
				ids = append(ids, op.OperationID)
			}
		}
		require.Greater(t, len(ids), n, "%s has no operation", f)
	}
	return ids
}

func TestEmbeddedSpecValidates(t *testing.T) {
	doc, err := openapi.Load()
	require.NoError(t, err)
	require.NoError(t, doc.Validate(context.Background()))

	got := map[string]bool{}
	for _, item := range doc.Paths.Map() {
		for _, op := range item.Operations() {
			got[op.OperationID] = true
		}
	}
	ids := map[string]bool{} // an older document may repeat another's
	for _, id := range operationIDs(t) {
		ids[id] = true
	}
	require.Len(t, got, len(ids))
	for id := range ids {
		require.True(t, got[id], "operation %s missing from the embedded spec", id)
	}
}

// The embedded copy is the checked-in fragment, parsed.
func TestEmbeddedSpecMatchesFragment(t *testing.T) {
	raw, err := os.ReadFile("../networking-v1.yaml")
	require.NoError(t, err)
	fromFile, err := openapi3.NewLoader().LoadFromData(raw)
	require.NoError(t, err)
	require.NoError(t, fromFile.Validate(context.Background()))

	embedded, err := openapi.Load()
	require.NoError(t, err)

	a, err := fromFile.MarshalJSON()
	require.NoError(t, err)
	b, err := embedded.MarshalJSON()
	require.NoError(t, err)
	require.JSONEq(t, string(a), string(b))
}

func TestSecuritySchemes(t *testing.T) {
	doc, err := openapi.Load()
	require.NoError(t, err)
	basic := doc.Components.SecuritySchemes["cloud-api-key"]
	require.NotNil(t, basic)
	require.Equal(t, "http", basic.Value.Type)
	require.Equal(t, "basic", basic.Value.Scheme)
	sts := doc.Components.SecuritySchemes["confluent-sts-access-token"]
	require.NotNil(t, sts)
	require.Equal(t, "oauth2", sts.Value.Type)
	require.Equal(t, "https://api.confluent.cloud/sts/v1/oauth2/token", sts.Value.Flows.ClientCredentials.TokenURL)
}

// The document is parsed once: every call returns the same one.
func TestLoadParsesOnce(t *testing.T) {
	a, err := openapi.Load()
	require.NoError(t, err)
	b, err := openapi.Load()
	require.NoError(t, err)
	require.Same(t, a, b)
}
