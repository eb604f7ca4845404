package normalize

// assemble puts the fragment together from what the passes before made:
// the paths, the components, and the parts every document shares.
func (n *normalizer) assemble() {
	doc := map[string]any{
		"openapi": n.shared["openapi"],
		"paths":   n.paths,
	}
	for _, k := range []string{"servers", "security"} {
		if s := n.shared[k]; s != nil {
			doc[k] = s
		}
	}
	if len(n.tagList) > 0 {
		doc["tags"] = n.tagList
	}
	components := map[string]any{"schemas": n.schemas}
	if len(n.params) > 0 {
		components["parameters"] = n.params
	}
	if len(n.responses) > 0 {
		components["responses"] = n.responses
	}
	if len(n.secSchemes) > 0 {
		components["securitySchemes"] = n.secSchemes
	}
	doc["components"] = components
	n.out = doc
}

// stripAllProse drops upstream's prose from every part of the fragment.
func (n *normalizer) stripAllProse() {
	for _, k := range []string{"servers", "tags", "paths", "components"} {
		n.stripProse(n.out[k])
	}
}

// describe sets our texts, records what is missing and unused, and adds
// the info block last (its texts are the configuration's).
func (n *normalizer) describe() {
	n.missing, n.unused = describe(n.out, n.cfg.Texts)
	n.out["info"] = n.info(n.sources)
}
