package wrapper

import "github.com/ccloud-go/networking/api"

// PrivateLinkAccesses manages private link accesses
// (/networking/v1/private-link-accesses), through
// createNetworkingV1PrivateLinkAccess, getNetworkingV1PrivateLinkAccess,
// listNetworkingV1PrivateLinkAccesses (filters: ListOptions),
// updateNetworkingV1PrivateLinkAccess and
// deleteNetworkingV1PrivateLinkAccess.
//
// A create needs spec.environment.id, spec.network.id and spec.cloud
// (AWSCloud, AzureCloud or GCPCloud; an AWS account is 12 digits). One
// whose outcome is unknown is settled by listing the network's accesses
// (by display name too, when given) and keeping those that hold every
// field sent, the cloud and account included.
//
// Its methods are Handle's (go doc wrapper.Handle).
type PrivateLinkAccesses = Handle[api.PrivateLinkAccess, api.PrivateLinkAccessCreateRequest, api.PrivateLinkAccessUpdateRequest, ListOptions]

func newPrivateLinkAccesses(c *Client) *PrivateLinkAccesses {
	return declare(new(PrivateLinkAccesses), c, opsPrivateLinkAccesses(), nil)
}
