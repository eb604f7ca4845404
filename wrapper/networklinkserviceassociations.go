package wrapper

import (
	"context"
	"iter"

	"github.com/ccloud-go/networking/api"
)

// NetworkLinkServiceAssociations reads the associations of a network link
// service (/networking/v1/network-link-service-associations): one for
// each network link endpoint that reaches the service, made and removed by
// the API with the endpoint. Through
// getNetworkingV1NetworkLinkServiceAssociation and
// listNetworkingV1NetworkLinkServiceAssociations only: there is no create,
// update or delete. Both operations require the service's id
// (spec.network_link_service) besides the environment, so every method
// takes it after the environment.
type NetworkLinkServiceAssociations struct {
	r *resource[api.NetworkLinkServiceAssociation, struct{}, struct{}, NetworkLinkServiceAssociationListOptions]
}

func newNetworkLinkServiceAssociations(c *Client) *NetworkLinkServiceAssociations {
	return &NetworkLinkServiceAssociations{r: newResource(c, opsNetworkLinkServiceAssociations())}
}

// Get reads one association of service by its id
// (getNetworkingV1NetworkLinkServiceAssociation).
func (a *NetworkLinkServiceAssociations) Get(ctx context.Context, environment, service, id string) (*api.NetworkLinkServiceAssociation, error) {
	return a.r.doGet(ctx, place{environment, service}, id)
}

// List reads one page of service's associations
// (listNetworkingV1NetworkLinkServiceAssociations) and returns the token
// of the next one, "" on the last page. opts may be nil.
func (a *NetworkLinkServiceAssociations) List(ctx context.Context, environment, service string, opts *NetworkLinkServiceAssociationListOptions) ([]api.NetworkLinkServiceAssociation, string, error) {
	return a.r.doList(ctx, place{environment, service}, opts)
}

// All iterates over every association of service that matches opts (which
// may be nil), a page at a time. An error ends the sequence.
func (a *NetworkLinkServiceAssociations) All(ctx context.Context, environment, service string, opts *NetworkLinkServiceAssociationListOptions) iter.Seq2[api.NetworkLinkServiceAssociation, error] {
	return a.r.doAll(ctx, place{environment, service}, opts)
}

// WaitReady polls until the association is READY (its endpoint accepted
// and provisioned), with the phases and errors of Handle.WaitReady.
func (a *NetworkLinkServiceAssociations) WaitReady(ctx context.Context, environment, service, id string, opts ...WaitOption) (*api.NetworkLinkServiceAssociation, error) {
	return a.r.waitReady(ctx, place{environment, service}, id, opts)
}

// WaitDeleted polls until reading the association answers 404, as it does
// once its endpoint is gone.
func (a *NetworkLinkServiceAssociations) WaitDeleted(ctx context.Context, environment, service, id string, opts ...WaitOption) error {
	return a.r.waitDeleted(ctx, place{environment, service}, id, opts)
}
