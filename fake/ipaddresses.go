package fake

import (
	"fmt"

	"github.com/getkin/kin-openapi/openapi3"
)

// The IP addresses collection lists the public addresses Confluent Cloud
// may use, by cloud, region, service and address type. It has no
// environment and no create: the fake holds a seeded list from the start.
//
// The addresses are invented: prefixes from the documentation ranges of
// RFC 5737 (192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24), which route
// nowhere, in two regions of each cloud. The services and address types
// are those the spec lists (the x-extensible-enum of IpAddress's services
// items and address_type); each cloud, region, service and address type
// has two addresses.
var seedRegions = []struct{ cloud, region string }{
	{"AWS", "us-east-1"}, {"AWS", "us-west-2"},
	{"GCP", "us-central1"}, {"GCP", "europe-west1"},
	{"AZURE", "eastus"}, {"AZURE", "westeurope"},
}

// seedIPAddresses adds the seeded addresses to st.
func seedIPAddresses(doc *openapi3.T, st *store) {
	item := doc.Components.Schemas["IpAddress"]
	if item == nil || item.Value == nil {
		return
	}
	services := extensibleEnum(item.Value.Properties["services"])
	types := extensibleEnum(item.Value.Properties["address_type"])
	blocks := []string{"192.0.2", "198.51.100", "203.0.113"}
	n := 0
	for _, place := range seedRegions {
		for _, t := range types {
			for _, svc := range services {
				for range 2 {
					prefix := fmt.Sprintf("%s.%d/32", blocks[n/250%len(blocks)], n%250+1)
					n++
					st.add(&record{kind: kindIPAddress, id: "ip:" + prefix, spec: map[string]any{
						"ip_prefix": prefix, "cloud": place.cloud, "region": place.region,
						"services": []any{svc}, "address_type": t,
					}})
				}
			}
		}
	}
}

// extensibleEnum lists the values a string schema (or an array's items)
// names in x-extensible-enum.
func extensibleEnum(ref *openapi3.SchemaRef) []string {
	if ref == nil || ref.Value == nil {
		return nil
	}
	sc := ref.Value
	if sc.Items != nil {
		sc = sc.Items.Value
	}
	raw, _ := sc.Extensions["x-extensible-enum"].([]any)
	out := make([]string, 0, len(raw))
	for _, v := range raw {
		if s, ok := v.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

// seededDocument renders a seeded address as the list answers it.
func seededDocument(r *record) map[string]any {
	out := map[string]any{"api_version": "networking/v1", "kind": kinds[r.kind].name}
	for k, v := range r.spec {
		out[k] = v
	}
	return out
}
