package fake

import (
	"slices"
	"strings"
)

// kind names a resource collection.
type kind int

const (
	kindNLS kind = iota
	kindPLA
	kindNetwork
	kindPeering
	kindTGWA
	kindNLE
	kindNLSA
	kindGateway
	kindAccessPoint
	kindDNSRecord
	kindDNSForwarder
	kindPLATT
	kindPLATTC
	kindIPAddress
	numKinds
)

// kindInfo is all that differs between the collections the fake serves;
// creating, reading, listing, filtering, paging, updating and deleting are
// written once, over the spec a client sent.
type kindInfo struct {
	name       string // the resource's kind, as answers and the state file spell it
	collection string
	// prefix starts every id. Upstream's examples show n-, nls-, nle-,
	// nlsa- and pla-; for peerings and attachments they show none, and the
	// fake uses those of the Confluent CLI's and Pulumi provider's
	// documentation (peer-123456, tgwa-abc123).
	prefix string
	crn    string // the resource's segment in a CRN
	// scope is the spec reference inside which names are unique (with the
	// environment); "" for the environment alone.
	scope string
	// unique lists spec properties that no two live resources of the kind
	// hold alike in one scope. Upstream documents one such rule
	// (BEHAVIOUR.md: the same cloud account twice in a network is refused).
	unique []string
	// derived resources are made by the fake, never by a create: a
	// network link service association appears for each network link
	// endpoint that targets a service.
	derived bool
	// status adds the kind's own status properties to an answer.
	status func(r *record, phase string, st map[string]any)
	// anyName kinds are never refused as duplicates: their documents state
	// no uniqueness rule and BEHAVIOUR.md records none, so the fake keeps
	// every create it is sent (the fault suite counts what it stores).
	anyName bool
	// settled is the phase a resource shows once provisioning is over,
	// where its document makes it depend on other resources (a gateway
	// without an access point is CREATED); READY when nil.
	settled func(s *store, r *record) string
	// seeded kinds are read-only data the fake holds from the start (IP
	// addresses): no environment, no id, no create; not saved with -state.
	seeded bool
}

var kinds = [numKinds]kindInfo{
	kindNLS:     {name: "NetworkLinkService", collection: "/networking/v1/network-link-services", prefix: "nls-", crn: "network-link-service", scope: "network"},
	kindPLA:     {name: "PrivateLinkAccess", collection: "/networking/v1/private-link-accesses", prefix: "pla-", crn: "private-link-access", scope: "network", unique: []string{"cloud"}},
	kindNetwork: {name: "Network", collection: "/networking/v1/networks", prefix: "n-", crn: "network", status: networkStatus},
	kindPeering: {name: "Peering", collection: "/networking/v1/peerings", prefix: "peer-", crn: "peering", scope: "network"},
	kindTGWA:    {name: "TransitGatewayAttachment", collection: "/networking/v1/transit-gateway-attachments", prefix: "tgwa-", crn: "transit-gateway-attachment", scope: "network"},
	kindNLE:     {name: "NetworkLinkEndpoint", collection: "/networking/v1/network-link-endpoints", prefix: "nle-", crn: "network-link-endpoint", scope: "network"},
	kindNLSA:    {name: "NetworkLinkServiceAssociation", collection: "/networking/v1/network-link-service-associations", prefix: "nlsa-", crn: "network-link-service-association", derived: true},
	// Prefixes of the five newer documents' examples: gw- and ap- (ids
	// and filters of the gateway and access point documents), dnsrec- (the
	// access point document's DNS record id), platt- (the private link
	// document's references to an attachment). For DNS forwarders and
	// attachment connections the documents give dlz-f3a90de, a
	// placeholder they use for every kind; dnsf- and plattc- are those of
	// the Confluent CLI's help and tests (dnsf-123456, plattc-111111) and,
	// for connections, the Terraform provider's tests (plattc-xyzuvw1).
	kindGateway:      {name: "Gateway", collection: "/networking/v1/gateways", prefix: "gw-", crn: "gateway", anyName: true, settled: gatewaySettled},
	kindAccessPoint:  {name: "AccessPoint", collection: "/networking/v1/access-points", prefix: "ap-", crn: "access-point", scope: "gateway", anyName: true},
	kindDNSRecord:    {name: "DnsRecord", collection: "/networking/v1/dns-records", prefix: "dnsrec-", crn: "dns-record", scope: "gateway", anyName: true},
	kindDNSForwarder: {name: "DnsForwarder", collection: "/networking/v1/dns-forwarders", prefix: "dnsf-", crn: "dns-forwarder", scope: "gateway", anyName: true},
	kindPLATT:        {name: "PrivateLinkAttachment", collection: "/networking/v1/private-link-attachments", prefix: "platt-", crn: "private-link-attachment", anyName: true, settled: attachmentSettled},
	kindPLATTC:       {name: "PrivateLinkAttachmentConnection", collection: "/networking/v1/private-link-attachment-connections", prefix: "plattc-", crn: "private-link-attachment-connection", scope: "private_link_attachment", anyName: true},
	kindIPAddress:    {name: "IpAddress", collection: "/networking/v1/ip-addresses", seeded: true},
}

// Collections lists the paths of the collections the fake serves
// (/networking/v1/networks, ...). The spec may have more: requests to
// those are answered 404, and tests that go through every operation of the
// spec take only the operations under these paths.
func Collections() []string {
	out := make([]string, len(kinds))
	for i := range kinds {
		out[i] = kinds[i].collection
	}
	return out
}

// kindOfPath finds the collection a route's path template belongs to, and
// whether it names one resource.
func kindOfPath(path string) (k kind, one bool, ok bool) {
	collection, one := strings.CutSuffix(path, "/{id}")
	for i := range kinds {
		if kinds[i].collection == collection {
			return kind(i), one, true
		}
	}
	return 0, false, false
}

func kindByName(name string) (kind, bool) {
	for i := range kinds {
		if kinds[i].name == name {
			return kind(i), true
		}
	}
	return 0, false
}

// networkStatus fills what a network's status must hold: the connection
// types it supports and has active (both those asked for: the spec wants
// at least one active), the cloud details, and with PrivateLink a DNS
// domain, the endpoint suffix, a subdomain for each zone asked for and the
// cloud's private link service names. All of it in every phase: a tool
// reads them whatever the phase (Terraform's provider imports a network
// still PROVISIONING and reads status.cloud).
func networkStatus(r *record, _ string, st map[string]any) {
	types, _ := r.spec["connection_types"].([]any)
	st["supported_connection_types"] = types
	st["active_connection_types"] = types
	cloud, _ := r.spec["cloud"].(string)
	region, _ := r.spec["region"].(string)
	privateLink := slices.Contains(types, any("PRIVATELINK"))
	var zones []string
	if zs, ok := r.spec["zones"].([]any); ok && privateLink {
		for _, z := range zs {
			if z, ok := z.(string); ok {
				zones = append(zones, z)
			}
		}
	}
	domain := r.id + "." + strings.ToLower(region+"."+cloud) + ".confluent.cloud"
	perZone := func(f func(zone string) string) map[string]any {
		m := map[string]any{}
		for _, z := range zones {
			m[z] = f(z)
		}
		return m
	}
	// The Confluent-side account and network the spec requires of each
	// cloud's details, made up from the network's id.
	var details map[string]any
	switch cloud {
	case "AWS":
		details = map[string]any{"kind": "AwsNetwork", "account": "000000000000", "vpc": "vpc-" + r.id}
		if privateLink {
			details["private_link_endpoint_service"] = "com.amazonaws.vpce." + region + ".vpce-svc-" + r.id
		}
	case "GCP":
		details = map[string]any{"kind": "GcpNetwork", "project": "confluent-" + r.id, "vpc_network": "vpc-" + r.id}
		if privateLink {
			details["private_service_connect_service_attachments"] = perZone(func(z string) string {
				return "projects/confluent-" + r.id + "/regions/" + region + "/serviceAttachments/" + z
			})
		}
	case "AZURE":
		details = map[string]any{"kind": "AzureNetwork", "subscription": "00000000-0000-0000-0000-000000000000", "vnet": "vnet-" + r.id}
		if privateLink {
			details["private_link_service_aliases"] = perZone(func(z string) string { return "pls-" + z + "." + r.id + ".privatelink.azure.com" })
			details["private_link_service_resource_ids"] = perZone(func(z string) string {
				return "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/" + r.id + "/providers/Microsoft.Network/privateLinkServices/" + z
			})
		}
	}
	if details != nil {
		st["cloud"] = details
	}
	if privateLink {
		st["dns_domain"] = domain
		st["endpoint_suffix"] = "-" + domain
		st["zonal_subdomains"] = perZone(func(z string) string { return z + "." + domain })
	}
}
