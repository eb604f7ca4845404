package normalize

// deviate applies the configured deviations, in order.
func (n *normalizer) deviate() {
	for _, d := range n.cfg.Deviations {
		s := asMap(n.schemas[d.Schema])
		if s == nil {
			n.fail("deviation for %s (gen/normalize.yaml): the fragment has no such schema", d.Schema)
			continue
		}
		if d.Property != "" {
			p := asMap(asMap(s["properties"])[d.Property])
			if p == nil {
				n.fail("deviation for %s.%s (gen/normalize.yaml): the schema has no such property", d.Schema, d.Property)
				continue
			}
			s = p
		}
		for k, v := range d.Set {
			s[k] = clone(v)
		}
	}
	n.applied = n.cfg.Deviations
}
