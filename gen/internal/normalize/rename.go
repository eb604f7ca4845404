package normalize

import "strings"

// parameterName is the configured name, else the parameter's name without
// a spec. or status. prefix in Go spelling, with Filter after it for a
// query parameter taking a list (spec.display_name: DisplayNameFilter), or
// its location after it where that would be a schema's name.
func (n *normalizer) parameterName(opID, in, name string, p map[string]any) string {
	if v, ok := n.cfg.Parameters[opID+":"+in+" "+name]; ok {
		return v
	}
	if v, ok := n.cfg.Parameters[in+" "+name]; ok {
		return v
	}
	base := name
	for _, prefix := range []string{"spec.", "status."} {
		base = strings.TrimPrefix(base, prefix)
	}
	out := goName(base)
	if in == "query" && asString(asMap(p["schema"])["type"]) == "array" {
		out += "Filter"
	}
	// Parameters and schemas share Go's type names: a parameter named like
	// a schema (spec.network_link_service and NetworkLinkService) says
	// where it goes instead.
	if n.names[out] {
		return out + goName(in)
	}
	return out
}

// goName spells snake_case or dotted.words as CamelCase.
func goName(s string) string {
	var b strings.Builder
	for part := range strings.FieldsFuncSeq(s, func(r rune) bool { return r == '_' || r == '.' || r == '-' }) {
		b.WriteString(strings.ToUpper(part[:1]) + part[1:])
	}
	return b.String()
}

func (n *normalizer) renameResponse(upName string) string {
	if v, ok := n.docRename(upName); ok {
		return v
	}
	if v, ok := n.cfg.Rename[upName]; ok {
		return v
	}
	return upName
}

// docRename is the name the document being read gives upName, if any.
func (n *normalizer) docRename(upName string) (string, bool) {
	if d := n.cfg.Document(n.doc); d != nil {
		v, ok := d.Rename[upName]
		return v, ok
	}
	return "", false
}

func (n *normalizer) rename(upName string) string {
	if v, ok := n.docRename(upName); ok {
		return v
	}
	if v, ok := n.cfg.Rename[upName]; ok {
		return v
	}
	return strings.TrimPrefix(upName, n.cfg.StripPrefix)
}
