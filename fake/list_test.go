package fake_test

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ccloud-go/networking/api"
	"github.com/ccloud-go/networking/fake"
)

func TestFiltersMatchExactly(t *testing.T) {
	f := start(t, fake.WithReadyAfter(0))
	c := client(t, f)
	ctx := context.Background()
	var ids []string
	for i, spec := range []struct{ name, network string }{{"alpha", "n-1"}, {"alpha-2", "n-1"}, {"beta", "n-2"}, {"gamma", "n-3"}} {
		r, err := c.CreateNetworkingV1PrivateLinkAccessWithResponse(ctx, plaBody(t, spec.name, spec.network, aws(fmt.Sprintf("%012d", i+1))))
		require.NoError(t, err)
		ids = append(ids, r.JSON202.ID)
	}
	// Make the first one READY by reading it; the rest stay PROVISIONING.
	_, err := c.GetNetworkingV1PrivateLinkAccessWithResponse(ctx, ids[0], &api.GetNetworkingV1PrivateLinkAccessParams{Environment: "env-1"})
	require.NoError(t, err)

	list := func(p api.ListNetworkingV1PrivateLinkAccessesParams) []string {
		p.Environment = "env-1"
		r, err := c.ListNetworkingV1PrivateLinkAccessesWithResponse(ctx, &p)
		require.NoError(t, err)
		require.Equal(t, 200, r.StatusCode(), string(r.Body))
		var names []string
		for _, it := range r.JSON200.Data {
			names = append(names, *it.Spec.DisplayName)
		}
		return names
	}
	assert.Equal(t, []string{"alpha"}, list(api.ListNetworkingV1PrivateLinkAccessesParams{SpecDisplayName: &[]string{"alpha"}}), "no prefix match")
	assert.Equal(t, []string{"alpha", "beta"}, list(api.ListNetworkingV1PrivateLinkAccessesParams{SpecDisplayName: &[]string{"beta", "alpha"}}))
	assert.Equal(t, []string{"alpha", "alpha-2", "gamma"}, list(api.ListNetworkingV1PrivateLinkAccessesParams{SpecNetwork: &[]string{"n-1", "n-3"}}))
	assert.Equal(t, []string{"alpha"}, list(api.ListNetworkingV1PrivateLinkAccessesParams{StatusPhase: &[]string{"READY"}}))
	assert.Equal(t, []string{"alpha-2"}, list(api.ListNetworkingV1PrivateLinkAccessesParams{StatusPhase: &[]string{"PROVISIONING"}, SpecNetwork: &[]string{"n-1"}}))
	assert.Empty(t, list(api.ListNetworkingV1PrivateLinkAccessesParams{SpecDisplayName: &[]string{"ALPHA"}}))
	r, err := c.ListNetworkingV1PrivateLinkAccessesWithResponse(ctx, &api.ListNetworkingV1PrivateLinkAccessesParams{Environment: "env-other"})
	require.NoError(t, err)
	assert.Empty(t, r.JSON200.Data)
}

// Pages come with opaque tokens and an absolute next link on the same host
// that keeps the filters.
func TestPagination(t *testing.T) {
	f := start(t)
	c := client(t, f)
	ctx := context.Background()
	for i := range 25 {
		r, err := c.CreateNetworkingV1NetworkLinkServiceWithResponse(ctx, nlsBody(fmt.Sprintf("svc-%02d", i), "n-1"))
		require.NoError(t, err)
		require.Equal(t, 202, r.StatusCode())
	}
	size := 10
	params := &api.ListNetworkingV1NetworkLinkServicesParams{Environment: "env-1", PageSize: &size, SpecNetwork: &[]string{"n-1"}}
	var names []string
	pages := 0
	for {
		r, err := c.ListNetworkingV1NetworkLinkServicesWithResponse(ctx, params)
		require.NoError(t, err)
		require.Equal(t, 200, r.StatusCode(), string(r.Body))
		pages++
		for _, it := range r.JSON200.Data {
			names = append(names, *it.Spec.DisplayName)
		}
		if r.JSON200.Metadata.Next == nil {
			break
		}
		next, err := url.Parse(*r.JSON200.Metadata.Next)
		require.NoError(t, err)
		assert.Equal(t, f.URL, next.Scheme+"://"+next.Host)
		assert.Equal(t, "/networking/v1/network-link-services", next.Path)
		assert.Equal(t, []string{"n-1"}, next.Query()["spec.network"])
		tok := next.Query().Get("page_token")
		require.NotEmpty(t, tok)
		assert.NotContains(t, tok, "10", "tokens are opaque")
		params.PageToken = &tok
	}
	assert.Equal(t, 3, pages)
	require.Len(t, names, 25)
	assert.Equal(t, "svc-00", names[0])
	assert.Equal(t, "svc-24", names[24])

	// The default page is 10.
	r, err := c.ListNetworkingV1NetworkLinkServicesWithResponse(ctx, &api.ListNetworkingV1NetworkLinkServicesParams{Environment: "env-1"})
	require.NoError(t, err)
	assert.Len(t, r.JSON200.Data, 10)

	// A token is bound to its query, and garbage is refused.
	first, err := c.ListNetworkingV1NetworkLinkServicesWithResponse(ctx, &api.ListNetworkingV1NetworkLinkServicesParams{Environment: "env-1", PageSize: &size})
	require.NoError(t, err)
	next, _ := url.Parse(*first.JSON200.Metadata.Next)
	tok := next.Query().Get("page_token")
	// Filter values are kept apart: a token for ["a,b"] is no token for ["a","b"].
	comma := &[]string{"a,b"}
	cr, err := c.ListNetworkingV1NetworkLinkServicesWithResponse(ctx, &api.ListNetworkingV1NetworkLinkServicesParams{Environment: "env-1", PageSize: &size, SpecDisplayName: comma})
	require.NoError(t, err)
	require.Equal(t, 200, cr.StatusCode())
	fp := fake.FingerprintForTest([]string{"a,b"})
	assert.NotEqual(t, fp, fake.FingerprintForTest([]string{"a", "b"}))
	for _, q := range []string{"environment=env-2&page_token=" + tok, "environment=env-1&page_token=garbage", "environment=env-1&page_size=0"} {
		status, _, body := do(t, f, "GET", "/networking/v1/network-link-services?"+q, nil)
		assert.Equal(t, 400, status, q)
		assert.True(t, strings.Contains(failureDetail(t, body), "page_"), q)
	}
}

func TestInventory(t *testing.T) {
	f := start(t)
	c := client(t, f)
	ctx := context.Background()
	_, err := c.CreateNetworkingV1NetworkLinkServiceWithResponse(ctx, nlsBody("svc", "n-1"))
	require.NoError(t, err)
	_, err = c.CreateNetworkingV1PrivateLinkAccessWithResponse(ctx, plaBody(t, "p", "n-1", gcp("proj")))
	require.NoError(t, err)
	nls, pla := f.NetworkLinkServices(), f.PrivateLinkAccesses()
	require.Len(t, nls, 1)
	require.Len(t, pla, 1)
	assert.Equal(t, "svc", *nls[0].Spec.DisplayName)
	assert.Equal(t, "PROVISIONING", pla[0].Status.Phase, "reading the inventory is not a poll")
	assert.Equal(t, "PROVISIONING", f.PrivateLinkAccesses()[0].Status.Phase)
}
