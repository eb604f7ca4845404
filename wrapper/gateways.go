package wrapper

import "github.com/ccloud-go/networking/api"

// Gateways manages gateways (/networking/v1/gateways): the egress and
// ingress private link, Private Service Connect, peering and private
// network interface gateways of an environment, through
// createNetworkingV1Gateway, getNetworkingV1Gateway,
// listNetworkingV1Gateways (filters: GatewayListOptions),
// updateNetworkingV1Gateway and deleteNetworkingV1Gateway.
//
// A create needs spec.environment.id and spec.config, built with one of
// the gateway constructors (AWSEgressPrivateLinkGateway and the like). One
// whose outcome is unknown is settled by listing the environment's
// gateways (by display name too, when given). A gateway rests in CREATED
// until an access point is made in it, which WaitReady takes as ready; it
// may take hours to provision, so its waits are bounded by
// GatewayWaitReady and GatewayWaitDeleted unless told otherwise.
//
// Its methods are Handle's (go doc wrapper.Handle).
type Gateways = Handle[api.Gateway, api.GatewayCreateRequest, api.GatewayUpdateRequest, GatewayListOptions]

func newGateways(c *Client) *Gateways {
	return declare(new(Gateways), c, opsGateways(), nil).waits(GatewayWaitReady, GatewayWaitDeleted)
}
