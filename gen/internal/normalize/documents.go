package normalize

import (
	"maps"
	"slices"
)

// source is one upstream document the fragment was derived from.
type source struct{ name, file, version, sha256 string }

// read makes doc the document the next passes read from.
func (n *normalizer) read(name string, up map[string]any) {
	comps := asMap(up["components"])
	n.doc, n.up = name, up
	n.upSchema, n.upResp = asMap(comps["schemas"]), asMap(comps["responses"])
	n.emitted, n.pending = map[string]bool{}, nil
	n.tags, n.schemes = map[string]bool{}, map[string]bool{}
	n.keepSharedValue("openapi", up["openapi"])
}

// keepServers adds the servers of the document not listed yet, by URL:
// an older document may list a staging server beside production.
func (n *normalizer) keepServers() {
	list := asList(n.shared["servers"])
	for _, srv := range asList(n.up["servers"]) {
		if !slices.ContainsFunc(list, func(s any) bool { return meaning(s) == meaning(srv) }) {
			list = append(list, clone(srv))
		}
	}
	if len(list) > 0 {
		n.shared["servers"] = list
	}
}

// keepShared records a top-level part every document must say alike.
// A document without it says something too (no security): the fragment
// has one top-level value for every operation.
func (n *normalizer) keepShared(k string) {
	v := n.up[k]
	n.keepSharedValue(k, v)
	if k == "security" {
		n.useSchemes(v)
	}
}

func (n *normalizer) keepSharedValue(k string, v any) {
	if prev, ok := n.shared[k]; ok {
		if meaning(prev) != meaning(v) {
			n.fail("%s differs between documents %s and %s; the fragment can say only one", k, n.sharedFrom[k], n.doc)
		}
		return
	}
	n.shared[k], n.sharedFrom[k] = clone(v), n.doc
}

func (n *normalizer) useSchemes(security any) {
	for _, req := range asList(security) {
		for name := range asMap(req) {
			n.schemes[name] = true
		}
	}
}

// keepTags adds the tags the document's kept operations use, in its order.
func (n *normalizer) keepTags() {
	for _, t := range asList(n.up["tags"]) {
		// A tag is its name; its description is ours (describe).
		name := asString(asMap(t)["name"])
		if n.tags[name] && !slices.ContainsFunc(n.tagList, func(t any) bool { return asMap(t)["name"] == name }) {
			n.tagList = append(n.tagList, map[string]any{"name": name})
		}
	}
}

// keepSchemes adds the security schemes the document's kept operations
// use; documents declaring one alike must agree.
func (n *normalizer) keepSchemes() {
	all := asMap(asMap(n.up["components"])["securitySchemes"])
	for _, name := range slices.Sorted(maps.Keys(n.schemes)) {
		s, ok := all[name]
		if !ok {
			n.fail("security scheme %s is not defined upstream", name)
			continue
		}
		if prev, ok := n.secSchemes[name]; ok {
			if meaning(prev) != meaning(s) {
				n.fail("security scheme %s is declared differently by %s and %s", name, n.secFrom[name], n.doc)
			}
			continue
		}
		n.secSchemes[name], n.secFrom[name] = clone(s), n.doc
	}
}
