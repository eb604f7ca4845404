package fake

import (
	"fmt"
	"hash/fnv"
	"maps"
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// What the server fills in, read from the spec.
//
// The newer documents give each resource's status a union whose variant
// follows the variant (or the cloud) the client chose: an access point
// with an AwsEgressPrivateLinkEndpoint config shows an
// AwsEgressPrivateLinkEndpointStatus, a gateway with an
// AwsEgressPrivateLinkGatewaySpec an AwsEgressPrivateLinkGatewayStatus, a
// private link attachment in cloud AWS an AwsPrivateLinkAttachmentStatus.
// The fake fills every property of that variant, and the status's other
// server-kept strings (dns_domain), in every phase: tools read them
// whatever the phase. Values are made up from the resource's id, or copied
// from the spec where the spec holds the same property (an ingress
// endpoint's vpc_endpoint_id). A spec union's required read-only property
// would be filled in the same way (the fragment has none: the one upstream
// has, a GCP attachment connection's private_service_connect_connection_id,
// is declared writable in gen/normalize.yaml).

// answerSchemas finds, for each kind, the schema of the resource as a get
// (or, for a collection without one, a list item) answers it.
func answerSchemas(doc *openapi3.T) [numKinds]*openapi3.Schema {
	var out [numKinds]*openapi3.Schema
	for k := range kinds {
		if item := doc.Paths.Value(kinds[k].collection + "/{id}"); item != nil && item.Get != nil {
			out[k] = okSchema(item.Get)
			continue
		}
		if item := doc.Paths.Value(kinds[k].collection); item != nil && item.Get != nil {
			if list := okSchema(item.Get); list != nil && list.Properties["data"] != nil {
				out[k] = list.Properties["data"].Value.Items.Value
			}
		}
	}
	return out
}

func okSchema(op *openapi3.Operation) *openapi3.Schema {
	resp := op.Responses.Status(200)
	if resp == nil || resp.Value == nil {
		return nil
	}
	mt := resp.Value.Content.Get("application/json")
	if mt == nil || mt.Schema == nil {
		return nil
	}
	return mt.Schema.Value
}

// serverFilled adds to a rendered document what the server keeps itself,
// for a kind without a hand-written status (kindInfo.status).
func (s *Server) serverFilled(r *record, spec, status map[string]any) {
	schema := s.answers[r.kind]
	if schema == nil {
		return
	}
	if sp := schema.Properties["spec"]; sp != nil {
		for _, name := range slices.Sorted(maps.Keys(sp.Value.Properties)) {
			sent, _ := spec[name].(map[string]any)
			if variant := chosen(sp.Value.Properties[name].Value, sent); variant != nil {
				sent = maps.Clone(sent) // the rendered spec shares it with the store
				fillRequiredReadOnly(variant, sent, r.id)
				spec[name] = sent
			}
		}
	}
	st := schema.Properties["status"]
	if st == nil || kinds[r.kind].status != nil {
		return
	}
	for _, name := range slices.Sorted(maps.Keys(st.Value.Properties)) {
		p := st.Value.Properties[name].Value
		switch {
		case name == "phase" || name == "error_code" || name == "error_message":
		case p.Discriminator != nil:
			if key, variant := statusVariant(p, r.spec); variant != nil {
				status[name] = madeUp(variant, r, key, sourceOf(r.spec))
			}
		case p.Type.Is("string") && p.Format == "":
			// A time (expires_at) is not made up: its meaning is the server's.
			status[name] = madeUpString(name, r.id)
		}
	}
}

// chosen is the variant of union schema u that the sent object names by
// its kind, nil when u is no union or names none.
func chosen(u *openapi3.Schema, sent map[string]any) *openapi3.Schema {
	if u == nil || u.Discriminator == nil || sent == nil {
		return nil
	}
	kind, _ := sent[u.Discriminator.PropertyName].(string)
	ref, ok := u.Discriminator.Mapping[kind]
	if !ok {
		return nil
	}
	for _, v := range u.OneOf {
		if v.Ref == ref.Ref {
			return v.Value
		}
	}
	return nil
}

// fillRequiredReadOnly sets, in a sent union object, each required
// read-only property the client could not send.
func fillRequiredReadOnly(variant *openapi3.Schema, obj map[string]any, id string) {
	for _, name := range variant.Required {
		p := variant.Properties[name]
		if p == nil || !p.Value.ReadOnly || obj[name] != nil {
			continue
		}
		obj[name] = madeUpString(name, id)
	}
}

// sourceOf is the spec union a status variant follows: config, else cloud.
func sourceOf(spec map[string]any) map[string]any {
	for _, name := range []string{"config", "cloud"} {
		if m, ok := spec[name].(map[string]any); ok {
			return m
		}
	}
	return nil
}

// statusVariant picks the variant of a status union that answers the
// spec's choice: the config or cloud kind with Status for Spec or added
// (AwsEgressPrivateLinkGatewaySpec, AwsEgressPrivateLinkGatewayStatus), or
// for a cloud given by name the variant of that cloud (AWS,
// AwsPrivateLinkAttachmentStatus). None for a choice without one (a
// peering gateway has no status variant).
func statusVariant(u *openapi3.Schema, spec map[string]any) (string, *openapi3.Schema) {
	var want []string
	if src := sourceOf(spec); src != nil {
		kind, _ := src["kind"].(string)
		want = []string{kind + "Status", strings.TrimSuffix(kind, "Spec") + "Status"}
	}
	cloud, _ := spec["cloud"].(string)
	for _, key := range slices.Sorted(maps.Keys(u.Discriminator.Mapping)) {
		if slices.Contains(want, key) || cloud != "" && strings.HasPrefix(strings.ToUpper(key), strings.ToUpper(cloud)) {
			for _, v := range u.OneOf {
				if v.Ref == u.Discriminator.Mapping[key].Ref {
					return key, v.Value
				}
			}
		}
	}
	return "", nil
}

// madeUp fills every property of an object schema: kind is the variant's
// name, a property the spec's union also holds is copied from it, others
// are made up from the resource.
func madeUp(sc *openapi3.Schema, r *record, kind string, src map[string]any) map[string]any {
	out := map[string]any{}
	props := map[string]*openapi3.Schema{}
	for name, p := range sc.Properties {
		props[name] = p.Value
	}
	for _, part := range sc.AllOf {
		for name, p := range part.Value.Properties {
			props[name] = p.Value
		}
	}
	for name, p := range props {
		switch {
		case name == "kind":
			out[name] = kind
		case src[name] != nil && name != "kind":
			out[name] = src[name]
		case p.Type.Is("array"):
			out[name] = []any{madeUpString(name, r.id)}
		case p.Type.Is("object") || len(p.AllOf) > 0:
			out[name] = madeUp(p, r, "", nil)
		default:
			out[name] = madeUpString(name, r.id)
		}
	}
	if kind == "" {
		delete(out, "kind")
	}
	return out
}

// madeUpString is a value for a server-kept string property, in the shape
// its name suggests, the same for the same resource every time.
func madeUpString(name, id string) string {
	h := fnv.New64a()
	_, _ = h.Write([]byte(id + "/" + name))
	n := h.Sum64()
	switch {
	case strings.HasSuffix(name, "ip_address"):
		return fmt.Sprintf("10.%d.%d.%d", n>>16&0xff, n>>8&0xff, n&0xfe+1)
	case name == "account":
		return fmt.Sprintf("%012d", n%1e12)
	case name == "subscription":
		return "00000000-0000-0000-0000-000000000000"
	case strings.HasSuffix(name, "connection_id"):
		return fmt.Sprintf("%017d", n%1e17)
	case strings.HasSuffix(name, "_arn"):
		return "arn:aws:iam::000000000000:role/" + id
	case strings.HasSuffix(name, "dns_domain") || strings.HasSuffix(name, "_domain") || strings.HasSuffix(name, "_domains"):
		return id + ".fake.confluent.cloud"
	}
	return strings.ReplaceAll(name, "_", "-") + "-" + id
}
