package wrapper

import "github.com/ccloud-go/networking/api"

// AccessPoints manages access points (/networking/v1/access-points): the
// endpoints a gateway makes (egress private link and Private Service
// Connect endpoints to a user's services, ingress endpoints, private
// network interfaces), through createNetworkingV1AccessPoint,
// getNetworkingV1AccessPoint, listNetworkingV1AccessPoints (filters:
// AccessPointListOptions), updateNetworkingV1AccessPoint and
// deleteNetworkingV1AccessPoint.
//
// A create needs spec.environment.id, spec.gateway.id and spec.config,
// built with one of the access point constructors
// (AWSEgressPrivateLinkEndpoint and the like). One whose outcome is
// unknown is settled by listing the gateway's access points (by display
// name too, when given). Access points have taken over 20 minutes to
// provision, so their waits are bounded by AccessPointWaitReady and
// AccessPointWaitDeleted unless told otherwise.
//
// Its methods are Handle's (go doc wrapper.Handle).
type AccessPoints = Handle[api.AccessPoint, api.AccessPointCreateRequest, api.AccessPointUpdateRequest, AccessPointListOptions]

func newAccessPoints(c *Client) *AccessPoints {
	return declare(new(AccessPoints), c, opsAccessPoints(), nil).waits(AccessPointWaitReady, AccessPointWaitDeleted)
}
