package normalize

import (
	"slices"
	"strings"
)

// dropReadOnly removes the properties a client never sends: those marked
// readOnly and those referring to a readOnly component (status, metadata).
func (n *normalizer) dropReadOnly(schema map[string]any) {
	props := asMap(schema["properties"])
	var dropped []string
	for name, p := range props {
		pm := asMap(p)
		readOnly := pm["readOnly"] == true
		if ref := asString(pm["$ref"]); ref != "" {
			readOnly = readOnly || n.upReadOnly(ref)
		}
		if readOnly {
			delete(props, name)
			dropped = append(dropped, name)
		}
	}
	if req := stringList(schema["required"]); len(req) > 0 {
		req = slices.DeleteFunc(req, func(s string) bool { return slices.Contains(dropped, s) })
		if len(req) == 0 {
			delete(schema, "required")
		} else {
			schema["required"] = anyList(req)
		}
	}
}

// upReadOnly says whether the component a fragment $ref names is readOnly.
func (n *normalizer) upReadOnly(ref string) bool {
	name := strings.TrimPrefix(ref, schemaPrefix)
	for upName, s := range n.upSchema {
		if n.rename(upName) == name {
			return asMap(s)["readOnly"] == true
		}
	}
	return false
}
