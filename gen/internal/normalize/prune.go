package normalize

import "strings"

// prune drops the component schemas nothing kept refers to: a request body
// leaves out read-only properties, so what only they referred to goes too.
func (n *normalizer) prune() {
	paths := n.paths
	reached := map[string]bool{}
	var walk func(v any)
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			for k, e := range x {
				if s, ok := e.(string); ok && (k == "$ref" || k == "x-go-type") {
					name := strings.TrimPrefix(s, schemaPrefix)
					if !reached[name] {
						reached[name] = true
						walk(n.schemas[name])
					}
				}
				if k == "mapping" {
					for _, t := range asMap(e) {
						walk(map[string]any{"$ref": t})
					}
				}
				walk(e)
			}
		case []any:
			for _, e := range x {
				walk(e)
			}
		}
	}
	walk(paths)
	walk(n.params)
	walk(n.responses)
	for name := range n.schemas {
		if !reached[name] {
			delete(n.schemas, name)
		}
	}
}
