package wrapper

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ccloud-go/networking/api"
)

// seen is one request as the server saw it.
type seen struct {
	method, path string
	query        url.Values
	body         map[string]any
}

// recordingServer answers every request with reply and records it.
func recordingServer(t *testing.T, reply func(w http.ResponseWriter, r *http.Request)) (*server, func() seen) {
	var mu sync.Mutex
	var last seen
	s := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		raw, _ := io.ReadAll(r.Body)
		var body map[string]any
		_ = json.Unmarshal(raw, &body)
		mu.Lock()
		last = seen{method: r.Method, path: r.URL.EscapedPath(), query: r.URL.Query(), body: body}
		mu.Unlock()
		reply(w, r)
	})
	return s, func() seen { mu.Lock(); defer mu.Unlock(); return last }
}

func nlsCreate(name string) api.NetworkLinkServiceCreateRequest {
	req := api.NetworkLinkServiceCreateRequest{Spec: api.NetworkLinkServiceSpec{
		Environment: api.GlobalObjectReference{ID: "env-1"},
		Network:     api.EnvScopedObjectReference{ID: "n-1"},
	}}
	if name != "" {
		req.Spec.DisplayName = &name
	}
	return req
}

func plaCreate(t *testing.T, account string) api.PrivateLinkAccessCreateRequest {
	t.Helper()
	cloud := AWSCloud(account)
	return api.PrivateLinkAccessCreateRequest{Spec: api.PrivateLinkAccessSpec{
		DisplayName: Ptr("pla"),
		Cloud:       cloud,
		Environment: api.ObjectReference{ID: "env-1"},
		Network:     api.ObjectReference{ID: "n-1"},
	}}
}

func TestNetworkLinkServiceOperations(t *testing.T) {
	ctx := context.Background()
	s, last := recordingServer(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.Method {
		case http.MethodPost:
			writeJSON(w, 202, nlsDoc("nls-1", api.PhaseProvisioning))
		case http.MethodDelete:
			w.WriteHeader(204)
		case http.MethodGet:
			if r.URL.Path == "/networking/v1/network-link-services" {
				md := map[string]any{} // a second page, the last
				if r.URL.Query().Get("page_token") == "" {
					md["next"] = "http://" + r.Host + "/networking/v1/network-link-services?environment=env-1&page_token=p2"
				}
				writeJSON(w, 200, map[string]any{"api_version": "networking/v1", "kind": "NetworkLinkServiceList",
					"metadata": md,
					"data":     []any{nlsDoc("nls-1", "READY"), nlsDoc("nls-2", "READY")}})
				return
			}
			writeJSON(w, 200, nlsDoc("nls-1", api.PhaseReady))
		default:
			writeJSON(w, 200, nlsDoc("nls-1", api.PhaseReady))
		}
	})
	h := newTestClient(t, s).NetworkLinkServices()

	created, err := h.Create(ctx, nlsCreate("svc"))
	require.NoError(t, err)
	assert.Equal(t, api.PhaseProvisioning, created.Status.Phase)
	got := last()
	assert.Equal(t, "POST", got.method)
	assert.Equal(t, "/networking/v1/network-link-services", got.path)
	assert.Equal(t, map[string]any{"spec": map[string]any{"display_name": "svc", "environment": map[string]any{"id": "env-1"}, "network": map[string]any{"id": "n-1"}}}, got.body)

	one, err := h.Get(ctx, "env-1", "nls-1")
	require.NoError(t, err)
	assert.Equal(t, "nls-1", one.ID)
	got = last()
	assert.Equal(t, "/networking/v1/network-link-services/nls-1", got.path)
	assert.Equal(t, url.Values{"environment": {"env-1"}}, got.query)

	items, next, err := h.List(ctx, "env-1", &ListOptions{DisplayNames: []string{"a", "b"}, Phases: []string{"READY"}, Networks: []string{"n-1"}, PageSize: 2})
	require.NoError(t, err)
	assert.Len(t, items, 2)
	assert.Equal(t, "p2", next)
	assert.Equal(t, url.Values{"environment": {"env-1"}, "spec.display_name": {"a", "b"}, "status.phase": {"READY"},
		"spec.network": {"n-1"}, "page_size": {"2"}}, last().query)

	_, _, err = h.List(ctx, "env-1", &ListOptions{PageToken: "p2"})
	require.NoError(t, err)
	assert.Equal(t, url.Values{"environment": {"env-1"}, "page_token": {"p2"}}, last().query)

	updated, err := h.Update(ctx, "env-1", "nls-1", api.NetworkLinkServiceUpdateRequest{Spec: api.NetworkLinkServiceSpecUpdate{
		DisplayName: Ptr("renamed")}})
	require.NoError(t, err)
	assert.Equal(t, "nls-1", updated.ID)
	got = last()
	assert.Equal(t, "PATCH", got.method)
	assert.Equal(t, map[string]any{"spec": map[string]any{"display_name": "renamed", "environment": map[string]any{"id": "env-1"}}}, got.body,
		"Update put the environment it was given in the body")

	require.NoError(t, h.Delete(ctx, "env-1", "nls-1"))
	got = last()
	assert.Equal(t, "DELETE", got.method)
	assert.Equal(t, url.Values{"environment": {"env-1"}}, got.query)
}

func TestPrivateLinkAccessOperations(t *testing.T) {
	ctx := context.Background()
	s, last := recordingServer(t, func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.Method == http.MethodPost:
			writeJSON(w, 202, plaDoc("pla-1", api.PhaseProvisioning, awsCloudDoc("123456789012")))
		case r.Method == http.MethodDelete:
			w.WriteHeader(204)
		case r.Method == http.MethodGet && r.URL.Path == "/networking/v1/private-link-accesses":
			writeJSON(w, 200, map[string]any{"api_version": "networking/v1", "kind": "PrivateLinkAccessList", "metadata": map[string]any{},
				"data": []any{
					plaDoc("pla-1", "READY", awsCloudDoc("123456789012")),
					plaDoc("pla-2", "READY", map[string]any{"kind": "AzurePrivateLinkAccess", "subscription": "sub"}),
					plaDoc("pla-3", "READY", map[string]any{"kind": "GcpPrivateServiceConnectAccess", "project": "proj"}),
				}})
		default:
			writeJSON(w, 200, plaDoc("pla-1", api.PhaseReady, awsCloudDoc("123456789012")))
		}
	})
	h := newTestClient(t, s).PrivateLinkAccesses()

	created, err := h.Create(ctx, plaCreate(t, "123456789012"))
	require.NoError(t, err)
	kind, acct, err := CloudAccount(created.Spec.Cloud)
	require.NoError(t, err)
	assert.Equal(t, PrivateLinkAccessAWS, kind)
	assert.Equal(t, "123456789012", acct)
	assert.Equal(t, map[string]any{"kind": "AwsPrivateLinkAccess", "account": "123456789012"}, last().body["spec"].(map[string]any)["cloud"])

	_, err = h.Get(ctx, "env-1", "pla-1")
	require.NoError(t, err)
	assert.Equal(t, "/networking/v1/private-link-accesses/pla-1", last().path)

	items, next, err := h.List(ctx, "env-1", nil)
	require.NoError(t, err)
	assert.Equal(t, "", next)
	var kinds []string
	for _, it := range items {
		k, _, err := CloudAccount(it.Spec.Cloud)
		require.NoError(t, err)
		kinds = append(kinds, k)
	}
	assert.Equal(t, []string{PrivateLinkAccessAWS, PrivateLinkAccessAzure, PrivateLinkAccessGCP}, kinds)

	_, err = h.Update(ctx, "env-1", "pla-1", api.PrivateLinkAccessUpdateRequest{Spec: api.PrivateLinkAccessSpecUpdate{
		DisplayName: Ptr("x"), Environment: api.ObjectReference{ID: "env-1"}}})
	require.NoError(t, err)
	assert.Equal(t, "PATCH", last().method)

	require.NoError(t, h.Delete(ctx, "env-1", "pla-1"))
	assert.Equal(t, "DELETE", last().method)
}

// Bad input is refused before anything is sent, with the field named.
func TestBadInputIsRefusedBeforeSending(t *testing.T) {
	ctx := context.Background()
	s := newServer(t, func(w http.ResponseWriter, r *http.Request) { t.Errorf("request sent: %s %s", r.Method, r.URL) })
	c := newTestClient(t, s)
	nls, pla := c.NetworkLinkServices(), c.PrivateLinkAccesses()
	noCloud := plaCreate(t, "123456789012")
	noCloud.Spec.Cloud = api.PrivateLinkAccessCloud{}
	badAWS := plaCreate(t, "123456789012")
	require.NoError(t, badAWS.Spec.Cloud.FromAwsPrivateLinkAccess(api.AwsPrivateLinkAccess{Kind: api.AwsPrivateLinkAccessKindAwsPrivateLinkAccess, Account: "12345"}))
	badKind := plaCreate(t, "123456789012")
	require.NoError(t, badKind.Spec.Cloud.UnmarshalJSON([]byte(`{"kind":"OracleAccess"}`)))
	emptyAzure := plaCreate(t, "123456789012")
	require.NoError(t, emptyAzure.Spec.Cloud.FromAzurePrivateLinkAccess(api.AzurePrivateLinkAccess{Kind: api.AzurePrivateLinkAccessKindAzurePrivateLinkAccess}))
	emptyGCP := plaCreate(t, "123456789012")
	require.NoError(t, emptyGCP.Spec.Cloud.FromGcpPrivateServiceConnectAccess(api.GcpPrivateServiceConnectAccess{Kind: api.GcpPrivateServiceConnectAccessKindGcpPrivateServiceConnectAccess, Project: " "}))
	noNetwork := plaCreate(t, "123456789012")
	noNetwork.Spec.Network.ID = ""
	noEnvNLS := nlsCreate("x")
	noEnvNLS.Spec.Environment.ID = ""
	noNetNLS := nlsCreate("x")
	noNetNLS.Spec.Network.ID = ""

	cases := []struct {
		name, field string
		call        func() error
	}{
		{"get empty environment", "environment", func() error { _, err := nls.Get(ctx, "", "nls-1"); return err }},
		{"get empty id", "id", func() error { _, err := pla.Get(ctx, "env-1", ""); return err }},
		{"get dot-dot id", "id", func() error { _, err := pla.Get(ctx, "env-1", ".."); return err }},
		{"get id with space", "id", func() error { _, err := pla.Get(ctx, "env-1", "a b"); return err }},
		{"get long id", "id", func() error { _, err := pla.Get(ctx, "env-1", string(make([]byte, api.MaxIDLength+1))); return err }},
		{"delete empty id", "id", func() error { return nls.Delete(ctx, "env-1", "") }},
		{"delete empty environment", "environment", func() error { return pla.Delete(ctx, "", "pla-1") }},
		{"list empty environment", "environment", func() error { _, _, err := nls.List(ctx, "", nil); return err }},
		{"list page size 0 is fine but one over the spec's maximum is not", "page_size", func() error {
			_, _, err := pla.List(ctx, "env-1", &ListOptions{PageSize: plaBounds.MaxPageSize + 1})
			return err
		}},
		{"list negative page size", "page_size", func() error { _, _, err := pla.List(ctx, "env-1", &ListOptions{PageSize: -1}); return err }},
		{"list long page token", "page_token", func() error {
			_, _, err := pla.List(ctx, "env-1", &ListOptions{PageToken: string(make([]byte, plaBounds.MaxPageTokenLength+1))})
			return err
		}},
		{"list empty filter value", "spec.display_name[1]", func() error {
			_, _, err := nls.List(ctx, "env-1", &ListOptions{DisplayNames: []string{"a", ""}})
			return err
		}},
		{"list empty phase", "status.phase[0]", func() error { _, _, err := nls.List(ctx, "env-1", &ListOptions{Phases: []string{""}}); return err }},
		{"list empty network", "spec.network[0]", func() error { _, _, err := nls.List(ctx, "env-1", &ListOptions{Networks: []string{""}}); return err }},
		{"all page size", "page_size", func() error {
			for _, err := range pla.All(ctx, "env-1", &ListOptions{PageSize: 5 * plaBounds.MaxPageSize}) {
				return err
			}
			return nil
		}},
		{"all empty environment", "environment", func() error {
			for _, err := range nls.All(ctx, "", nil) {
				return err
			}
			return nil
		}},
		{"create nls without environment", "spec.environment.id", func() error { _, err := nls.Create(ctx, noEnvNLS); return err }},
		{"create nls without network", "spec.network.id", func() error { _, err := nls.Create(ctx, noNetNLS); return err }},
		{"create pla without cloud", "spec.cloud", func() error { _, err := pla.Create(ctx, noCloud); return err }},
		{"create pla with short AWS account", "spec.cloud.account", func() error { _, err := pla.Create(ctx, badAWS); return err }},
		{"create pla with unknown cloud kind", "spec.cloud.kind", func() error { _, err := pla.Create(ctx, badKind); return err }},
		{"create pla with empty subscription", "spec.cloud.subscription", func() error { _, err := pla.Create(ctx, emptyAzure); return err }},
		{"create pla with blank project", "spec.cloud.project", func() error { _, err := pla.Create(ctx, emptyGCP); return err }},
		{"create pla without network", "spec.network.id", func() error { _, err := pla.Create(ctx, noNetwork); return err }},
		{"update nls without environment", "environment", func() error {
			_, err := nls.Update(ctx, "", "nls-1", api.NetworkLinkServiceUpdateRequest{})
			return err
		}},
		{"update pla without id", "id", func() error {
			_, err := pla.Update(ctx, "env-1", "", api.PrivateLinkAccessUpdateRequest{})
			return err
		}},
		{"update pla whose body names another environment", "spec.environment.id", func() error {
			_, err := pla.Update(ctx, "env-1", "pla-1", api.PrivateLinkAccessUpdateRequest{Spec: api.PrivateLinkAccessSpecUpdate{Environment: api.ObjectReference{ID: "env-2"}}})
			return err
		}},
		{"wait ready empty id", "id", func() error { _, err := nls.WaitReady(ctx, "env-1", ""); return err }},
		{"wait ready empty environment", "environment", func() error { _, err := pla.WaitReady(ctx, "", "pla-1"); return err }},
		{"wait deleted empty id", "id", func() error { return pla.WaitDeleted(ctx, "env-1", "") }},
		{"wait deleted empty environment", "environment", func() error { return nls.WaitDeleted(ctx, "", "x") }},
		{"wait bad interval", "PollInterval min", func() error { _, err := nls.WaitReady(ctx, "env-1", "x", PollInterval(0, 1)); return err }},
		{"wait max below min", "PollInterval max", func() error { return nls.WaitDeleted(ctx, "env-1", "x", PollInterval(2, 1)) }},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.call()
			require.Error(t, err)
			assert.ErrorIs(t, err, ErrInvalidInput)
			var ie *InputError
			require.ErrorAs(t, err, &ie)
			assert.Equal(t, tc.field, ie.Field)
			assert.Contains(t, err.Error(), "invalid "+tc.field+": ")
		})
	}
	assert.Zero(t, s.hits.Load())
}

func TestCloudConstructors(t *testing.T) {
	for _, tc := range []struct {
		name          string
		build         func() api.PrivateLinkAccessCloud
		kind, account string
		json          string
	}{
		{"aws", func() api.PrivateLinkAccessCloud { return AWSCloud("000000000001") }, PrivateLinkAccessAWS, "000000000001", `{"kind":"AwsPrivateLinkAccess","account":"000000000001"}`},
		{"azure", func() api.PrivateLinkAccessCloud { return AzureCloud("sub-1") }, PrivateLinkAccessAzure, "sub-1", `{"kind":"AzurePrivateLinkAccess","subscription":"sub-1"}`},
		{"gcp", func() api.PrivateLinkAccessCloud { return GCPCloud("proj-1") }, PrivateLinkAccessGCP, "proj-1", `{"kind":"GcpPrivateServiceConnectAccess","project":"proj-1"}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := tc.build()
			require.NoError(t, validPrivateLinkAccessCloud("cloud", c))
			kind, account, err := CloudAccount(c)
			require.NoError(t, err)
			assert.Equal(t, tc.kind, kind)
			assert.Equal(t, tc.account, account)
			b, err := json.Marshal(c)
			require.NoError(t, err)
			assert.JSONEq(t, tc.json, string(b))
		})
	}
	for _, bad := range []string{"", "12345678901", "1234567890123", "12345678901a", " 123456789012"} {
		var ie *InputError
		require.ErrorAs(t, validPrivateLinkAccessCloud("cloud", AWSCloud(bad)), &ie, bad)
		assert.Equal(t, "cloud.account", ie.Field)
	}
	assert.ErrorIs(t, validPrivateLinkAccessCloud("cloud", AzureCloud("")), ErrInvalidInput)
	assert.ErrorIs(t, validPrivateLinkAccessCloud("cloud", GCPCloud("")), ErrInvalidInput)
	_, _, err := CloudAccount(api.PrivateLinkAccessCloud{})
	assert.Error(t, err)
}

// A delete whose answer was lost meets 404 on the retry: that is success.
func TestDeleteAfterLostAnswer(t *testing.T) {
	var mu sync.Mutex
	deletes := 0
	s := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		deletes++
		if deletes == 1 {
			writeFailure(w, 503, "unavailable")
			return
		}
		writeFailure(w, 404, "gone")
	})
	c := newTestClient(t, s)
	require.NoError(t, c.PrivateLinkAccesses().Delete(context.Background(), "env-1", "pla-1"))
	assert.Equal(t, 2, deletes)

	// Without an earlier ambiguous failure, 404 is an error.
	s2 := newServer(t, func(w http.ResponseWriter, r *http.Request) { writeFailure(w, 404, "gone") })
	err := newTestClient(t, s2).PrivateLinkAccesses().Delete(context.Background(), "env-1", "pla-1")
	assert.True(t, errors.Is(err, ErrNotFound))
}
