package wrapper

import (
	"context"
	"iter"
	"net/http"

	"github.com/ccloud-go/networking/api"
)

// NetworkLinkServices manages network link services
// (/networking/v1/network-link-services).
type NetworkLinkServices struct {
	r *resource[api.NetworkLinkService, api.NetworkLinkServiceCreateRequest, api.NetworkLinkServiceUpdateRequest, api.NetworkLinkServiceList]
}

func newNetworkLinkServices(c *Client) *NetworkLinkServices {
	raw := c.raw
	return &NetworkLinkServices{r: &resource[api.NetworkLinkService, api.NetworkLinkServiceCreateRequest, api.NetworkLinkServiceUpdateRequest, api.NetworkLinkServiceList]{
		c:          c,
		kind:       "network link service",
		collection: "/networking/v1/network-link-services",
		create: func(ctx context.Context, body api.NetworkLinkServiceCreateRequest) (*http.Response, error) {
			return raw.CreateNetworkingV1NetworkLinkService(ctx, body)
		},
		get: func(ctx context.Context, env, id string) (*http.Response, error) {
			return raw.GetNetworkingV1NetworkLinkService(ctx, id, &api.GetNetworkingV1NetworkLinkServiceParams{Environment: env})
		},
		list: func(ctx context.Context, env string, o *ListOptions) (*http.Response, error) {
			p := &api.ListNetworkingV1NetworkLinkServicesParams{Environment: env}
			p.SpecDisplayName, p.StatusPhase, p.SpecNetwork, p.PageSize, p.PageToken = o.params()
			return raw.ListNetworkingV1NetworkLinkServices(ctx, p)
		},
		update: func(ctx context.Context, id string, body api.NetworkLinkServiceUpdateRequest) (*http.Response, error) {
			return raw.UpdateNetworkingV1NetworkLinkService(ctx, id, body)
		},
		del: func(ctx context.Context, env, id string) (*http.Response, error) {
			return raw.DeleteNetworkingV1NetworkLinkService(ctx, id, &api.DeleteNetworkingV1NetworkLinkServiceParams{Environment: env})
		},
		checkCreate: func(b api.NetworkLinkServiceCreateRequest) error {
			if err := checkID("spec.environment.id", b.Spec.Environment.ID); err != nil {
				return err
			}
			return checkID("spec.network.id", b.Spec.Network.ID)
		},
		checkUpdate: func(b api.NetworkLinkServiceUpdateRequest) error {
			return checkID("spec.environment.id", b.Spec.Environment.ID)
		},
		createEnv: func(b api.NetworkLinkServiceCreateRequest) string { return b.Spec.Environment.ID },
		// The API refuses a second service with the same display name in a
		// network; without a name, a duplicate would not be caught.
		dedupable: func(b api.NetworkLinkServiceCreateRequest) bool { return deref(b.Spec.DisplayName) != "" },
		matches: func(b api.NetworkLinkServiceCreateRequest, got *api.NetworkLinkService) bool {
			return got.Spec.Network.ID == b.Spec.Network.ID &&
				got.Spec.Environment.ID == b.Spec.Environment.ID &&
				deref(got.Spec.DisplayName) == deref(b.Spec.DisplayName)
		},
		items: func(l *api.NetworkLinkServiceList) ([]api.NetworkLinkService, *string) {
			return l.Data, l.Metadata.Next
		},
		status: func(s *api.NetworkLinkService) status {
			if s.Status == nil {
				return status{}
			}
			return status{phase: deref(s.Status.Phase), code: deref(s.Status.ErrorCode), message: deref(s.Status.ErrorMessage)}
		},
	}}
}

// Create starts provisioning a network link service
// (createNetworkingV1NetworkLinkService). spec.environment.id and
// spec.network.id are required. The answer is the resource in its first
// phase; WaitReady waits for READY.
//
// After an ambiguous failure (timeout, reset, 5xx) a create with a display
// name is retried; if the retry meets 409 because the lost attempt did
// create it, that resource is returned. Without a display name the server
// cannot spot a duplicate, so such a create is not retried after an
// ambiguous failure.
func (s *NetworkLinkServices) Create(ctx context.Context, body api.NetworkLinkServiceCreateRequest) (*api.NetworkLinkService, error) {
	return s.r.doCreate(ctx, body)
}

// Get reads one network link service (getNetworkingV1NetworkLinkService).
func (s *NetworkLinkServices) Get(ctx context.Context, environment, id string) (*api.NetworkLinkService, error) {
	return s.r.doGet(ctx, environment, id)
}

// List reads one page (listNetworkingV1NetworkLinkServices) and returns the
// token of the next one, "" on the last page. opts may be nil.
func (s *NetworkLinkServices) List(ctx context.Context, environment string, opts *ListOptions) ([]api.NetworkLinkService, string, error) {
	return s.r.doList(ctx, environment, opts)
}

// All iterates over every network link service that matches opts (which
// may be nil), fetching pages of 1000 unless opts.PageSize says otherwise
// and holding one page at a time. An error ends the sequence.
func (s *NetworkLinkServices) All(ctx context.Context, environment string, opts *ListOptions) iter.Seq2[api.NetworkLinkService, error] {
	return s.r.doAll(ctx, environment, opts)
}

// Update changes a network link service (updateNetworkingV1NetworkLinkService).
// spec.environment.id is required: the API takes the environment from the
// body.
func (s *NetworkLinkServices) Update(ctx context.Context, id string, body api.NetworkLinkServiceUpdateRequest) (*api.NetworkLinkService, error) {
	return s.r.doUpdate(ctx, id, body)
}

// Delete starts removing a network link service
// (deleteNetworkingV1NetworkLinkService); WaitDeleted waits until it is gone.
// A retried delete that meets 404 after a lost answer succeeds.
func (s *NetworkLinkServices) Delete(ctx context.Context, environment, id string) error {
	return s.r.doDelete(ctx, environment, id)
}

// WaitReady polls until the service is READY and returns it, or fails with
// a *PhaseError (errors.Is ErrFailed) when it reaches FAILED.
func (s *NetworkLinkServices) WaitReady(ctx context.Context, environment, id string, opts ...WaitOption) (*api.NetworkLinkService, error) {
	return s.r.waitReady(ctx, environment, id, opts)
}

// WaitDeleted polls until reading the service answers 404.
func (s *NetworkLinkServices) WaitDeleted(ctx context.Context, environment, id string, opts ...WaitOption) error {
	return s.r.waitDeleted(ctx, environment, id, opts)
}
