package wrapper

import "github.com/ccloud-go/networking/api"

// DNSForwarders manages DNS forwarders (/networking/v1/dns-forwarders):
// the domains a gateway resolves through the user's DNS servers or Google
// Cloud DNS zones, through createNetworkingV1DnsForwarder,
// getNetworkingV1DnsForwarder, listNetworkingV1DnsForwarders (which
// filters by environment only: DNSForwarderListOptions pages),
// updateNetworkingV1DnsForwarder and deleteNetworkingV1DnsForwarder.
//
// A create needs spec.environment.id, spec.gateway.id and spec.config
// (ForwardViaIP or ForwardViaGCPDNSZones). The list cannot narrow by what
// a create sent, so one whose outcome is unknown is settled by listing the
// environment's forwarders and keeping those that hold every field sent.
// A forwarder rests in CREATED until a Kafka cluster uses it, which
// WaitReady takes as ready; DEGRADED ends a WaitReady (ErrStopped).
//
// Its methods are Handle's (go doc wrapper.Handle).
type DNSForwarders = Handle[api.DNSForwarder, api.DNSForwarderCreateRequest, api.DNSForwarderUpdateRequest, DNSForwarderListOptions]

func newDNSForwarders(c *Client) *DNSForwarders {
	return declare(new(DNSForwarders), c, opsDNSForwarders(), nil)
}
