package wrapper

import "github.com/ccloud-go/networking/api"

// NetworkLinkEndpoints manages network link endpoints
// (/networking/v1/network-link-endpoints): the side of a network link in
// the network that reaches a network link service of another. Through
// createNetworkingV1NetworkLinkEndpoint, getNetworkingV1NetworkLinkEndpoint,
// listNetworkingV1NetworkLinkEndpoints (filters:
// NetworkLinkEndpointListOptions), updateNetworkingV1NetworkLinkEndpoint and
// deleteNetworkingV1NetworkLinkEndpoint.
//
// A create needs spec.environment.id, spec.network.id and
// spec.network_link_service.id. One whose outcome is unknown is settled by
// listing the network's endpoints to that service (by display name too,
// when given). An endpoint waits in PENDING_ACCEPT until the service's
// accept policy lets it in; EXPIRED, DISCONNECTED and INACTIVE end a
// WaitReady (ErrStopped).
//
// Its methods are Handle's (go doc wrapper.Handle).
type NetworkLinkEndpoints = Handle[api.NetworkLinkEndpoint, api.NetworkLinkEndpointCreateRequest, api.NetworkLinkEndpointUpdateRequest, NetworkLinkEndpointListOptions]

// NetworkLinkEndpointListOptions filters and pages NetworkLinkEndpoints'
// List and All: one field per parameter of
// listNetworkingV1NetworkLinkEndpoints.
type NetworkLinkEndpointListOptions struct {
	DisplayNames        []string `query:"spec.display_name"`
	Phases              []string `query:"status.phase"`
	Networks            []string `query:"spec.network"`              // the endpoints' own networks
	NetworkLinkServices []string `query:"spec.network_link_service"` // the services they reach
	PageSize            int      `query:"page_size"`                 // as in ListOptions
	PageToken           string   `query:"page_token"`                // as in ListOptions
}

func newNetworkLinkEndpoints(c *Client) *NetworkLinkEndpoints {
	return declare(new(NetworkLinkEndpoints), c, "network link endpoint", nil, endpointLookup,
		api.NewCreateNetworkingV1NetworkLinkEndpointRequestWithBody, api.NewGetNetworkingV1NetworkLinkEndpointRequest, api.NewListNetworkingV1NetworkLinkEndpointsRequest, api.NewUpdateNetworkingV1NetworkLinkEndpointRequestWithBody, api.NewDeleteNetworkingV1NetworkLinkEndpointRequest)
}

// endpointLookup finds the endpoints a create may have stored: in its
// network, to its service, by display name when given.
func endpointLookup(b api.NetworkLinkEndpointCreateRequest) NetworkLinkEndpointListOptions {
	in := inNetwork(b.Spec.Network.ID, b.Spec.DisplayName)
	return NetworkLinkEndpointListOptions{Networks: in.Networks, DisplayNames: in.DisplayNames, NetworkLinkServices: []string{b.Spec.NetworkLinkService.ID}}
}
