package normalize

import (
	"maps"
	"slices"
	"strings"
)

// KindAliases is a second spelling of every union kind: the configured
// prefix before the variant's schema name. Answers recorded from the real
// API spell a kind so ("networking.v1.AwsPeering" where the document's
// enum says "AwsPeering"), and the official SDK reads both; see
// shared/upstream BEHAVIOUR.md.
type KindAliases struct {
	// Prefix goes before a variant's component name: networking.v1.
	Prefix string `yaml:"prefix"`
	// Reason says why the fragment maps both spellings.
	Reason string `yaml:"reason"`
}

// aliasKinds adds to every discriminator mapping of the fragment a second
// key for each variant, the configured prefix before its component name,
// pointing at the same schema; generated code then reads a union in
// either spelling. Without the configuration it does nothing. A key that
// already exists with another target is an error: the two spellings would
// name different variants.
func (n *normalizer) aliasKinds() {
	a := n.cfg.UnionKindAliases
	if a == nil || a.Prefix == "" {
		return
	}
	var walk func(name string, v any)
	walk = func(name string, v any) {
		switch x := v.(type) {
		case map[string]any:
			if mapping := asMap(asMap(x["discriminator"])["mapping"]); mapping != nil {
				for _, key := range slices.Sorted(maps.Keys(mapping)) {
					ref := asString(mapping[key])
					target, local := strings.CutPrefix(ref, schemaPrefix)
					if !local || strings.HasPrefix(key, a.Prefix) {
						continue
					}
					alias := a.Prefix + target
					if prev, ok := mapping[alias]; ok && prev != ref {
						n.fail("union %s: kind alias %q already maps to %v, not %s", name, alias, prev, ref)
						continue
					}
					mapping[alias] = ref
				}
			}
			for _, k := range slices.Sorted(maps.Keys(x)) {
				walk(name, x[k])
			}
		case []any:
			for _, e := range x {
				walk(name, e)
			}
		}
	}
	for _, name := range slices.Sorted(maps.Keys(n.schemas)) {
		walk(name, n.schemas[name])
	}
}
