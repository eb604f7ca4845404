package wrapper

import "github.com/ccloud-go/networking/api"

// PrivateLinkAttachmentConnections manages the connections of private link
// attachments (/networking/v1/private-link-attachment-connections): the
// user's endpoint (an AWS VPC endpoint, an Azure private endpoint, a GCP
// Private Service Connect connection) registered with an attachment,
// through createNetworkingV1PrivateLinkAttachmentConnection,
// getNetworkingV1PrivateLinkAttachmentConnection,
// listNetworkingV1PrivateLinkAttachmentConnections (filters:
// PrivateLinkAttachmentConnectionListOptions),
// updateNetworkingV1PrivateLinkAttachmentConnection and
// deleteNetworkingV1PrivateLinkAttachmentConnection.
//
// A create needs spec.environment.id, spec.private_link_attachment.id and
// spec.cloud (AWSAttachmentConnection, AzureAttachmentConnection or
// GCPAttachmentConnection). One whose outcome is unknown is settled by
// listing the attachment's connections and keeping those that hold every
// field sent.
//
// Its methods are Handle's (go doc wrapper.Handle).
type PrivateLinkAttachmentConnections = Handle[api.PrivateLinkAttachmentConnection, api.PrivateLinkAttachmentConnectionCreateRequest, api.PrivateLinkAttachmentConnectionUpdateRequest, PrivateLinkAttachmentConnectionListOptions]

func newPrivateLinkAttachmentConnections(c *Client) *PrivateLinkAttachmentConnections {
	return declare(new(PrivateLinkAttachmentConnections), c, opsPrivateLinkAttachmentConnections(), nil)
}
