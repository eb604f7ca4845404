package fake

import "github.com/ccloud-go/networking/api"

// Phases that depend on other resources.
//
// The documents give some kinds a phase after provisioning other than
// READY, set by what else exists: a gateway is CREATED while no access
// point is in it (networking-gateway: "exists without an Access Point"),
// a private link attachment WAITING_FOR_CONNECTIONS until a connection to
// it exists (networking-privatelink). The fake shows them so, and READY
// once the other resource is there. Phases the fake cannot know the cause
// of are not shown: a DNS record's or forwarder's CREATED (waiting for a
// Kafka cluster, which the fake has not), an access point's PENDING_ACCEPT
// and DISCONNECTED, a forwarder's DEGRADED, EXPIRED.

// settled is the phase a record shows once provisioning is over.
func (r *record) settled() string {
	if f := kinds[r.kind].settled; f != nil && r.in != nil {
		return f(r.in, r)
	}
	return api.PhaseReady
}

// gatewaySettled: READY with an access point in the gateway, else CREATED.
func gatewaySettled(s *store, gw *record) string {
	if s.refers(kindAccessPoint, "gateway", gw) {
		return api.PhaseReady
	}
	return api.PhaseCreated
}

// attachmentSettled: READY with a connection, else WAITING_FOR_CONNECTIONS.
func attachmentSettled(s *store, att *record) string {
	if s.refers(kindPLATTC, "private_link_attachment", att) {
		return api.PhaseReady
	}
	return api.PhaseWaitingForConnections
}

// refers reports whether a live resource of kind k, not being deleted,
// names target by its reference ref.
func (s *store) refers(k kind, ref string, target *record) bool {
	for _, x := range s.order[k] {
		if !x.removed && !x.deleting && x.env == target.env && x.ref(ref) == target.id {
			return true
		}
	}
	return false
}
