package wrapper

import "github.com/ccloud-go/networking/api"

// PrivateLinkAttachments manages private link attachments
// (/networking/v1/private-link-attachments): an environment's private link
// to Enterprise clusters in one cloud region, through
// createNetworkingV1PrivateLinkAttachment,
// getNetworkingV1PrivateLinkAttachment,
// listNetworkingV1PrivateLinkAttachments (filters:
// PrivateLinkAttachmentListOptions),
// updateNetworkingV1PrivateLinkAttachment and
// deleteNetworkingV1PrivateLinkAttachment.
//
// A create needs spec.environment.id, spec.cloud and spec.region. One
// whose outcome is unknown is settled by listing the environment's
// attachments in that cloud and region (by display name too, when given).
// An attachment rests in WAITING_FOR_CONNECTIONS until a connection
// (PrivateLinkAttachmentConnections) reaches it, which WaitReady takes as
// ready; EXPIRED ends a WaitReady (ErrStopped).
//
// Its methods are Handle's (go doc wrapper.Handle).
type PrivateLinkAttachments = Handle[api.PrivateLinkAttachment, api.PrivateLinkAttachmentCreateRequest, api.PrivateLinkAttachmentUpdateRequest, PrivateLinkAttachmentListOptions]

func newPrivateLinkAttachments(c *Client) *PrivateLinkAttachments {
	return declare(new(PrivateLinkAttachments), c, opsPrivateLinkAttachments(), nil)
}
