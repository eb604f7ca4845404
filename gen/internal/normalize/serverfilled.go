package normalize

// serverFilled sets the configured extensions (cfg.ServerFilled) on every
// schema the server fills in: a readOnly property, or a readOnly component
// (ObjectMeta, the statuses), which every reference to it then carries. A
// nullable one is left alone: there null says something a zero value cannot.
// Request bodies leave read-only properties out, so the extensions change
// only how answers are typed.
func (n *normalizer) serverFilled() {
	if len(n.cfg.ServerFilled) == 0 {
		return
	}
	var walk func(v any)
	walk = func(v any) {
		s := asMap(v)
		if s == nil {
			return
		}
		if s["readOnly"] == true && s["nullable"] != true {
			for k, ext := range n.cfg.ServerFilled {
				s[k] = clone(ext)
			}
		}
		for _, p := range asMap(s["properties"]) {
			walk(p)
		}
		walk(s["items"])
		walk(s["additionalProperties"])
	}
	for _, s := range n.schemas {
		walk(s)
	}
}
