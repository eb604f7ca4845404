package fake

import (
	"encoding/json"

	"github.com/ccloud-go/networking/api"
)

// inventoryBase stands in for the host in documents rendered outside a
// request.
const inventoryBase = "http://fake.local"

// inventory returns every stored resource of kind k, in creation order, as
// the API would render it (deprovisioning ones included), typed as T.
// Reading it does not advance any phase.
func inventory[T any](s *Server, k kind) []T {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]T, 0, len(s.store.order[k]))
	for _, r := range s.store.order[k] {
		raw, err := json.Marshal(s.document(inventoryBase, r))
		if err != nil {
			panic(err) // the documents are built from JSON values
		}
		var v T
		if err := json.Unmarshal(raw, &v); err != nil {
			panic(err)
		}
		out = append(out, v)
	}
	return out
}

// NetworkLinkServices returns every stored network link service.
func (s *Server) NetworkLinkServices() []api.NetworkLinkService {
	return inventory[api.NetworkLinkService](s, kindNLS)
}

// PrivateLinkAccesses returns every stored private link access.
func (s *Server) PrivateLinkAccesses() []api.PrivateLinkAccess {
	return inventory[api.PrivateLinkAccess](s, kindPLA)
}

// Networks returns every stored network.
func (s *Server) Networks() []api.Network { return inventory[api.Network](s, kindNetwork) }

// Peerings returns every stored peering.
func (s *Server) Peerings() []api.Peering { return inventory[api.Peering](s, kindPeering) }

// TransitGatewayAttachments returns every stored transit gateway attachment.
func (s *Server) TransitGatewayAttachments() []api.TransitGatewayAttachment {
	return inventory[api.TransitGatewayAttachment](s, kindTGWA)
}

// NetworkLinkEndpoints returns every stored network link endpoint.
func (s *Server) NetworkLinkEndpoints() []api.NetworkLinkEndpoint {
	return inventory[api.NetworkLinkEndpoint](s, kindNLE)
}

// NetworkLinkServiceAssociations returns every association the fake shows:
// one for each network link endpoint.
func (s *Server) NetworkLinkServiceAssociations() []api.NetworkLinkServiceAssociation {
	return inventory[api.NetworkLinkServiceAssociation](s, kindNLSA)
}

// Gateways returns every stored gateway.
func (s *Server) Gateways() []api.Gateway { return inventory[api.Gateway](s, kindGateway) }

// AccessPoints returns every stored access point.
func (s *Server) AccessPoints() []api.AccessPoint {
	return inventory[api.AccessPoint](s, kindAccessPoint)
}

// DNSRecords returns every stored DNS record.
func (s *Server) DNSRecords() []api.DNSRecord { return inventory[api.DNSRecord](s, kindDNSRecord) }

// DNSForwarders returns every stored DNS forwarder.
func (s *Server) DNSForwarders() []api.DNSForwarder {
	return inventory[api.DNSForwarder](s, kindDNSForwarder)
}

// PrivateLinkAttachments returns every stored private link attachment.
func (s *Server) PrivateLinkAttachments() []api.PrivateLinkAttachment {
	return inventory[api.PrivateLinkAttachment](s, kindPLATT)
}

// PrivateLinkAttachmentConnections returns every stored private link
// attachment connection.
func (s *Server) PrivateLinkAttachmentConnections() []api.PrivateLinkAttachmentConnection {
	return inventory[api.PrivateLinkAttachmentConnection](s, kindPLATTC)
}

// IPAddresses returns the seeded IP addresses (invented; see the fake's
// documentation).
func (s *Server) IPAddresses() []api.IPAddress { return inventory[api.IPAddress](s, kindIPAddress) }
