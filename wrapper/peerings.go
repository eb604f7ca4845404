package wrapper

import "github.com/ccloud-go/networking/api"

// Peerings manages VPC and VNet peerings of a network
// (/networking/v1/peerings), through createNetworkingV1Peering,
// getNetworkingV1Peering, listNetworkingV1Peerings (filters: ListOptions),
// updateNetworkingV1Peering and deleteNetworkingV1Peering.
//
// A create needs spec.environment.id, spec.network.id and spec.cloud
// (AWSPeering, AzurePeering or GCPPeering). One whose outcome is unknown
// is settled by listing the network's peerings (by display name too, when
// given). A peering may wait in PENDING_ACCEPT until the other side
// accepts it, and reads DISCONNECTED when that side removed it.
//
// Its methods are Handle's (go doc wrapper.Handle).
type Peerings = Handle[api.Peering, api.PeeringCreateRequest, api.PeeringUpdateRequest, ListOptions]

func newPeerings(c *Client) *Peerings {
	return declare(new(Peerings), c, opsPeerings(), nil)
}
