// Package upstreamchanges spells the five upstream changes issue 9 measured
// (a new optional field, a new phase, a new list filter, a new cloud
// variant, a renamed field) as edits to the vendored snapshot, so that tests
// and gen/upstream-changes.sh can apply each to a copy and show where it
// goes: through the chain untouched, or into a failing test that names the
// file to change.
package upstreamchanges

import (
	"fmt"
	"strings"
)

// Change is one upstream change: edits to the snapshot's text, each an
// exact snippet replaced at its first occurrence after an anchor.
type Change struct {
	Name  string
	Edits []Edit
}

// Edit replaces Old, the first time it occurs after Anchor, with New.
type Edit struct{ Anchor, Old, New string }

// Apply returns the snapshot with the change's edits made, or an error
// naming the snippet that is no longer there (the snapshot moved on).
func (c Change) Apply(snapshot string) (string, error) {
	for _, e := range c.Edits {
		at := strings.Index(snapshot, e.Anchor)
		if at < 0 {
			return "", fmt.Errorf("%s: anchor %q not in the snapshot", c.Name, e.Anchor)
		}
		rest := snapshot[at:]
		i := strings.Index(rest, e.Old)
		if i < 0 {
			return "", fmt.Errorf("%s: snippet %q not after %q", c.Name, e.Old, e.Anchor)
		}
		snapshot = snapshot[:at] + rest[:i] + e.New + rest[i+len(e.Old):]
	}
	return snapshot, nil
}

// Five are the changes, in the order.
var Five = []Change{
	{Name: "new optional field", Edits: []Edit{{
		Anchor: "    networking.v1.PrivateLinkAccessSpec:\n",
		Old:    "      properties:\n",
		New: "      properties:\n        labels:\n          description: Labels.\n" +
			"          items:\n            type: string\n          type: array\n",
	}}},
	{Name: "new phase", Edits: []Edit{{
		Anchor: "    networking.v1.PrivateLinkAccessStatus:\n",
		Old:    "          - DEPROVISIONING\n",
		New:    "          - DEPROVISIONING\n          - SUSPENDED\n",
	}}},
	{Name: "new list filter", Edits: []Edit{{
		Anchor: "      operationId: listNetworkingV1PrivateLinkAccesses\n",
		Old:    "      - description: A pagination size for collection requests.\n",
		New: "      - description: Filter the results by exact match for spec.cloud.\n" +
			"        explode: true\n        in: query\n        name: spec.cloud\n        required: false\n" +
			"        schema:\n          $ref: '#/components/schemas/MultipleSearchFilter'\n        style: form\n" +
			"      - description: A pagination size for collection requests.\n",
	}}},
	{Name: "new cloud variant", Edits: []Edit{{
		Anchor: "    networking.v1.PrivateLinkAccessSpec:\n",
		Old:    "              GcpPrivateServiceConnectAccess: '#/components/schemas/networking.v1.GcpPrivateServiceConnectAccess'\n",
		New: "              GcpPrivateServiceConnectAccess: '#/components/schemas/networking.v1.GcpPrivateServiceConnectAccess'\n" +
			"              OciPrivateLinkAccess: '#/components/schemas/networking.v1.OciPrivateLinkAccess'\n",
	}, {
		Anchor: "    networking.v1.PrivateLinkAccessSpec:\n",
		Old:    "          - $ref: '#/components/schemas/networking.v1.GcpPrivateServiceConnectAccess'\n",
		New: "          - $ref: '#/components/schemas/networking.v1.GcpPrivateServiceConnectAccess'\n" +
			"          - $ref: '#/components/schemas/networking.v1.OciPrivateLinkAccess'\n",
	}, {
		Anchor: "    networking.v1.NetworkLinkServiceAcceptPolicy:\n",
		Old:    "    networking.v1.NetworkLinkServiceAcceptPolicy:\n",
		New: "    networking.v1.OciPrivateLinkAccess:\n      description: OCI access configuration.\n" +
			"      properties:\n        kind:\n          enum:\n          - OciPrivateLinkAccess\n          type: string\n" +
			"        tenancy:\n          minLength: 1\n          type: string\n" +
			"      required:\n      - kind\n      - tenancy\n      type: object\n" +
			"    networking.v1.NetworkLinkServiceAcceptPolicy:\n",
	}}},
	{Name: "renamed field", Edits: []Edit{{
		Anchor: "    networking.v1.PrivateLinkAccessSpec:\n",
		Old:    "        display_name:\n",
		New:    "        name:\n",
	}}},
}
