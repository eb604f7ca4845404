package normalize

import "strings"

// inlineSchema copies a parameter's or header's schema with its $refs
// replaced by what they point at, so that the filters' shared
// MultipleSearchFilter does not become a Go type of its own.
func (n *normalizer) inlineSchema(s any) any {
	m := asMap(s)
	if ref := asString(m["$ref"]); ref != "" {
		target, ok := n.upSchema[strings.TrimPrefix(ref, schemaPrefix)]
		if !ok {
			n.fail("unresolved reference %s", ref)
			return map[string]any{}
		}
		return n.inlineSchema(target)
	}
	return n.schema(clone(s), "", "")
}
