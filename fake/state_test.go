package fake_test

import (
	"context"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ccloud-go/networking/api"
	"github.com/ccloud-go/networking/fake"
)

// Everything stored survives a restart on the same state file: ids,
// fields, phases, and the progress of a delete; and an id once given out
// is not given again.
func TestStateFileSurvivesRestart(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.json")
	opts := []fake.Option{fake.WithStateFile(path), fake.WithReadyAfter(1), fake.WithDeleteAfter(2)}
	f := start(t, opts...)
	c := client(t, f)
	ctx := context.Background()

	nls, err := c.CreateNetworkingV1NetworkLinkServiceWithResponse(ctx, nlsBody("svc", "n-1"))
	require.NoError(t, err)
	require.Equal(t, 202, nls.StatusCode())
	accept := api.NetworkLinkServiceAcceptPolicy{Environments: &[]string{"env-2"}}
	up, err := c.UpdateNetworkingV1NetworkLinkServiceWithResponse(ctx, nls.JSON202.ID, api.NetworkLinkServiceUpdateRequest{
		Spec: api.NetworkLinkServiceSpecUpdate{Description: strp("kept"), Accept: &accept, Environment: api.GlobalObjectReference{ID: "env-1"}}})
	require.NoError(t, err)
	require.Equal(t, 200, up.StatusCode())
	var plaIDs []string
	for _, cl := range []func(*api.PrivateLinkAccessCloud) error{aws("123456789012"), azure("sub-1"), gcp("proj-1")} {
		r, err := c.CreateNetworkingV1PrivateLinkAccessWithResponse(ctx, plaBody(t, "", "n-1", cl))
		require.NoError(t, err)
		require.Equal(t, 202, r.StatusCode())
		plaIDs = append(plaIDs, r.JSON202.ID)
	}
	// The first turns READY, the second is deleted and read once.
	for range 2 {
		status, _, _ := do(t, f, "GET", "/networking/v1/private-link-accesses/"+plaIDs[0]+"?environment=env-1", nil)
		require.Equal(t, 200, status)
	}
	status, _, _ := do(t, f, "DELETE", "/networking/v1/private-link-accesses/"+plaIDs[1]+"?environment=env-1", nil)
	require.Equal(t, 204, status)
	status, _, _ = do(t, f, "GET", "/networking/v1/private-link-accesses/"+plaIDs[1]+"?environment=env-1", nil)
	require.Equal(t, 200, status)

	wantNLS, wantPLA := f.NetworkLinkServices(), f.PrivateLinkAccesses()
	require.Equal(t, "READY", wantPLA[0].Status.Phase)
	require.Equal(t, "DEPROVISIONING", wantPLA[1].Status.Phase)
	require.Equal(t, "PROVISIONING", wantPLA[2].Status.Phase)
	require.NoError(t, f.Close())

	g := start(t, opts...)
	assert.Equal(t, wantNLS, g.NetworkLinkServices())
	assert.Equal(t, wantPLA, g.PrivateLinkAccesses())
	// The delete goes on where it stopped: one more DEPROVISIONING read,
	// then 404.
	status, _, _ = do(t, g, "GET", "/networking/v1/private-link-accesses/"+plaIDs[1]+"?environment=env-1", nil)
	assert.Equal(t, 200, status)
	status, _, _ = do(t, g, "GET", "/networking/v1/private-link-accesses/"+plaIDs[1]+"?environment=env-1", nil)
	assert.Equal(t, 404, status)
	// New ids continue the sequence: none repeats one given before the
	// restart, deleted ones included.
	seen := map[string]bool{nls.JSON202.ID: true}
	for _, id := range plaIDs {
		seen[id] = true
	}
	for i := range 20 {
		r, err := client(t, g).CreateNetworkingV1NetworkLinkServiceWithResponse(ctx, nlsBody("more-"+string(rune('a'+i)), "n-2"))
		require.NoError(t, err)
		require.Equal(t, 202, r.StatusCode())
		assert.False(t, seen[r.JSON202.ID], "id %s given twice", r.JSON202.ID)
		seen[r.JSON202.ID] = true
	}
	assert.Zero(t, g.Stats().StateErrors)

	// The file says what it is.
	var st map[string]any
	raw, err := os.ReadFile(path)
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(raw, &st))
	assert.Equal(t, "ccloud-go/networking fake state", st["format"])
	assert.EqualValues(t, 2, st["version"])
	assert.Len(t, st["resources"], 23) // 21 network link services, 2 private link accesses
	leftovers, err := filepath.Glob(filepath.Join(filepath.Dir(path), ".*tmp*"))
	require.NoError(t, err)
	assert.Empty(t, leftovers)
}

// A file the fake did not write is refused with an error naming it, and
// left exactly as it was.
func TestStateFileRefusesForeignFiles(t *testing.T) {
	valid := func(edit string) string {
		return `{"format":"ccloud-go/networking fake state","version":2,"saved_at":"2026-01-01T00:00:00Z",` +
			`"random":"` + pcgState(t) + `","resources":[` + edit + `]}`
	}
	res := `{"kind":"NetworkLinkService","id":"nls-abc","environment":"env-1","spec":{"environment":{"id":"env-1"},"network":{"id":"n-1"}},"created_at":"2026-01-01T00:00:00Z","updated_at":"2026-01-01T00:00:00Z","reads":0}`
	cases := map[string]struct{ content, mention string }{
		"empty":            {"", "empty"},
		"not JSON":         {"resources:\n  - nls-1\n", "not a fake state document"},
		"a JSON array":     {`[1,2]`, "not a fake state document"},
		"torn":             {valid(res)[:60], "not a fake state document"},
		"no marker":        {`{"version":1,"resources":[]}`, "format marker"},
		"other marker":     {`{"format":"terraform","version":1,"resources":[]}`, "format marker"},
		"other version":    {`{"format":"ccloud-go/networking fake state","version":1,"resources":[]}`, "version 1"},
		"unknown field":    {`{"format":"ccloud-go/networking fake state","version":2,"serial":4}`, "serial"},
		"trailing data":    {valid("") + `{}`, "follows"},
		"unknown kind":     {valid(`{"kind":"Cluster","id":"lkc-1","environment":"env-1","spec":{}}`), "Cluster"},
		"seeded kind":      {valid(`{"kind":"IpAddress","id":"ip:192.0.2.1/32","environment":"","spec":{}}`), "IpAddress"},
		"wrong id prefix":  {valid(`{"kind":"PrivateLinkAccess","id":"nls-1","environment":"e","spec":{"network":{"id":"n"},"environment":{"id":"e"},"cloud":{"kind":"AwsPrivateLinkAccess","account":"123456789012"}}}`), "pla-"},
		"cloud unreadable": {valid(`{"kind":"PrivateLinkAccess","id":"pla-1","environment":"e","spec":{"network":{"id":"n"},"environment":{"id":"e"},"cloud":{"kind":"Oracle"}}}`), "cloud"},
		"no network":       {valid(`{"kind":"Peering","id":"peer-1","environment":"e","spec":{"environment":{"id":"e"}}}`), "spec.network.id"},
		"lone association": {valid(`{"kind":"NetworkLinkServiceAssociation","id":"nlsa-1","environment":"e","spec":{},"endpoint":"nle-1"}`), "nle-1"},
		"same id twice":    {valid(res + "," + res), "twice"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "state.json")
			require.NoError(t, os.WriteFile(path, []byte(tc.content), 0o600))
			before, err := os.Stat(path)
			require.NoError(t, err)
			_, err = fake.New(fake.WithStateFile(path))
			require.Error(t, err)
			assert.Contains(t, err.Error(), path)
			assert.Contains(t, err.Error(), tc.mention)
			after, err := os.ReadFile(path)
			require.NoError(t, err)
			assert.Equal(t, tc.content, string(after), "the file changed")
			st, err := os.Stat(path)
			require.NoError(t, err)
			assert.Equal(t, before.ModTime(), st.ModTime())
			entries, err := os.ReadDir(filepath.Dir(path))
			require.NoError(t, err)
			assert.Len(t, entries, 1, "files were added beside it")
		})
	}
	// The valid shape those cases break is accepted.
	path := filepath.Join(t.TempDir(), "state.json")
	require.NoError(t, os.WriteFile(path, []byte(valid(res)), 0o600))
	f, err := fake.New(fake.WithStateFile(path))
	require.NoError(t, err)
	assert.Len(t, f.NetworkLinkServices(), 1)

	_, err = fake.New(fake.WithStateFile(""))
	assert.ErrorContains(t, err, "WithStateFile")
	_, err = fake.New(fake.WithStateFile(filepath.Join(t.TempDir(), "no-such-dir", "state.json")))
	assert.ErrorContains(t, err, "no-such-dir")
}

// pcgState is a valid saved random state, taken from a file a fake wrote.
func pcgState(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "fresh.json")
	_, err := fake.New(fake.WithStateFile(path))
	require.NoError(t, err)
	raw, err := os.ReadFile(path)
	require.NoError(t, err)
	var st struct{ Random string }
	require.NoError(t, json.Unmarshal(raw, &st))
	require.NotEmpty(t, st.Random)
	return st.Random
}

// Every kind survives a restart, an association still linked to its
// endpoint: it goes when the endpoint does.
func TestStateFileKeepsEveryKind(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.json")
	opts := []fake.Option{fake.WithStateFile(path), fake.WithDeleteAfter(0)}
	f := start(t, opts...)
	env := map[string]any{"id": "env-1"}
	net := map[string]any{"id": "n-1"}
	bodies := map[string]map[string]any{
		"networks":                    {"cloud": "AWS", "region": "us-east-2", "connection_types": []string{"PRIVATELINK"}, "environment": env},
		"peerings":                    {"network": net, "environment": env, "cloud": map[string]any{"kind": "GcpPeering", "project": "p-1", "vpc_network": "v-1"}},
		"transit-gateway-attachments": {"network": net, "environment": env, "cloud": map[string]any{"kind": "AwsTransitGatewayAttachment", "ram_share_arn": "arn:1", "transit_gateway_id": "tgw-1", "routes": []string{"10.0.0.0/16"}}},
		"network-link-endpoints":      {"network": net, "environment": env, "network_link_service": map[string]any{"id": "nls-1"}, "display_name": "to-hub"},
	}
	ids := map[string]string{}
	for collection, spec := range bodies {
		status, _, raw := do(t, f, "POST", "/networking/v1/"+collection, map[string]any{"spec": spec})
		require.Equal(t, 202, status, string(raw))
		var doc struct{ ID string }
		require.NoError(t, json.Unmarshal(raw, &doc))
		ids[collection] = doc.ID
	}
	assoc := f.NetworkLinkServiceAssociations()
	require.Len(t, assoc, 1)
	assert.Equal(t, "to-hub", assoc[0].Spec.DisplayName)
	assert.Equal(t, ids["network-link-endpoints"], assoc[0].Spec.NetworkLinkEndpoint)
	wantN, wantP, wantT, wantE := f.Networks(), f.Peerings(), f.TransitGatewayAttachments(), f.NetworkLinkEndpoints()
	require.NoError(t, f.Close())

	g := start(t, opts...)
	assert.Equal(t, wantN, g.Networks())
	assert.Equal(t, wantP, g.Peerings())
	assert.Equal(t, wantT, g.TransitGatewayAttachments())
	assert.Equal(t, wantE, g.NetworkLinkEndpoints())
	assert.Equal(t, assoc, g.NetworkLinkServiceAssociations())
	read := "/networking/v1/network-link-service-associations/" + assoc[0].ID + "?environment=env-1&spec.network_link_service="
	status, _, _ := do(t, g, "GET", read+"nls-1", nil)
	assert.Equal(t, 200, status)
	status, _, _ = do(t, g, "GET", read+"nls-2", nil)
	assert.Equal(t, 404, status, "an association is read with its own service's id")
	status, _, _ = do(t, g, "DELETE", "/networking/v1/network-link-endpoints/"+ids["network-link-endpoints"]+"?environment=env-1", nil)
	require.Equal(t, 204, status)
	assert.Empty(t, g.NetworkLinkServiceAssociations(), "the association goes with its endpoint")
	status, _, _ = do(t, g, "GET", read+"nls-1", nil)
	assert.Equal(t, 404, status)
}

// Answers stamp created_at and updated_at to the microsecond, as recorded
// answers do (six digits of fraction), so that a resource made anew with
// an id given out before is told from the earlier one by its created_at.
// A state file written when the fake stamped whole seconds still loads,
// and its times read with a fraction of zero.
func TestTimesAreStampedToTheMicrosecond(t *testing.T) {
	stamp := regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$`)
	f := start(t)
	code, _, body := do(t, f, http.MethodPost, "/networking/v1/network-link-services", nlsBody("svc", "n-1"))
	require.Equal(t, 202, code, string(body))
	var doc struct {
		ID       string
		Metadata struct {
			CreatedAt string `json:"created_at"`
			UpdatedAt string `json:"updated_at"`
		} `json:"metadata"`
	}
	require.NoError(t, json.Unmarshal(body, &doc))
	assert.Regexp(t, stamp, doc.Metadata.CreatedAt)
	assert.Regexp(t, stamp, doc.Metadata.UpdatedAt)
	code, _, body = do(t, f, http.MethodGet, "/networking/v1/network-link-services/"+doc.ID+"?environment=env-1", nil)
	require.Equal(t, 200, code, string(body))
	var again struct {
		Metadata struct {
			CreatedAt string `json:"created_at"`
		} `json:"metadata"`
	}
	require.NoError(t, json.Unmarshal(body, &again))
	assert.Equal(t, doc.Metadata.CreatedAt, again.Metadata.CreatedAt, "created_at never changes")

	path := filepath.Join(t.TempDir(), "state.json")
	old := `{"format":"ccloud-go/networking fake state","version":2,"saved_at":"2026-01-01T00:00:00Z","random":"` + pcgState(t) + `","resources":[` +
		`{"kind":"NetworkLinkService","id":"nls-abc","environment":"env-1","spec":{"environment":{"id":"env-1"},"network":{"id":"n-1"}},` +
		`"created_at":"2026-01-01T00:00:00Z","updated_at":"2026-01-01T00:00:01Z","reads":0}]}`
	require.NoError(t, os.WriteFile(path, []byte(old), 0o600))
	g := start(t, fake.WithStateFile(path))
	code, _, body = do(t, g, http.MethodGet, "/networking/v1/network-link-services/nls-abc?environment=env-1", nil)
	require.Equal(t, 200, code, string(body))
	require.NoError(t, json.Unmarshal(body, &doc))
	assert.Equal(t, "2026-01-01T00:00:00.000000Z", doc.Metadata.CreatedAt)
	assert.Equal(t, "2026-01-01T00:00:01.000000Z", doc.Metadata.UpdatedAt)
}
