package wrapper

import (
	"fmt"

	"github.com/ccloud-go/networking/api"
)

// Networks manages networks (/networking/v1/networks), through
// createNetworkingV1Network, getNetworkingV1Network,
// listNetworkingV1Networks (filters: NetworkListOptions),
// updateNetworkingV1Network and deleteNetworkingV1Network. Real networks
// cost money: create one only on purpose.
//
// A create needs spec.environment.id, spec.cloud (AWS, GCP or AZURE),
// spec.region and at least one of spec.connection_types (PEERING,
// TRANSITGATEWAY, PRIVATELINK); spec.cidr and spec.zones, when given, are
// checked as the spec states them (a CIDR block, three zones). One whose
// outcome is unknown is settled by listing the environment's networks in
// that cloud and region (by display name and CIDR too, when given). A
// network passes through PROVISIONING to READY (or FAILED), and
// DEPROVISIONING after a delete.
//
// Its methods are Handle's (go doc wrapper.Handle).
type Networks = Handle[api.Network, api.NetworkCreateRequest, api.NetworkUpdateRequest, NetworkListOptions]

func newNetworks(c *Client) *Networks {
	return declare(new(Networks), c, opsNetworks(), checkNetworkSpec)
}

// checkNetworkSpec asks for the properties the spec requires of a new
// network besides its environment.
func checkNetworkSpec(b api.NetworkCreateRequest) error {
	if len(b.Spec.ConnectionTypes) == 0 {
		return &InputError{Field: "spec.connection_types", Problem: "is empty; give at least one of PEERING, TRANSITGATEWAY and PRIVATELINK"}
	}
	return firstError(checkNonEmpty("spec.cloud", b.Spec.Cloud, "AWS, GCP or AZURE"), checkNonEmpty("spec.region", b.Spec.Region, "the cloud region, such as us-east-2"),
		checkFilters("spec.connection_types", b.Spec.ConnectionTypes), checkNetworkCIDR(b.Spec.Cidr), checkZones(b.Spec.Zones))
}

// checkNetworkCIDR checks spec.cidr, when given, against the spec's
// pattern ^\d+\.\d+\.\d+\.\d+/\d+$.
func checkNetworkCIDR(cidr *string) error {
	if cidr == nil || isCIDR(*cidr) {
		return nil
	}
	return &InputError{Field: "spec.cidr", Problem: fmt.Sprintf("%q is not an IPv4 CIDR block such as 10.0.0.0/16", *cidr)}
}

// checkZones checks spec.zones, when given: the spec asks for exactly three.
func checkZones(zones *[]string) error {
	if zones == nil || len(*zones) == 3 {
		return nil
	}
	return &InputError{Field: "spec.zones", Problem: fmt.Sprintf("has %d zones; give exactly three, or leave it out for Confluent Cloud to choose", len(*zones))}
}
