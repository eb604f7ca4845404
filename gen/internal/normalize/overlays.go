package normalize

import (
	"maps"
	"slices"
	"strings"
)

// body writes a request or response body. A body that is a $ref, or an
// allOf of a $ref and overlays carrying only examples, becomes the $ref.
// One whose overlays add required lists becomes a named schema: the
// referenced one with those lists merged in, named name (requests) or the
// referenced name plus role; a role other than "" shares the Go type of the
// plain name through x-go-type. Requests leave out read-only properties.
func (n *normalizer) body(schema map[string]any, name, role string, request bool, at string) any {
	base, overlays, ok := splitAllOf(schema)
	if !ok {
		if ref := asString(schema["$ref"]); ref != "" {
			return n.ref(strings.TrimPrefix(ref, schemaPrefix))
		}
		return n.schema(clone(schema), "", "")
	}
	req := n.overlayRequired(overlays, at)
	if len(req) == 0 {
		return n.ref(base)
	}
	baseName := n.rename(base)
	if name == "" {
		name = baseName + role
	}
	variant := asMap(n.schema(clone(n.upSchema[base]), baseName, ""))
	if request {
		n.dropReadOnly(variant)
	}
	n.applyOverlay(variant, req, name)
	if role != "" {
		// The Go type oapi-codegen names the schema: DNSRecord for DnsRecord.
		variant["x-go-type"] = goTypeName(baseName)
	}
	n.put(name, variant, at+" of "+n.doc)
	return map[string]any{"$ref": schemaPrefix + name}
}

// splitAllOf returns the referenced schema and the other parts of an
// `allOf: [{$ref}, overlays...]`.
func splitAllOf(schema map[string]any) (string, []any, bool) {
	parts := asList(schema["allOf"])
	if len(parts) == 0 {
		return "", nil, false
	}
	ref := asString(asMap(parts[0])["$ref"])
	if ref == "" {
		return "", nil, false
	}
	return strings.TrimPrefix(ref, schemaPrefix), parts[1:], true
}

// overlayRequired collects the required lists of overlays, by property
// path ("" for the schema itself, "spec" for its spec property, "data[]"
// for the items of data). Overlays may carry only properties, items, required, type, description and
// examples; anything else is a change the normalizer does not understand.
func (n *normalizer) overlayRequired(overlays []any, at string) map[string][]string {
	out := map[string][]string{}
	var walk func(o map[string]any, path string)
	walk = func(o map[string]any, path string) {
		for k, v := range o {
			switch k {
			case "required":
				out[path] = union(out[path], stringList(v))
			case "properties":
				for prop, sub := range asMap(v) {
					walk(asMap(sub), strings.TrimPrefix(path+"."+prop, "."))
				}
			case "items":
				walk(asMap(v), path+"[]")
			case "type", "description", "example", "examples", "title":
			default:
				if !strings.HasPrefix(k, "x-") {
					n.fail("%s: an allOf overlay sets %q at %q, which the normalizer does not merge; add the rule to gen/normalize", at, k, path)
				}
			}
		}
	}
	for _, o := range overlays {
		walk(asMap(o), "")
	}
	if len(out) == 1 && len(out[""]) == 0 {
		return nil
	}
	return out
}

func union(a, b []string) []string {
	out := slices.Clone(a)
	for _, s := range b {
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

// applyOverlay merges required lists into a schema: its own list into it,
// a property's into the component that property refers to (recorded, and
// checked for agreement across every overlay, in applyRequired).
func (n *normalizer) applyOverlay(schema map[string]any, req map[string][]string, at string) {
	for _, path := range slices.Sorted(maps.Keys(req)) {
		names := req[path]
		target := schema
		if path != "" {
			for prop := range strings.SplitSeq(path, ".") {
				target = asMap(asMap(target["properties"])[prop])
			}
		}
		if target == nil {
			n.fail("%s: an overlay requires %v of property %q, which the schema does not have", at, names, path)
			continue
		}
		if ref := asString(target["$ref"]); ref != "" && path != "" {
			comp := strings.TrimPrefix(ref, schemaPrefix)
			if prev, ok := n.required[comp]; ok && !slices.Equal(sorted(prev.names), sorted(names)) {
				n.fail("%s: overlays disagree on what %s requires: %v (%s) and %v (%s); give the variants names apart in gen/normalize", comp, comp, prev.names, prev.at, names, at)
				continue
			}
			n.required[comp] = reqSet{names: names, at: at + "." + path}
			continue
		}
		if _, isRef := target["$ref"]; isRef {
			n.fail("%s: an overlay requires %v of a bare reference", at, names)
			continue
		}
		target["required"] = anyList(union(stringList(target["required"]), names))
	}
}

func (n *normalizer) applyRequired() {
	for _, comp := range slices.Sorted(maps.Keys(n.required)) {
		s := asMap(n.schemas[comp])
		if s == nil {
			n.fail("an overlay requires fields of %s, which the fragment does not have", comp)
			continue
		}
		s["required"] = anyList(union(stringList(s["required"]), n.required[comp].names))
	}
}

func sorted(s []string) []string { return slices.Sorted(slices.Values(s)) }

func anyList(s []string) []any {
	out := make([]any, len(s))
	for i, v := range s {
		out[i] = v
	}
	return out
}
