package fake

// Collection is one collection the fake serves: its resources' kind, its
// path, and how many resources it holds (deprovisioning ones included).
type Collection struct {
	Kind, Path string
	Stored     int
	// Seeded collections hold data the fake has from the start (IP
	// addresses, invented), not kept in a state file.
	Seeded bool
}

// Collections lists every collection the fake serves, in a fixed order.
func (s *Server) Collections() []Collection {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Collection, len(kinds))
	for k, info := range kinds {
		out[k] = Collection{Kind: info.name, Path: info.collection, Stored: len(s.store.order[k]), Seeded: info.seeded}
	}
	return out
}
