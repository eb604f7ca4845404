package fake_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ccloud-go/networking/api"
	"github.com/ccloud-go/networking/fake"
)

// Every operation answers as the spec says (the fake validates each answer
// it sends), with the upstream id prefixes and metadata.
func TestEveryOperation(t *testing.T) {
	f := start(t, fake.WithReadyAfter(0), fake.WithDeleteAfter(1))
	c := client(t, f)
	ctx := context.Background()

	// Network link services.
	cr, err := c.CreateNetworkingV1NetworkLinkServiceWithResponse(ctx, nlsBody("svc", "n-1"))
	require.NoError(t, err)
	require.Equal(t, 202, cr.StatusCode(), string(cr.Body))
	svc := cr.JSON202
	assert.True(t, strings.HasPrefix(svc.ID, "nls-"), svc.ID)
	assert.Equal(t, "PROVISIONING", svc.Status.Phase)
	assert.Equal(t, f.URL+"/networking/v1/network-link-services/"+svc.ID, svc.Metadata.Self)
	assert.Contains(t, svc.Metadata.ResourceName, "network-link-service="+svc.ID)
	assert.False(t, svc.Metadata.CreatedAt.IsZero())
	assert.Equal(t, f.URL+"/networking/v1/network-link-services/"+svc.ID, *cr.Headers202.Location)
	assert.NotEmpty(t, *cr.Headers202.XRequestID)

	gr, err := c.GetNetworkingV1NetworkLinkServiceWithResponse(ctx, svc.ID, &api.GetNetworkingV1NetworkLinkServiceParams{Environment: "env-1"})
	require.NoError(t, err)
	require.Equal(t, 200, gr.StatusCode(), string(gr.Body))
	assert.Equal(t, "READY", gr.JSON200.Status.Phase)

	lr, err := c.ListNetworkingV1NetworkLinkServicesWithResponse(ctx, &api.ListNetworkingV1NetworkLinkServicesParams{Environment: "env-1"})
	require.NoError(t, err)
	require.Equal(t, 200, lr.StatusCode(), string(lr.Body))
	require.Len(t, lr.JSON200.Data, 1)
	assert.Nil(t, lr.JSON200.Metadata.Next)

	ur, err := c.UpdateNetworkingV1NetworkLinkServiceWithResponse(ctx, svc.ID, api.NetworkLinkServiceUpdateRequest{Spec: api.NetworkLinkServiceSpecUpdate{
		DisplayName: strp("svc2"), Description: strp("for the data team"), Environment: api.GlobalObjectReference{ID: "env-1"},
		Accept: &api.NetworkLinkServiceAcceptPolicy{Networks: &[]string{"n-9"}}}})
	require.NoError(t, err)
	require.Equal(t, 200, ur.StatusCode(), string(ur.Body))
	assert.Equal(t, "svc2", *ur.JSON200.Spec.DisplayName)
	assert.Equal(t, []string{"n-9"}, *ur.JSON200.Spec.Accept.Networks)
	assert.Equal(t, "for the data team", *ur.JSON200.Spec.Description)

	dr, err := c.DeleteNetworkingV1NetworkLinkServiceWithResponse(ctx, svc.ID, &api.DeleteNetworkingV1NetworkLinkServiceParams{Environment: "env-1"})
	require.NoError(t, err)
	require.Equal(t, 204, dr.StatusCode(), string(dr.Body))

	// Private link accesses, one per cloud.
	var ids []string
	for i, cloud := range []func(*api.PrivateLinkAccessCloud) error{aws("123456789012"), azure("sub-1"), gcp("proj-1")} {
		r, err := c.CreateNetworkingV1PrivateLinkAccessWithResponse(ctx, plaBody(t, "pla-"+string(rune('a'+i)), "n-1", cloud))
		require.NoError(t, err)
		require.Equal(t, 202, r.StatusCode(), string(r.Body))
		assert.True(t, strings.HasPrefix(r.JSON202.ID, "pla-"))
		ids = append(ids, r.JSON202.ID)
	}
	pg, err := c.GetNetworkingV1PrivateLinkAccessWithResponse(ctx, ids[1], &api.GetNetworkingV1PrivateLinkAccessParams{Environment: "env-1"})
	require.NoError(t, err)
	require.Equal(t, 200, pg.StatusCode(), string(pg.Body))
	v, err := pg.JSON200.Spec.Cloud.ValueByDiscriminator()
	require.NoError(t, err)
	assert.Equal(t, api.AzurePrivateLinkAccess{Kind: "AzurePrivateLinkAccess", Subscription: "sub-1"}, v)

	pl, err := c.ListNetworkingV1PrivateLinkAccessesWithResponse(ctx, &api.ListNetworkingV1PrivateLinkAccessesParams{Environment: "env-1"})
	require.NoError(t, err)
	require.Equal(t, 200, pl.StatusCode(), string(pl.Body))
	require.Len(t, pl.JSON200.Data, 3)
	for i, item := range pl.JSON200.Data {
		assert.Equal(t, ids[i], item.ID, "creation order")
	}

	pu, err := c.UpdateNetworkingV1PrivateLinkAccessWithResponse(ctx, ids[0], api.PrivateLinkAccessUpdateRequest{Spec: api.PrivateLinkAccessSpecUpdate{
		DisplayName: strp("renamed"), Environment: api.ObjectReference{ID: "env-1"}}})
	require.NoError(t, err)
	require.Equal(t, 200, pu.StatusCode(), string(pu.Body))
	assert.Equal(t, "renamed", *pu.JSON200.Spec.DisplayName)

	pd, err := c.DeleteNetworkingV1PrivateLinkAccessWithResponse(ctx, ids[0], &api.DeleteNetworkingV1PrivateLinkAccessParams{Environment: "env-1"})
	require.NoError(t, err)
	require.Equal(t, 204, pd.StatusCode())
}

// Deletion goes through DEPROVISIONING, then the resource is gone.
func TestPhases(t *testing.T) {
	f := start(t, fake.WithReadyAfter(2), fake.WithDeleteAfter(2))
	c := client(t, f)
	ctx := context.Background()
	r, err := c.CreateNetworkingV1PrivateLinkAccessWithResponse(ctx, plaBody(t, "p", "n-1", aws("123456789012")))
	require.NoError(t, err)
	id := r.JSON202.ID
	params := &api.GetNetworkingV1PrivateLinkAccessParams{Environment: "env-1"}
	phase := func() (int, string) {
		g, err := c.GetNetworkingV1PrivateLinkAccessWithResponse(ctx, id, params)
		require.NoError(t, err)
		if g.JSON200 == nil {
			return g.StatusCode(), ""
		}
		return g.StatusCode(), g.JSON200.Status.Phase
	}
	for _, want := range []string{"PROVISIONING", "PROVISIONING", "READY", "READY"} {
		_, got := phase()
		assert.Equal(t, want, got)
	}
	d, err := c.DeleteNetworkingV1PrivateLinkAccessWithResponse(ctx, id, &api.DeleteNetworkingV1PrivateLinkAccessParams{Environment: "env-1"})
	require.NoError(t, err)
	require.Equal(t, 204, d.StatusCode())
	for _, want := range []string{"DEPROVISIONING", "DEPROVISIONING"} {
		_, got := phase()
		assert.Equal(t, want, got)
	}
	code, _ := phase()
	assert.Equal(t, 404, code)
	// A second delete of a gone resource is 404.
	d, err = c.DeleteNetworkingV1PrivateLinkAccessWithResponse(ctx, id, &api.DeleteNetworkingV1PrivateLinkAccessParams{Environment: "env-1"})
	require.NoError(t, err)
	assert.Equal(t, 404, d.StatusCode())
}

func TestFailedPhases(t *testing.T) {
	f := start(t, fake.WithFailures(1), fake.WithReadyAfter(0))
	c := client(t, f)
	ctx := context.Background()
	r, err := c.CreateNetworkingV1NetworkLinkServiceWithResponse(ctx, nlsBody("x", "n-1"))
	require.NoError(t, err)
	params := &api.GetNetworkingV1NetworkLinkServiceParams{Environment: "env-1"}
	g, err := c.GetNetworkingV1NetworkLinkServiceWithResponse(ctx, r.JSON202.ID, params)
	require.NoError(t, err)
	require.Equal(t, 200, g.StatusCode(), string(g.Body))
	assert.Equal(t, "FAILED", g.JSON200.Status.Phase)
	assert.NotEmpty(t, g.JSON200.Status.ErrorCode)
	assert.NotEmpty(t, g.JSON200.Status.ErrorMessage)
}

func TestNotFound(t *testing.T) {
	f := start(t)
	c := client(t, f)
	ctx := context.Background()
	r, err := c.CreateNetworkingV1PrivateLinkAccessWithResponse(ctx, plaBody(t, "p", "n-1", aws("123456789012")))
	require.NoError(t, err)
	id := r.JSON202.ID

	g, err := c.GetNetworkingV1PrivateLinkAccessWithResponse(ctx, "pla-nosuch", &api.GetNetworkingV1PrivateLinkAccessParams{Environment: "env-1"})
	require.NoError(t, err)
	assert.Equal(t, 404, g.StatusCode())
	require.NotNil(t, g.JSON404)
	// The right id in another environment is not found either.
	g, err = c.GetNetworkingV1PrivateLinkAccessWithResponse(ctx, id, &api.GetNetworkingV1PrivateLinkAccessParams{Environment: "env-2"})
	require.NoError(t, err)
	assert.Equal(t, 404, g.StatusCode())
	// Nor is a network link service by a private link access's id.
	n, err := c.GetNetworkingV1NetworkLinkServiceWithResponse(ctx, id, &api.GetNetworkingV1NetworkLinkServiceParams{Environment: "env-1"})
	require.NoError(t, err)
	assert.Equal(t, 404, n.StatusCode())
	u, err := c.UpdateNetworkingV1NetworkLinkServiceWithResponse(ctx, "nls-nosuch", api.NetworkLinkServiceUpdateRequest{Spec: api.NetworkLinkServiceSpecUpdate{Environment: api.GlobalObjectReference{ID: "env-1"}}})
	require.NoError(t, err)
	assert.Equal(t, 404, u.StatusCode())
	d, err := c.DeleteNetworkingV1NetworkLinkServiceWithResponse(ctx, "nls-nosuch", &api.DeleteNetworkingV1NetworkLinkServiceParams{Environment: "env-1"})
	require.NoError(t, err)
	assert.Equal(t, 404, d.StatusCode())
	status, _, _ := do(t, f, "GET", "/networking/v1/no-such-collection", nil)
	assert.Equal(t, 404, status)
	status, _, _ = do(t, f, "PUT", "/networking/v1/private-link-accesses/x?environment=env-1", nil)
	assert.Equal(t, 405, status)
}

// Duplicates are refused with 409 and a Location naming the resource in
// the way: the same display name, or the same cloud account, in a network.
func TestConflicts(t *testing.T) {
	f := start(t)
	c := client(t, f)
	ctx := context.Background()
	first, err := c.CreateNetworkingV1PrivateLinkAccessWithResponse(ctx, plaBody(t, "a", "n-1", aws("123456789012")))
	require.NoError(t, err)
	require.Equal(t, 202, first.StatusCode())
	id := first.JSON202.ID

	for name, body := range map[string]api.PrivateLinkAccessCreateRequest{
		"same account": plaBody(t, "b", "n-1", aws("123456789012")),
		"same name":    plaBody(t, "a", "n-1", gcp("proj")),
	} {
		r, err := c.CreateNetworkingV1PrivateLinkAccessWithResponse(ctx, body)
		require.NoError(t, err)
		require.Equal(t, 409, r.StatusCode(), name)
		require.NotNil(t, r.JSON409, name)
		assert.Equal(t, f.URL+"/networking/v1/private-link-accesses/"+id, *r.Headers409.Location, name)
	}
	other, err := c.CreateNetworkingV1PrivateLinkAccessWithResponse(ctx, plaBody(t, "a", "n-2", aws("123456789012")))
	require.NoError(t, err)
	assert.Equal(t, 202, other.StatusCode(), "another network is no conflict")

	n1, err := c.CreateNetworkingV1NetworkLinkServiceWithResponse(ctx, nlsBody("svc", "n-1"))
	require.NoError(t, err)
	n2, err := c.CreateNetworkingV1NetworkLinkServiceWithResponse(ctx, nlsBody("svc", "n-1"))
	require.NoError(t, err)
	require.Equal(t, 409, n2.StatusCode())
	assert.True(t, strings.HasSuffix(*n2.Headers409.Location, n1.JSON202.ID))

	// Renaming onto another's name is a conflict too.
	n3, err := c.CreateNetworkingV1NetworkLinkServiceWithResponse(ctx, nlsBody("svc3", "n-1"))
	require.NoError(t, err)
	u, err := c.UpdateNetworkingV1NetworkLinkServiceWithResponse(ctx, n3.JSON202.ID, api.NetworkLinkServiceUpdateRequest{Spec: api.NetworkLinkServiceSpecUpdate{
		DisplayName: strp("svc"), Environment: api.GlobalObjectReference{ID: "env-1"}}})
	require.NoError(t, err)
	assert.Equal(t, 409, u.StatusCode())
	assert.Equal(t, 3, f.Stats().Conflicts)
}

// Every answer carries X-Request-Id, errors included.
func TestRequestIDOnEveryAnswer(t *testing.T) {
	f := start(t, fake.WithRateLimit(1, 10_000_000_000))
	req, _ := http.NewRequest("GET", f.URL+"/networking/v1/private-link-accesses?environment=env-1", nil)
	resp, err := http.DefaultClient.Do(req) // no credentials: 401
	require.NoError(t, err)
	_ = resp.Body.Close()
	assert.Equal(t, 401, resp.StatusCode)
	assert.NotEmpty(t, resp.Header.Get("X-Request-Id"))

	ids := map[string]bool{}
	for range 3 { // 200, then 429s
		status, h, _ := do(t, f, "GET", "/networking/v1/private-link-accesses?environment=env-1", nil)
		assert.Contains(t, []int{200, 429}, status)
		id := h.Get("X-Request-Id")
		assert.NotEmpty(t, id)
		assert.False(t, ids[id], "ids are unique")
		ids[id] = true
	}
}
