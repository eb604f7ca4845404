package bench

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"testing"

	"github.com/ccloud-go/networking/api"
	"github.com/ccloud-go/networking/wrapper"
)

// client is one way of calling the API.
type client struct {
	name     string
	get      func(ctx context.Context) error
	listPage func(ctx context.Context) (int, error)
	all      func(ctx context.Context) (int, error)
}

func newHTTPClient() *http.Client {
	return &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 4}}
}

// floor is the least a Go program can do: build the request, send it,
// decode the body into the same model types.
func floor(base string) client {
	hc := newHTTPClient()
	fetch := func(ctx context.Context, u string, out any) error {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
		if err != nil {
			return err
		}
		req.SetBasicAuth(benchKey, benchSecret)
		resp, err := hc.Do(req)
		if err != nil {
			return err
		}
		defer func() { _ = resp.Body.Close() }()
		body, err := io.ReadAll(resp.Body)
		if err != nil {
			return err
		}
		if resp.StatusCode != http.StatusOK {
			return fmt.Errorf("status %d", resp.StatusCode)
		}
		return json.Unmarshal(body, out)
	}
	return client{
		name: "floor",
		get: func(ctx context.Context) error {
			var out api.NetworkLinkService
			return fetch(ctx, base+"/networking/v1/network-link-services/nls-bench?environment="+env, &out)
		},
		listPage: func(ctx context.Context) (int, error) {
			var out api.PrivateLinkAccessList
			err := fetch(ctx, base+"/networking/v1/private-link-accesses?environment="+env+"&page_size=100", &out)
			return len(out.Data), err
		},
		all: func(ctx context.Context) (int, error) {
			n := 0
			u := base + "/networking/v1/private-link-accesses?environment=" + env + "&page_size=" + strconv.Itoa(plaPage)
			for u != "" {
				var out api.PrivateLinkAccessList
				if err := fetch(ctx, u, &out); err != nil {
					return n, err
				}
				n += len(out.Data)
				u = ""
				if out.Metadata.Next != nil {
					u = *out.Metadata.Next
				}
			}
			return n, nil
		},
	}
}

// generated is api.ClientWithResponses with the basic-auth editor, on the
// same HTTP client and editor as the wrapper.
func generated(tb testing.TB, base string, hc *http.Client, auth api.RequestEditorFn) client {
	c, err := api.NewClientWithResponses(base, api.WithHTTPClient(hc), api.WithRequestEditorFn(auth))
	if err != nil {
		tb.Fatal(err)
	}
	list := func(ctx context.Context, size int, token *string) (*api.PrivateLinkAccessList, error) {
		r, err := c.ListNetworkingV1PrivateLinkAccessesWithResponse(ctx, &api.ListNetworkingV1PrivateLinkAccessesParams{
			Environment: env, PageSize: &size, PageToken: token})
		if err != nil {
			return nil, err
		}
		if r.JSON200 == nil {
			return nil, fmt.Errorf("status %d", r.StatusCode())
		}
		return r.JSON200, nil
	}
	return client{
		name: "generated",
		get: func(ctx context.Context) error {
			r, err := c.GetNetworkingV1NetworkLinkServiceWithResponse(ctx, "nls-bench", &api.GetNetworkingV1NetworkLinkServiceParams{Environment: env})
			if err == nil && r.JSON200 == nil {
				err = fmt.Errorf("status %d", r.StatusCode())
			}
			return err
		},
		listPage: func(ctx context.Context) (int, error) {
			page, err := list(ctx, 100, nil)
			if err != nil {
				return 0, err
			}
			return len(page.Data), nil
		},
		all: func(ctx context.Context) (int, error) {
			n := 0
			var token *string
			for {
				page, err := list(ctx, 1000, token)
				if err != nil {
					return n, err
				}
				n += len(page.Data)
				if page.Metadata.Next == nil {
					return n, nil
				}
				u, err := url.Parse(*page.Metadata.Next)
				if err != nil {
					return n, err
				}
				t := u.Query().Get("page_token")
				token = &t
			}
		},
	}
}

// wrapped is the wrapper, as users call it, on the same HTTP client and
// auth editor as the generated client.
func wrapped(tb testing.TB, base string, hc *http.Client, auth api.RequestEditorFn) client {
	c, err := wrapper.New(wrapper.WithBaseURL(base), wrapper.WithAuth(auth), wrapper.WithHTTPClient(hc))
	if err != nil {
		tb.Fatal(err)
	}
	return client{
		name: "wrapper",
		get: func(ctx context.Context) error {
			_, err := c.NetworkLinkServices().Get(ctx, env, "nls-bench")
			return err
		},
		listPage: func(ctx context.Context) (int, error) {
			items, _, err := c.PrivateLinkAccesses().List(ctx, env, &wrapper.ListOptions{PageSize: 100})
			return len(items), err
		},
		all: func(ctx context.Context) (int, error) {
			n := 0
			for _, err := range c.PrivateLinkAccesses().All(ctx, env, nil) {
				if err != nil {
					return n, err
				}
				n++
			}
			return n, nil
		},
	}
}

func clients(tb testing.TB, base string) []client {
	hc, auth := newHTTPClient(), basicAuth(benchKey, benchSecret)
	return []client{floor(base), generated(tb, base, hc, auth), wrapped(tb, base, hc, auth)}
}

// basicAuth sends the fake's API key as HTTP basic auth, as the generated
// client's users would write it.
func basicAuth(key, secret string) api.RequestEditorFn {
	return func(_ context.Context, req *http.Request) error {
		req.SetBasicAuth(key, secret)
		return nil
	}
}
