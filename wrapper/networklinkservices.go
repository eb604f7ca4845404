package wrapper

import "github.com/ccloud-go/networking/api"

// NetworkLinkServices manages network link services
// (/networking/v1/network-link-services), through
// createNetworkingV1NetworkLinkService, getNetworkingV1NetworkLinkService,
// listNetworkingV1NetworkLinkServices (filters: ListOptions),
// updateNetworkingV1NetworkLinkService and
// deleteNetworkingV1NetworkLinkService.
//
// A create needs spec.environment.id and spec.network.id; display_name is
// optional. One whose outcome is unknown is settled by listing the
// network's services (by display name too, when given). The endpoints that
// reach a service show as its associations (NetworkLinkServiceAssociations).
//
// Its methods are Handle's (go doc wrapper.Handle).
type NetworkLinkServices = Handle[api.NetworkLinkService, api.NetworkLinkServiceCreateRequest, api.NetworkLinkServiceUpdateRequest, ListOptions]

func newNetworkLinkServices(c *Client) *NetworkLinkServices {
	return declare(new(NetworkLinkServices), c, opsNetworkLinkServices(), nil)
}
