package wrapper

import "github.com/ccloud-go/networking/api"

// DNSRecords manages the DNS records of gateways
// (/networking/v1/dns-records): a domain resolved to an access point,
// through createNetworkingV1DnsRecord, getNetworkingV1DnsRecord,
// listNetworkingV1DnsRecords (filters: DNSRecordListOptions),
// updateNetworkingV1DnsRecord and deleteNetworkingV1DnsRecord.
//
// A create needs spec.environment.id, spec.gateway.id, spec.domain and
// spec.config (PrivateLinkAccessPointRecord). One whose outcome is unknown
// is settled by listing the gateway's records for that domain (by display
// name too, when given).
//
// Its methods are Handle's (go doc wrapper.Handle).
type DNSRecords = Handle[api.DNSRecord, api.DNSRecordCreateRequest, api.DNSRecordUpdateRequest, DNSRecordListOptions]

func newDNSRecords(c *Client) *DNSRecords {
	return declare(new(DNSRecords), c, opsDNSRecords(), nil)
}
