package fake_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ccloud-go/networking/api"
	"github.com/ccloud-go/networking/fake"
)

// Requests that break the spec get 400 with a Failure naming the problem,
// and change nothing.
func TestInvalidRequestsAreRefused(t *testing.T) {
	f := start(t)
	bounds := api.ListNetworkingV1PrivateLinkAccessesParams{}.PageBounds() // the spec's, generated
	long := strings.Repeat("x", bounds.MaxPageTokenLength+1)
	cases := []struct {
		name, method, path string
		body               any
		mention            string
	}{
		{"list without environment", "GET", "/networking/v1/private-link-accesses", nil, "environment"},
		{"get without environment", "GET", "/networking/v1/network-link-services/nls-1", nil, "environment"},
		{"delete without environment", "DELETE", "/networking/v1/private-link-accesses/pla-1", nil, "environment"},
		{"page size above the maximum", "GET", fmt.Sprintf("/networking/v1/private-link-accesses?environment=e&page_size=%d", bounds.MaxPageSize+1), nil, "page_size"},
		{"page size not a number", "GET", "/networking/v1/network-link-services?environment=e&page_size=ten", nil, "page_size"},
		{"page token too long", "GET", "/networking/v1/private-link-accesses?environment=e&page_token=" + long, nil, "page_token"},
		{"create without spec", "POST", "/networking/v1/private-link-accesses", map[string]any{}, "spec"},
		{"create without cloud", "POST", "/networking/v1/private-link-accesses",
			map[string]any{"spec": map[string]any{"environment": map[string]any{"id": "e"}, "network": map[string]any{"id": "n"}}}, "cloud"},
		{"AWS account of 11 digits", "POST", "/networking/v1/private-link-accesses",
			map[string]any{"spec": map[string]any{"cloud": map[string]any{"kind": "AwsPrivateLinkAccess", "account": "12345678901"},
				"environment": map[string]any{"id": "e"}, "network": map[string]any{"id": "n"}}}, "account"},
		{"unknown cloud kind", "POST", "/networking/v1/private-link-accesses",
			map[string]any{"spec": map[string]any{"cloud": map[string]any{"kind": "OracleAccess", "tenancy": "t"},
				"environment": map[string]any{"id": "e"}, "network": map[string]any{"id": "n"}}}, "kind"},
		{"network link service without network", "POST", "/networking/v1/network-link-services",
			map[string]any{"spec": map[string]any{"environment": map[string]any{"id": "e"}}}, "network"},
		{"empty environment id", "POST", "/networking/v1/network-link-services",
			map[string]any{"spec": map[string]any{"environment": map[string]any{"id": ""}, "network": map[string]any{"id": "n"}}}, "id"},
		{"update without environment", "PATCH", "/networking/v1/network-link-services/nls-1",
			map[string]any{"spec": map[string]any{"display_name": "x"}}, "environment"},
		{"display name of the wrong type", "PATCH", "/networking/v1/private-link-accesses/pla-1",
			map[string]any{"spec": map[string]any{"display_name": 7, "environment": map[string]any{"id": "e"}}}, "display_name"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			status, h, body := do(t, f, tc.method, tc.path, tc.body)
			require.Equal(t, http.StatusBadRequest, status, string(body))
			assert.NotEmpty(t, h.Get("X-Request-Id"))
			assert.Contains(t, failureDetail(t, body), tc.mention)
		})
	}
	assert.Zero(t, f.Stats().Creates)
	assert.Equal(t, len(cases), f.Stats().Invalid)
}

func TestAuthentication(t *testing.T) {
	f := start(t, fake.WithAPIKey("K1", "S1"), fake.WithBearerToken("tok-1"))
	get := func(edit func(*http.Request)) (int, http.Header) {
		req, _ := http.NewRequest("GET", f.URL+"/networking/v1/private-link-accesses?environment=e", nil)
		edit(req)
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		_ = resp.Body.Close()
		return resp.StatusCode, resp.Header
	}
	status, _ := get(func(r *http.Request) { r.SetBasicAuth("K1", "S1") })
	assert.Equal(t, 200, status)
	status, _ = get(func(r *http.Request) { r.Header.Set("Authorization", "Bearer tok-1") })
	assert.Equal(t, 200, status)
	for name, edit := range map[string]func(*http.Request){
		"none":         func(*http.Request) {},
		"wrong secret": func(r *http.Request) { r.SetBasicAuth("K1", "S2") },
		"unknown key":  func(r *http.Request) { r.SetBasicAuth("K9", "S1") },
		"wrong token":  func(r *http.Request) { r.Header.Set("Authorization", "Bearer tok-2") },
		"other scheme": func(r *http.Request) { r.Header.Set("Authorization", "Digest x") },
	} {
		status, h := get(edit)
		assert.Equal(t, 401, status, name)
		assert.NotEmpty(t, h.Get("WWW-Authenticate"), name)
	}
	assert.Equal(t, 5, f.Stats().Unauthenticated)

	// The default credential works when none is configured.
	d := start(t)
	assert.Equal(t, fake.DefaultKey, d.Key)
	_, err := fake.New(fake.WithAPIKey("", "x"))
	assert.ErrorContains(t, err, "WithAPIKey")
}

// The fake's own answers are checked: an answer that breaks the spec
// becomes a 500 that says so.
func TestResponseValidationCatchesBadAnswers(t *testing.T) {
	f := start(t)
	c := client(t, f)
	r, err := c.CreateNetworkingV1NetworkLinkServiceWithResponse(context.Background(), nlsBody("svc", "n-1"))
	require.NoError(t, err)
	require.Equal(t, 202, r.StatusCode())
	fake.BreakAnswersForTest(f.Server)
	status, _, body := do(t, f, "GET", "/networking/v1/network-link-services/"+r.JSON202.ID+"?environment=env-1", nil)
	assert.Equal(t, 500, status)
	assert.Contains(t, failureDetail(t, body), "phase")
}
