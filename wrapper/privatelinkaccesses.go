package wrapper

import (
	"context"
	"iter"
	"net/http"
	"time"

	"github.com/ccloud-go/networking/api"
)

// PrivateLinkAccesses manages private link accesses
// (/networking/v1/private-link-accesses).
type PrivateLinkAccesses struct {
	r *resource[api.PrivateLinkAccess, api.PrivateLinkAccessCreateRequest, api.PrivateLinkAccessUpdateRequest, api.PrivateLinkAccessList]
}

func newPrivateLinkAccesses(c *Client) *PrivateLinkAccesses {
	return &PrivateLinkAccesses{r: (&resource[api.PrivateLinkAccess, api.PrivateLinkAccessCreateRequest, api.PrivateLinkAccessUpdateRequest, api.PrivateLinkAccessList]{
		c:      c,
		kind:   "private link access",
		create: api.NewCreateNetworkingV1PrivateLinkAccessRequestWithBody,
		get: func(server, env, id string) (*http.Request, error) {
			return api.NewGetNetworkingV1PrivateLinkAccessRequest(server, id, &api.GetNetworkingV1PrivateLinkAccessParams{Environment: env})
		},
		list: func(server, env string, o *ListOptions) (*http.Request, error) {
			p := &api.ListNetworkingV1PrivateLinkAccessesParams{Environment: env}
			p.SpecDisplayName, p.StatusPhase, p.SpecNetwork, p.PageSize, p.PageToken = o.params()
			return api.NewListNetworkingV1PrivateLinkAccessesRequest(server, p)
		},
		update: api.NewUpdateNetworkingV1PrivateLinkAccessRequestWithBody,
		del: func(server, env, id string) (*http.Request, error) {
			return api.NewDeleteNetworkingV1PrivateLinkAccessRequest(server, id, &api.DeleteNetworkingV1PrivateLinkAccessParams{Environment: env})
		},
		checkCreate: func(b api.PrivateLinkAccessCreateRequest) error {
			if err := checkID("spec.environment.id", b.Spec.Environment.ID); err != nil {
				return err
			}
			if err := checkID("spec.network.id", b.Spec.Network.ID); err != nil {
				return err
			}
			return checkCloud("spec.cloud", b.Spec.Cloud)
		},
		checkUpdate: func(b api.PrivateLinkAccessUpdateRequest) error {
			return checkID("spec.environment.id", b.Spec.Environment.ID)
		},
		createEnv: func(b api.PrivateLinkAccessCreateRequest) string { return b.Spec.Environment.ID },
		lookup: func(b api.PrivateLinkAccessCreateRequest) ListOptions {
			return inNetwork(b.Spec.Network.ID, b.Spec.DisplayName)
		},
		valid: func(s *api.PrivateLinkAccess) error {
			var phase *string
			if s.Status != nil {
				phase = s.Status.Phase
			}
			return checkModel(s.ID, s.Spec.Environment.ID, phase)
		},
		createdAt: func(s *api.PrivateLinkAccess) *time.Time { return createdAt(s.Metadata) },
		items:     func(l *api.PrivateLinkAccessList) ([]api.PrivateLinkAccess, *string) { return l.Data, l.Metadata.Next },
		status: func(s *api.PrivateLinkAccess) status {
			if s.Status == nil {
				return status{}
			}
			return phaseOf(s.Status.Phase, s.Status.ErrorCode, s.Status.ErrorMessage)
		},
	}).init()}
}

// Create starts provisioning a private link access
// (createNetworkingV1PrivateLinkAccess). spec.environment.id,
// spec.network.id and spec.cloud (from AWSCloud, AzureCloud or GCPCloud)
// are required; an AWS account must be 12 digits. WaitReady waits for READY.
//
// A create whose outcome is unknown (a 5xx, a lost or cut answer) is
// settled by listing the network's accesses (by display name too, when
// given): the one that holds every field sent (cloud and account included)
// and was made since the call began is returned; if none was stored, the
// create is sent again; if that cannot be told, the error is an
// *OutcomeUnknownError. See the package documentation, "Creates never
// duplicate".
func (s *PrivateLinkAccesses) Create(ctx context.Context, body api.PrivateLinkAccessCreateRequest) (*api.PrivateLinkAccess, error) {
	return s.r.doCreate(ctx, body)
}

// Get reads one private link access (getNetworkingV1PrivateLinkAccess).
func (s *PrivateLinkAccesses) Get(ctx context.Context, environment, id string) (*api.PrivateLinkAccess, error) {
	return s.r.doGet(ctx, environment, id)
}

// List reads one page (listNetworkingV1PrivateLinkAccesses) and returns the
// token of the next one, "" on the last page. opts may be nil.
func (s *PrivateLinkAccesses) List(ctx context.Context, environment string, opts *ListOptions) ([]api.PrivateLinkAccess, string, error) {
	return s.r.doList(ctx, environment, opts)
}

// All iterates over every private link access that matches opts (which may
// be nil), fetching pages of 1000 unless opts.PageSize says otherwise and
// holding one page at a time. An error ends the sequence.
func (s *PrivateLinkAccesses) All(ctx context.Context, environment string, opts *ListOptions) iter.Seq2[api.PrivateLinkAccess, error] {
	return s.r.doAll(ctx, environment, opts)
}

// Update changes a private link access (updateNetworkingV1PrivateLinkAccess).
// spec.environment.id is required: the API takes the environment from the
// body.
func (s *PrivateLinkAccesses) Update(ctx context.Context, id string, body api.PrivateLinkAccessUpdateRequest) (*api.PrivateLinkAccess, error) {
	return s.r.doUpdate(ctx, id, body)
}

// Delete starts removing a private link access
// (deleteNetworkingV1PrivateLinkAccess); WaitDeleted waits until it is gone.
// A retried delete that meets 404 after a lost answer succeeds.
func (s *PrivateLinkAccesses) Delete(ctx context.Context, environment, id string) error {
	return s.r.doDelete(ctx, environment, id)
}

// WaitReady polls until the access is READY and returns it, or fails with a
// *PhaseError (errors.Is ErrFailed) when it reaches FAILED.
func (s *PrivateLinkAccesses) WaitReady(ctx context.Context, environment, id string, opts ...WaitOption) (*api.PrivateLinkAccess, error) {
	return s.r.waitReady(ctx, environment, id, opts)
}

// WaitDeleted polls until reading the access answers 404.
func (s *PrivateLinkAccesses) WaitDeleted(ctx context.Context, environment, id string, opts ...WaitOption) error {
	return s.r.waitDeleted(ctx, environment, id, opts)
}
