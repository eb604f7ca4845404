package fake

import "github.com/ccloud-go/networking/api"

// inventoryBase stands in for the host in documents rendered outside a
// request.
const inventoryBase = "http://fake.local"

// NetworkLinkServices returns every stored network link service, in
// creation order, as the API would render it (deprovisioning ones
// included). Reading it does not advance any phase.
func (s *Server) NetworkLinkServices() []api.NetworkLinkService {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]api.NetworkLinkService, 0, len(s.store.order[kindNLS]))
	for _, r := range s.store.order[kindNLS] {
		out = append(out, r.networkLinkService(inventoryBase, s.cfg.readyAfter))
	}
	return out
}

// PrivateLinkAccesses returns every stored private link access, in
// creation order, as the API would render it.
func (s *Server) PrivateLinkAccesses() []api.PrivateLinkAccess {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]api.PrivateLinkAccess, 0, len(s.store.order[kindPLA]))
	for _, r := range s.store.order[kindPLA] {
		out = append(out, r.privateLinkAccess(inventoryBase, s.cfg.readyAfter))
	}
	return out
}
