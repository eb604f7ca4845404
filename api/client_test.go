package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ccloud-go/networking/api"
)

// recorded is what the test server saw of one request.
type recorded struct {
	method  string
	path    string // escaped, as it went on the wire
	query   url.Values
	rawBody []byte
	ctype   string
}

// answer is what the test server sends back.
type answer struct {
	status  int
	body    string
	headers map[string]string
}

// recorder is a loopback server that remembers the last request and sends a
// fixed answer, so each test states both sides of one exchange.
type recorder struct {
	mu   sync.Mutex
	last recorded
	ans  answer
	srv  *httptest.Server
}

func newRecorder(t *testing.T) *recorder {
	t.Helper()
	rec := &recorder{}
	rec.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		rec.mu.Lock()
		rec.last = recorded{
			method:  r.Method,
			path:    r.URL.EscapedPath(),
			query:   r.URL.Query(),
			rawBody: body,
			ctype:   r.Header.Get("Content-Type"),
		}
		ans := rec.ans
		rec.mu.Unlock()
		for k, v := range ans.headers {
			w.Header().Set(k, v)
		}
		if ans.body != "" {
			w.Header().Set("Content-Type", "application/json")
		}
		w.WriteHeader(ans.status)
		_, _ = io.WriteString(w, ans.body)
	}))
	t.Cleanup(rec.srv.Close)
	return rec
}

func (r *recorder) answer(a answer) {
	r.mu.Lock()
	r.ans = a
	r.mu.Unlock()
}

func (r *recorder) seen() recorded {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.last
}

func newClient(t *testing.T, rec *recorder) *api.ClientWithResponses {
	t.Helper()
	c, err := api.NewClientWithResponses(rec.srv.URL)
	require.NoError(t, err)
	return c
}

const nlsJSON = `{
  "api_version": "networking/v1", "kind": "NetworkLinkService", "id": "nls-abc123",
  "metadata": {"self": "https://api.confluent.cloud/networking/v1/network-link-services/nls-abc123",
               "created_at": "2026-01-02T03:04:05Z"},
  "spec": {"display_name": "svc", "accept": {"environments": ["env-1"], "networks": ["n-2"]},
           "environment": {"id": "env-00000"}, "network": {"id": "n-00000"}},
  "status": {"phase": "READY"}
}`

func plaJSON(cloud string) string {
	return `{
  "api_version": "networking/v1", "kind": "PrivateLinkAccess", "id": "pla-abc123",
  "metadata": {"self": "https://api.confluent.cloud/networking/v1/private-link-accesses/pla-abc123"},
  "spec": {"display_name": "pla", "cloud": ` + cloud + `,
           "environment": {"id": "env-00000"}, "network": {"id": "n-00000"}},
  "status": {"phase": "PROVISIONING"}
}`
}

func TestOperationsOnTheWire(t *testing.T) {
	ctx := context.Background()
	rec := newRecorder(t)
	c := newClient(t, rec)
	str := func(s string) *string { return &s }

	nlsCreate := api.NetworkLinkServiceCreateRequest{Spec: api.NetworkLinkServiceSpec{
		DisplayName: str("svc"),
		Environment: api.GlobalObjectReference{ID: "env-00000"},
		Network:     api.EnvScopedObjectReference{ID: "n-00000"},
	}}
	var awsCloud api.PrivateLinkAccessCloud
	require.NoError(t, awsCloud.FromAwsPrivateLinkAccess(api.AwsPrivateLinkAccess{Kind: api.AwsPrivateLinkAccessKindAwsPrivateLinkAccess, Account: "123456789012"}))
	plaCreate := api.PrivateLinkAccessCreateRequest{Spec: api.PrivateLinkAccessSpec{
		Cloud:       awsCloud,
		Environment: api.ObjectReference{ID: "env-00000"},
		Network:     api.ObjectReference{ID: "n-00000"},
	}}

	cases := []struct {
		name     string
		status   int
		body     string
		call     func() (int, error)
		method   string
		path     string
		query    url.Values
		wantBody string // JSON the request must carry, if any
	}{
		{
			name: "create network link service", status: 202, body: nlsJSON,
			call: func() (int, error) {
				r, err := c.CreateNetworkingV1NetworkLinkServiceWithResponse(ctx, nlsCreate)
				if err != nil {
					return 0, err
				}
				require.NotNil(t, r.JSON202)
				assert.Equal(t, "nls-abc123", r.JSON202.ID)
				return r.StatusCode(), nil
			},
			method: "POST", path: "/networking/v1/network-link-services", query: url.Values{},
			wantBody: `{"spec":{"display_name":"svc","environment":{"id":"env-00000"},"network":{"id":"n-00000"}}}`,
		},
		{
			name: "get network link service", status: 200, body: nlsJSON,
			call: func() (int, error) {
				r, err := c.GetNetworkingV1NetworkLinkServiceWithResponse(ctx, "nls-abc123",
					&api.GetNetworkingV1NetworkLinkServiceParams{Environment: "env-00000"})
				if err != nil {
					return 0, err
				}
				require.NotNil(t, r.JSON200)
				assert.Equal(t, "READY", r.JSON200.Status.Phase)
				assert.Equal(t, []string{"env-1"}, *r.JSON200.Spec.Accept.Environments)
				assert.Equal(t, 2026, r.JSON200.Metadata.CreatedAt.Year())
				return r.StatusCode(), nil
			},
			method: "GET", path: "/networking/v1/network-link-services/nls-abc123",
			query: url.Values{"environment": {"env-00000"}},
		},
		{
			name: "list network link services", status: 200,
			body: `{"api_version":"networking/v1","kind":"NetworkLinkServiceList",
			        "metadata":{"next":"https://api.confluent.cloud/networking/v1/network-link-services?page_token=t2"},
			        "data":[` + nlsJSON + `]}`,
			call: func() (int, error) {
				size, token := 50, "t1"
				r, err := c.ListNetworkingV1NetworkLinkServicesWithResponse(ctx, &api.ListNetworkingV1NetworkLinkServicesParams{
					Environment:     "env-00000",
					SpecDisplayName: &[]string{"a", "b"},
					StatusPhase:     &[]string{"READY"},
					SpecNetwork:     &[]string{"n-1", "n-2"},
					PageSize:        &size,
					PageToken:       &token,
				})
				if err != nil {
					return 0, err
				}
				require.NotNil(t, r.JSON200)
				require.Len(t, r.JSON200.Data, 1)
				assert.Contains(t, *r.JSON200.Metadata.Next, "page_token=t2")
				return r.StatusCode(), nil
			},
			method: "GET", path: "/networking/v1/network-link-services",
			query: url.Values{
				"environment":       {"env-00000"},
				"spec.display_name": {"a", "b"},
				"status.phase":      {"READY"},
				"spec.network":      {"n-1", "n-2"},
				"page_size":         {"50"},
				"page_token":        {"t1"},
			},
		},
		{
			name: "update network link service", status: 200, body: nlsJSON,
			call: func() (int, error) {
				r, err := c.UpdateNetworkingV1NetworkLinkServiceWithResponse(ctx, "nls-abc123", api.NetworkLinkServiceUpdateRequest{
					Spec: api.NetworkLinkServiceSpecUpdate{DisplayName: str("renamed"), Environment: api.GlobalObjectReference{ID: "env-00000"}},
				})
				if err != nil {
					return 0, err
				}
				require.NotNil(t, r.JSON200)
				return r.StatusCode(), nil
			},
			method: "PATCH", path: "/networking/v1/network-link-services/nls-abc123", query: url.Values{},
			wantBody: `{"spec":{"display_name":"renamed","environment":{"id":"env-00000"}}}`,
		},
		{
			name: "delete network link service", status: 204,
			call: func() (int, error) {
				r, err := c.DeleteNetworkingV1NetworkLinkServiceWithResponse(ctx, "nls-abc123",
					&api.DeleteNetworkingV1NetworkLinkServiceParams{Environment: "env-00000"})
				if err != nil {
					return 0, err
				}
				return r.StatusCode(), nil
			},
			method: "DELETE", path: "/networking/v1/network-link-services/nls-abc123",
			query: url.Values{"environment": {"env-00000"}},
		},
		{
			name: "create private link access", status: 202, body: plaJSON(`{"kind":"AwsPrivateLinkAccess","account":"123456789012"}`),
			call: func() (int, error) {
				r, err := c.CreateNetworkingV1PrivateLinkAccessWithResponse(ctx, plaCreate)
				if err != nil {
					return 0, err
				}
				require.NotNil(t, r.JSON202)
				return r.StatusCode(), nil
			},
			method: "POST", path: "/networking/v1/private-link-accesses", query: url.Values{},
			wantBody: `{"spec":{"cloud":{"kind":"AwsPrivateLinkAccess","account":"123456789012"},
			            "environment":{"id":"env-00000"},"network":{"id":"n-00000"}}}`,
		},
		{
			name: "get private link access", status: 200, body: plaJSON(`{"kind":"GcpPrivateServiceConnectAccess","project":"p-1"}`),
			call: func() (int, error) {
				r, err := c.GetNetworkingV1PrivateLinkAccessWithResponse(ctx, "pla-abc123",
					&api.GetNetworkingV1PrivateLinkAccessParams{Environment: "env-00000"})
				if err != nil {
					return 0, err
				}
				require.NotNil(t, r.JSON200)
				return r.StatusCode(), nil
			},
			method: "GET", path: "/networking/v1/private-link-accesses/pla-abc123",
			query: url.Values{"environment": {"env-00000"}},
		},
		{
			name: "list private link accesses", status: 200,
			body: `{"api_version":"networking/v1","kind":"PrivateLinkAccessList","metadata":{},"data":[` +
				plaJSON(`{"kind":"AzurePrivateLinkAccess","subscription":"s-1"}`) + `]}`,
			call: func() (int, error) {
				r, err := c.ListNetworkingV1PrivateLinkAccessesWithResponse(ctx, &api.ListNetworkingV1PrivateLinkAccessesParams{
					Environment:     "env-00000",
					SpecDisplayName: &[]string{"a", "b"},
				})
				if err != nil {
					return 0, err
				}
				require.NotNil(t, r.JSON200)
				require.Len(t, r.JSON200.Data, 1)
				assert.Nil(t, r.JSON200.Metadata.Next)
				return r.StatusCode(), nil
			},
			method: "GET", path: "/networking/v1/private-link-accesses",
			query: url.Values{"environment": {"env-00000"}, "spec.display_name": {"a", "b"}},
		},
		{
			name: "update private link access", status: 200, body: plaJSON(`{"kind":"AwsPrivateLinkAccess","account":"123456789012"}`),
			call: func() (int, error) {
				r, err := c.UpdateNetworkingV1PrivateLinkAccessWithResponse(ctx, "pla-abc123", api.PrivateLinkAccessUpdateRequest{
					Spec: api.PrivateLinkAccessSpecUpdate{DisplayName: str("renamed"), Environment: api.ObjectReference{ID: "env-00000"}},
				})
				if err != nil {
					return 0, err
				}
				require.NotNil(t, r.JSON200)
				return r.StatusCode(), nil
			},
			method: "PATCH", path: "/networking/v1/private-link-accesses/pla-abc123", query: url.Values{},
			wantBody: `{"spec":{"display_name":"renamed","environment":{"id":"env-00000"}}}`,
		},
		{
			name: "delete private link access", status: 204,
			call: func() (int, error) {
				r, err := c.DeleteNetworkingV1PrivateLinkAccessWithResponse(ctx, "pla-abc123",
					&api.DeleteNetworkingV1PrivateLinkAccessParams{Environment: "env-00000"})
				if err != nil {
					return 0, err
				}
				return r.StatusCode(), nil
			},
			method: "DELETE", path: "/networking/v1/private-link-accesses/pla-abc123",
			query: url.Values{"environment": {"env-00000"}},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rec.answer(answer{status: tc.status, body: tc.body})
			code, err := tc.call()
			require.NoError(t, err)
			assert.Equal(t, tc.status, code)
			got := rec.seen()
			assert.Equal(t, tc.method, got.method)
			assert.Equal(t, tc.path, got.path)
			assert.Equal(t, tc.query, got.query)
			if tc.wantBody != "" {
				assert.Equal(t, "application/json", got.ctype)
				assert.JSONEq(t, tc.wantBody, string(got.rawBody))
			} else {
				assert.Empty(t, got.rawBody)
			}
		})
	}
}

// Repeated filters go out as one key per value, in order, never comma-joined.
func TestRepeatedFiltersAreExploded(t *testing.T) {
	rec := newRecorder(t)
	rec.answer(answer{status: 200, body: `{"api_version":"networking/v1","kind":"PrivateLinkAccessList","metadata":{},"data":[]}`})
	c := newClient(t, rec)
	_, err := c.ListNetworkingV1PrivateLinkAccessesWithResponse(context.Background(), &api.ListNetworkingV1PrivateLinkAccessesParams{
		Environment: "env-1", SpecDisplayName: &[]string{"a", "b"},
	})
	require.NoError(t, err)
	q := rec.seen().query
	assert.Equal(t, []string{"a", "b"}, q["spec.display_name"])
	raw := url.Values{}
	raw.Add("spec.display_name", "a")
	raw.Add("spec.display_name", "b")
	assert.NotContains(t, q.Encode(), "a%2Cb")
	assert.Contains(t, q.Encode(), raw.Encode())
}

// A hostile id is escaped into one path segment: it cannot climb out of the
// collection or add a query.
func TestPathIDIsEscaped(t *testing.T) {
	rec := newRecorder(t)
	rec.answer(answer{status: 204})
	c := newClient(t, rec)
	for id, want := range map[string]string{
		"../x":  "/networking/v1/private-link-accesses/..%2Fx",
		"a/b?c": "/networking/v1/private-link-accesses/a%2Fb%3Fc",
		"a b#c": "/networking/v1/private-link-accesses/a%20b%23c",
	} {
		_, err := c.DeleteNetworkingV1PrivateLinkAccessWithResponse(context.Background(), id,
			&api.DeleteNetworkingV1PrivateLinkAccessParams{Environment: "env-1"})
		require.NoError(t, err, id)
		got := rec.seen()
		assert.Equal(t, want, got.path, id)
		assert.Equal(t, url.Values{"environment": {"env-1"}}, got.query, id)
	}
}

// Each of the three cloud variants survives a round trip through the union.
func TestCloudUnionVariants(t *testing.T) {
	rec := newRecorder(t)
	c := newClient(t, rec)
	ctx := context.Background()
	params := &api.GetNetworkingV1PrivateLinkAccessParams{Environment: "env-1"}

	rec.answer(answer{status: 200, body: plaJSON(`{"kind":"AwsPrivateLinkAccess","account":"123456789012"}`)})
	r, err := c.GetNetworkingV1PrivateLinkAccessWithResponse(ctx, "pla-1", params)
	require.NoError(t, err)
	kind, err := r.JSON200.Spec.Cloud.Discriminator()
	require.NoError(t, err)
	assert.Equal(t, "AwsPrivateLinkAccess", kind)
	v, err := r.JSON200.Spec.Cloud.ValueByDiscriminator()
	require.NoError(t, err)
	assert.Equal(t, api.AwsPrivateLinkAccess{Kind: "AwsPrivateLinkAccess", Account: "123456789012"}, v)

	rec.answer(answer{status: 200, body: plaJSON(`{"kind":"AzurePrivateLinkAccess","subscription":"sub-1"}`)})
	r, err = c.GetNetworkingV1PrivateLinkAccessWithResponse(ctx, "pla-1", params)
	require.NoError(t, err)
	v, err = r.JSON200.Spec.Cloud.ValueByDiscriminator()
	require.NoError(t, err)
	assert.Equal(t, api.AzurePrivateLinkAccess{Kind: "AzurePrivateLinkAccess", Subscription: "sub-1"}, v)

	rec.answer(answer{status: 200, body: plaJSON(`{"kind":"GcpPrivateServiceConnectAccess","project":"proj-1"}`)})
	r, err = c.GetNetworkingV1PrivateLinkAccessWithResponse(ctx, "pla-1", params)
	require.NoError(t, err)
	v, err = r.JSON200.Spec.Cloud.ValueByDiscriminator()
	require.NoError(t, err)
	assert.Equal(t, api.GcpPrivateServiceConnectAccess{Kind: "GcpPrivateServiceConnectAccess", Project: "proj-1"}, v)

	// The recorded spelling of a kind (networking.v1.<Schema>; the
	// fragment maps both) reads as the same variant.
	rec.answer(answer{status: 200, body: plaJSON(`{"kind":"networking.v1.GcpPrivateServiceConnectAccess","project":"proj-1"}`)})
	r, err = c.GetNetworkingV1PrivateLinkAccessWithResponse(ctx, "pla-1", params)
	require.NoError(t, err)
	v, err = r.JSON200.Spec.Cloud.ValueByDiscriminator()
	require.NoError(t, err)
	assert.Equal(t, api.GcpPrivateServiceConnectAccess{Kind: "networking.v1.GcpPrivateServiceConnectAccess", Project: "proj-1"}, v)

	// With two mapping keys for one variant, the From* methods still write
	// the document's kind (gen/stampkinds), whatever Kind they are given.
	var cloud api.PrivateLinkAccessCloud
	require.NoError(t, cloud.FromAzurePrivateLinkAccess(api.AzurePrivateLinkAccess{Kind: api.AzurePrivateLinkAccessKindAzurePrivateLinkAccess, Subscription: "sub-2"}))
	b, err := json.Marshal(cloud)
	require.NoError(t, err)
	assert.JSONEq(t, `{"kind":"AzurePrivateLinkAccess","subscription":"sub-2"}`, string(b))
	require.NoError(t, cloud.FromAzurePrivateLinkAccess(api.AzurePrivateLinkAccess{Subscription: "sub-2"}))
	b, err = json.Marshal(cloud)
	require.NoError(t, err)
	assert.JSONEq(t, `{"kind":"AzurePrivateLinkAccess","subscription":"sub-2"}`, string(b))
}

// Every error status the spec lists decodes into Failure, with its headers.
func TestErrorStatusesDecodeIntoFailure(t *testing.T) {
	rec := newRecorder(t)
	c := newClient(t, rec)
	ctx := context.Background()
	failure := `{"errors":[{"id":"e1","status":"%d","code":"c","title":"t","detail":"d","source":{"pointer":"/spec/cloud"}}]}`
	body := func(code int) string { return fmt.Sprintf(failure, code) }

	create := api.PrivateLinkAccessCreateRequest{}
	for _, code := range []int{400, 401, 402, 403, 409, 422, 500} {
		rec.answer(answer{status: code, body: body(code), headers: map[string]string{"X-Request-Id": "req-1", "Location": "https://x/y"}})
		r, err := c.CreateNetworkingV1PrivateLinkAccessWithResponse(ctx, create)
		require.NoError(t, err)
		f := map[int]*api.Failure{400: r.JSON400, 401: r.JSON401, 402: r.JSON402, 403: r.JSON403,
			409: r.JSON409, 422: r.JSON422, 500: r.JSON500}[code]
		require.NotNil(t, f, "status %d", code)
		require.Len(t, f.Errors, 1)
		assert.Equal(t, "/spec/cloud", *f.Errors[0].Source.Pointer)
		assert.Equal(t, fmt.Sprintf("%d", code), *f.Errors[0].Status)
	}
	rec.answer(answer{status: 409, body: body(409), headers: map[string]string{"X-Request-Id": "req-9", "Location": "https://api.confluent.cloud/networking/v1/private-link-accesses/pla-1"}})
	r, err := c.CreateNetworkingV1PrivateLinkAccessWithResponse(ctx, create)
	require.NoError(t, err)
	require.NotNil(t, r.Headers409)
	assert.Equal(t, "req-9", *r.Headers409.XRequestID)
	assert.Equal(t, "https://api.confluent.cloud/networking/v1/private-link-accesses/pla-1", *r.Headers409.Location)

	for _, code := range []int{400, 401, 403, 404, 500} {
		rec.answer(answer{status: code, body: body(code)})
		r, err := c.GetNetworkingV1NetworkLinkServiceWithResponse(ctx, "nls-1", &api.GetNetworkingV1NetworkLinkServiceParams{Environment: "env-1"})
		require.NoError(t, err)
		f := map[int]*api.Failure{400: r.JSON400, 401: r.JSON401, 403: r.JSON403, 404: r.JSON404, 500: r.JSON500}[code]
		require.NotNil(t, f, "status %d", code)
		assert.Equal(t, "d", *f.Errors[0].Detail)
	}

	// 429 has no body in the spec; its headers still parse.
	rec.answer(answer{status: 429, headers: map[string]string{"Retry-After": "7", "X-RateLimit-Remaining": "0", "X-RateLimit-Reset": "3"}})
	lr, err := c.ListNetworkingV1NetworkLinkServicesWithResponse(ctx, &api.ListNetworkingV1NetworkLinkServicesParams{Environment: "env-1"})
	require.NoError(t, err)
	require.NotNil(t, lr.Headers429)
	assert.Equal(t, 7, *lr.Headers429.RetryAfter)
	assert.Equal(t, 3, *lr.Headers429.XRateLimitReset)
}
