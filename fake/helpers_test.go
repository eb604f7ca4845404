package fake_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/ccloud-go/networking/api"
	"github.com/ccloud-go/networking/fake"
)

// start runs a fake that checks its own answers against the spec, so every
// test here also proves the answers conform.
func start(t *testing.T, opts ...fake.Option) *fake.Running {
	t.Helper()
	f, err := fake.Start(append([]fake.Option{fake.WithResponseValidation()}, opts...)...)
	require.NoError(t, err)
	t.Cleanup(func() { _ = f.Close() })
	return f
}

// client is the generated client with the fake's credentials.
func client(t *testing.T, f *fake.Running) *api.ClientWithResponses {
	t.Helper()
	c, err := api.NewClientWithResponses(f.URL, api.WithRequestEditorFn(func(_ context.Context, r *http.Request) error {
		r.SetBasicAuth(f.Key, f.Secret)
		return nil
	}))
	require.NoError(t, err)
	return c
}

// do sends a raw request with the fake's credentials and returns status,
// headers and body. A body of []byte or json.RawMessage goes byte for
// byte; any other is marshalled.
func do(t *testing.T, f *fake.Running, method, path string, body any) (int, http.Header, []byte) {
	t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case []byte:
		rd = bytes.NewReader(b)
	case json.RawMessage:
		rd = bytes.NewReader(b)
	default:
		raw, err := json.Marshal(body)
		require.NoError(t, err)
		rd = bytes.NewReader(raw)
	}
	req, err := http.NewRequest(method, f.URL+path, rd)
	require.NoError(t, err)
	if rd != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	req.SetBasicAuth(f.Key, f.Secret)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer func() { _ = resp.Body.Close() }()
	raw, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, resp.Header, raw
}

func failureDetail(t *testing.T, body []byte) string {
	t.Helper()
	var f api.Failure
	require.NoError(t, json.Unmarshal(body, &f), string(body))
	require.NotEmpty(t, f.Errors)
	return *f.Errors[0].Detail
}

func strp(s string) *string { return &s }

func nlsBody(name, network string) api.NetworkLinkServiceCreateRequest {
	return api.NetworkLinkServiceCreateRequest{Spec: api.NetworkLinkServiceSpec{
		DisplayName: strp(name),
		Environment: api.GlobalObjectReference{ID: "env-1"},
		Network:     api.EnvScopedObjectReference{ID: network},
	}}
}

func plaBody(t *testing.T, name, network string, cloud func(*api.PrivateLinkAccessCloud) error) api.PrivateLinkAccessCreateRequest {
	t.Helper()
	var c api.PrivateLinkAccessCloud
	require.NoError(t, cloud(&c))
	return api.PrivateLinkAccessCreateRequest{Spec: api.PrivateLinkAccessSpec{
		DisplayName: strp(name), Cloud: c,
		Environment: api.ObjectReference{ID: "env-1"}, Network: api.ObjectReference{ID: network},
	}}
}

func aws(account string) func(*api.PrivateLinkAccessCloud) error {
	return func(c *api.PrivateLinkAccessCloud) error {
		return c.FromAwsPrivateLinkAccess(api.AwsPrivateLinkAccess{Kind: api.AwsPrivateLinkAccessKindAwsPrivateLinkAccess, Account: account})
	}
}

func azure(sub string) func(*api.PrivateLinkAccessCloud) error {
	return func(c *api.PrivateLinkAccessCloud) error {
		return c.FromAzurePrivateLinkAccess(api.AzurePrivateLinkAccess{Kind: api.AzurePrivateLinkAccessKindAzurePrivateLinkAccess, Subscription: sub})
	}
}

func gcp(project string) func(*api.PrivateLinkAccessCloud) error {
	return func(c *api.PrivateLinkAccessCloud) error {
		return c.FromGcpPrivateServiceConnectAccess(api.GcpPrivateServiceConnectAccess{Kind: api.GcpPrivateServiceConnectAccessKindGcpPrivateServiceConnectAccess, Project: project})
	}
}
