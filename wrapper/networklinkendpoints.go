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

func newNetworkLinkEndpoints(c *Client) *NetworkLinkEndpoints {
	return declare(new(NetworkLinkEndpoints), c, opsNetworkLinkEndpoints(), nil)
}
