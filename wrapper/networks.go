package wrapper

import (
	"github.com/ccloud-go/networking/api"
)

// Networks manages networks (/networking/v1/networks), through
// createNetworkingV1Network, getNetworkingV1Network,
// listNetworkingV1Networks (filters: NetworkListOptions),
// updateNetworkingV1Network and deleteNetworkingV1Network. Real networks
// cost money: create one only on purpose.
//
// A create needs spec.environment.id, spec.cloud (AWS, GCP or AZURE),
// spec.region and at least one of spec.connection_types (PEERING,
// TRANSITGATEWAY, PRIVATELINK); spec.cidr and spec.zones, when given, are
// checked as the spec states them (a CIDR block, three zones). One whose
// outcome is unknown is settled by listing the environment's networks in
// that cloud and region (by display name and CIDR too, when given). A
// network passes through PROVISIONING to READY (or FAILED), and
// DEPROVISIONING after a delete.
//
// Its methods are Handle's (go doc wrapper.Handle).
type Networks = Handle[api.Network, api.NetworkCreateRequest, api.NetworkUpdateRequest, NetworkListOptions]

func newNetworks(c *Client) *Networks {
	return declare(new(Networks), c, opsNetworks(), nil)
}
