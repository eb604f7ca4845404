package wrapper

import "github.com/ccloud-go/networking/api"

// TransitGatewayAttachments manages a network's attachments to AWS transit
// gateways (/networking/v1/transit-gateway-attachments), through
// createNetworkingV1TransitGatewayAttachment,
// getNetworkingV1TransitGatewayAttachment,
// listNetworkingV1TransitGatewayAttachments (filters: ListOptions),
// updateNetworkingV1TransitGatewayAttachment and
// deleteNetworkingV1TransitGatewayAttachment.
//
// A create needs spec.environment.id, spec.network.id and spec.cloud
// (AWSTransitGateway). One whose outcome is unknown is settled by listing
// the network's attachments (by display name too, when given). An
// attachment may wait in PENDING_ACCEPT, and reads ERROR after input the
// cloud refused (a waiter fails on it, as on FAILED).
//
// Its methods are Handle's (go doc wrapper.Handle).
type TransitGatewayAttachments = Handle[api.TransitGatewayAttachment, api.TransitGatewayAttachmentCreateRequest, api.TransitGatewayAttachmentUpdateRequest, ListOptions]

func newTransitGatewayAttachments(c *Client) *TransitGatewayAttachments {
	return declare(new(TransitGatewayAttachments), c, opsTransitGatewayAttachments(), nil)
}
