package main

import (
	"os"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestNames(t *testing.T) {
	for param, want := range map[string]string{
		"spec.display_name": "DisplayNames", "status.phase": "Phases", "spec.cidr": "CIDRs", "id": "IDs",
		"spec.network_link_service": "NetworkLinkServices", "services": "Services", "gateway_type": "GatewayTypes",
		"spec.config.region": "Regions", "page_size": "PageSize", "page_token": "PageToken",
	} {
		assert.Equal(t, want, optionField(param), param)
	}
	for typ, want := range map[string]string{"DNSRecord": "DNS record", "IPAddress": "IP address", "NetworkLinkService": "network link service", "Gateway": "gateway"} {
		assert.Equal(t, want, words(typ))
	}
	assert.Equal(t, "an access point", article("access point"))
}

// The generator writes the same file twice over, and the file the
// wrapper holds is the one it writes (make check-generate checks the same
// in CI, after the whole chain).
func TestGeneratesTheWrappersFile(t *testing.T) {
	doc, err := openapi3.NewLoader().LoadFromFile("../../spec/networking-v1.yaml")
	require.NoError(t, err)
	g, err := newGoTypes("../../api/models.gen.go")
	require.NoError(t, err)
	first, err := generate(doc, g)
	require.NoError(t, err)
	second, err := generate(doc, g)
	require.NoError(t, err)
	assert.Equal(t, string(first), string(second), "the output does not depend on map order")
	dir := t.TempDir()
	require.NoError(t, run("../../spec/networking-v1.yaml", "../../api/models.gen.go", dir+"/out.go"))
	got, err := os.ReadFile(dir + "/out.go")
	require.NoError(t, err)
	held, err := os.ReadFile("../../wrapper/handles.gen.go")
	require.NoError(t, err)
	assert.Equal(t, string(held), string(got), "wrapper/handles.gen.go is stale: run make generate")
}

// A list that requires a query parameter a handle cannot take (private link
// attachment connections once required their attachment) stops
// generation, naming the hand-written type to extend, instead of a panic.
func TestARequiredParameterWithoutAPlaceStops(t *testing.T) {
	doc, err := openapi3.NewLoader().LoadFromFile("../../spec/networking-v1.yaml")
	require.NoError(t, err)
	g, err := newGoTypes("../../api/models.gen.go")
	require.NoError(t, err)
	list := doc.Paths.Value("/networking/v1/private-link-attachment-connections").Get
	found := false
	for _, p := range list.Parameters {
		if p.Value.Name == "spec.private_link_attachment" {
			p.Value.Required, found = true, true
		}
	}
	require.True(t, found, "the list's attachment filter")
	_, err = generate(doc, g)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "/networking/v1/private-link-attachment-connections: type place (wrapper/resource.go) has no field for spec.private_link_attachment, a query parameter the list requires")
}
