package normalize

import (
	"maps"
	"slices"
	"strings"
	"unicode"
)

// selectOperations reads every document in turn: the operations the
// configuration keeps of it, the components they reach (inlined where a
// parameter's or header's schema is, renamed, overlays merged, read-only
// properties left out of requests), and the parts documents share.
func (n *normalizer) selectOperations() {
	for _, d := range n.cfg.Documents {
		n.read(d.Name, n.trees[d.Name])
		for path, item := range n.operationsOf(d.Operations) {
			if _, ok := n.paths[path]; ok {
				n.fail("path %s is in %s and in an earlier document; keep its operations of one", path, d.Name)
				continue
			}
			n.paths[path] = item
		}
		n.drain()
		n.keepServers()
		n.keepShared("security")
		n.keepSchemes()
		n.keepTags()
	}
	n.doc = ""
}

var methods = []string{"get", "put", "post", "delete", "options", "head", "patch", "trace"}

// operationsOf keeps the configured operations of the document being read.
func (n *normalizer) operationsOf(operations []string) map[string]any {
	want := map[string]bool{}
	for _, id := range operations {
		want[id] = true
	}
	found := map[string]bool{}
	out := map[string]any{}
	upPaths := asMap(n.up["paths"])
	for _, path := range slices.Sorted(maps.Keys(upPaths)) {
		item := asMap(upPaths[path])
		kept := map[string]any{}
		for _, m := range methods {
			op := asMap(item[m])
			id := asString(op["operationId"])
			if op == nil || !want[id] {
				continue
			}
			found[id] = true
			kept[m] = n.operation(path, m, op, asList(item["parameters"]))
		}
		if len(kept) > 0 {
			out[path] = kept
		}
	}
	for _, id := range operations {
		if !found[id] {
			n.fail("operation %s (gen/normalize.yaml) is not in the upstream document", id)
		}
	}
	return out
}

func (n *normalizer) operation(path, method string, op map[string]any, shared []any) map[string]any {
	id := asString(op["operationId"])
	out := map[string]any{}
	for _, k := range []string{"operationId", "summary", "description", "tags", "security", "deprecated"} {
		if v, ok := op[k]; ok {
			out[k] = clone(v)
		}
	}
	for _, t := range stringList(op["tags"]) {
		n.tags[t] = true
	}
	n.useSchemes(op["security"])
	var params []any
	for _, p := range append(slices.Clone(shared), asList(op["parameters"])...) {
		params = append(params, n.parameter(id, p))
	}
	if len(params) > 0 {
		out["parameters"] = params
	}
	if body := asMap(op["requestBody"]); body != nil {
		out["requestBody"] = n.requestBody(id, body)
	}
	responses := map[string]any{}
	for code, r := range asMap(op["responses"]) {
		responses[code] = n.response(id, code, asMap(r))
	}
	out["responses"] = responses
	return out
}

// verb and resource split an operationId: createNetworkingV1Network is
// ("create", "Network") with the configured operation prefix.
func (n *normalizer) verb(id string) (string, string) {
	i := strings.IndexFunc(id, unicode.IsUpper)
	if i < 0 {
		return id, ""
	}
	return id[:i], strings.TrimPrefix(id[i:], n.cfg.OperationPrefix)
}

// parameter names a parameter and records it as a component; two
// operations whose parameters share a name must agree on what it means.
func (n *normalizer) parameter(opID string, p any) any {
	pm := asMap(p)
	if ref := asString(pm["$ref"]); ref != "" {
		pm = asMap(asMap(asMap(n.up["components"])["parameters"])[strings.TrimPrefix(ref, paramPrefix)])
	}
	clean := map[string]any{}
	for k, v := range pm {
		if k == "example" || k == "examples" || n.dropExtension(k) {
			continue
		}
		clean[k] = clone(v)
	}
	if s, ok := pm["schema"]; ok {
		clean["schema"] = n.inlineSchema(s)
	}
	in, name := asString(pm["in"]), asString(pm["name"])
	compName := n.parameterName(opID, in, name, clean)
	if slices.Contains(n.cfg.PerResource, in+" "+name) && !n.namedParameter(opID, in, name) {
		// Documents bound page_size differently (1000 in one, 100 in
		// another): named per resource always, a change of one document's
		// bound renames nothing of another's.
		_, resource := n.verb(opID)
		compName = resource + compName
	}
	if prev, ok := n.params[compName]; ok {
		if meaning(prev) != meaning(clean) {
			// Never named apart by rule: which one would keep the plain
			// name depends on the others, so a change of one document would
			// rename another's exported type.
			n.fail("parameter %q (%s) of %s differs from another of that name (component %s); name it apart in gen/normalize.yaml parameters (%q: <Name>) or per-resource (%q)", name, in, opID, compName, opID+":"+in+" "+name, in+" "+name)
		}
	} else {
		n.params[compName] = clean
	}
	return map[string]any{"$ref": paramPrefix + compName}
}

// namedParameter says whether the configuration names the parameter.
func (n *normalizer) namedParameter(opID, in, name string) bool {
	_, one := n.cfg.Parameters[opID+":"+in+" "+name]
	_, all := n.cfg.Parameters[in+" "+name]
	return one || all
}

func (n *normalizer) requestBody(opID string, body map[string]any) map[string]any {
	verb, resource := n.verb(opID)
	out := map[string]any{}
	for k, v := range body {
		if k != "content" && !n.dropExtension(k) {
			out[k] = clone(v)
		}
	}
	content := map[string]any{}
	for ct, media := range asMap(body["content"]) {
		schema := asMap(asMap(media)["schema"])
		name := resource + goName(verb) + "Request"
		content[ct] = map[string]any{"schema": n.body(schema, name, "", true, opID+" request body")}
	}
	out["content"] = content
	return out
}

// response writes one answer of an operation: a $ref to a named response
// when upstream's inline answer says what a component response says (the
// error answers), else the answer itself with its body named by role.
func (n *normalizer) response(opID, code string, r map[string]any) any {
	if ref := asString(r["$ref"]); ref != "" {
		name := strings.TrimPrefix(ref, responsePrefix)
		return n.useResponse(name)
	}
	out := n.cleanResponse(r, func(schema map[string]any) any {
		role := ""
		switch {
		case code == "202":
			role = "Accepted"
		case strings.HasPrefix(code, "2"):
			role = ""
		default:
			// Error bodies are plain references (Failure) upstream.
			return n.schema(clone(schema), "", "")
		}
		return n.body(schema, "", role, false, opID+" "+code)
	})
	if strings.HasPrefix(code, "2") {
		return out
	}
	// Upstream's error answers differ from each other only in their
	// descriptions, so the match is on everything, descriptions included.
	m := canonical(out)
	for _, name := range slices.Sorted(maps.Keys(n.upResp)) {
		comp := n.cleanResponse(asMap(n.upResp[name]), func(schema map[string]any) any { return n.schemaQuiet(schema) })
		if canonical(comp) == m {
			return n.useResponse(name)
		}
	}
	return out
}

// schemaQuiet normalizes a schema for comparison only: no component it
// refers to is emitted on its account.
func (n *normalizer) schemaQuiet(schema map[string]any) any {
	if ref := asString(schema["$ref"]); ref != "" {
		return map[string]any{"$ref": schemaPrefix + n.rename(strings.TrimPrefix(ref, schemaPrefix))}
	}
	return clone(schema)
}

func (n *normalizer) useResponse(upName string) any {
	name := n.renameResponse(upName)
	r := asMap(n.upResp[upName])
	if r == nil {
		n.fail("unresolved response %s", upName)
		return map[string]any{}
	}
	at := "response " + upName + " of " + n.doc
	clean := n.cleanResponse(r, func(schema map[string]any) any { return n.schema(clone(schema), "", "") })
	if prev, ok := n.responses[name]; !ok {
		n.responses[name], n.respFrom[name] = clean, at
	} else if meaning(prev) != meaning(clean) {
		n.fail("response %s is declared differently by %s and %s; the documents must agree (or name one apart in gen/normalize.yaml rename)", name, n.respFrom[name], at)
	}
	return map[string]any{"$ref": responsePrefix + name}
}

// cleanResponse copies an answer without examples, with its headers'
// schemas inlined and each body schema passed through body.
func (n *normalizer) cleanResponse(r map[string]any, body func(map[string]any) any) map[string]any {
	out := map[string]any{}
	for k, v := range r {
		switch {
		case k == "headers":
			headers := map[string]any{}
			for name, h := range asMap(v) {
				hm := map[string]any{}
				for hk, hv := range asMap(h) {
					if hk == "example" || hk == "examples" || n.dropExtension(hk) {
						continue
					}
					hm[hk] = clone(hv)
				}
				if s, ok := asMap(h)["schema"]; ok {
					hm["schema"] = n.inlineSchema(s)
				}
				headers[name] = hm
			}
			out[k] = headers
		case k == "content":
			content := map[string]any{}
			for ct, media := range asMap(v) {
				content[ct] = map[string]any{"schema": body(asMap(asMap(media)["schema"]))}
			}
			out[k] = content
		case n.dropExtension(k):
		default:
			out[k] = clone(v)
		}
	}
	return out
}

// dropExtension says whether an x-* keyword is left out of the fragment.
func (n *normalizer) dropExtension(k string) bool {
	return strings.HasPrefix(k, "x-") && !slices.Contains(n.cfg.KeepExtensions, k)
}

// ref records that the fragment refers to an upstream component schema
// and returns the reference under the fragment's name.
func (n *normalizer) ref(upName string) map[string]any {
	if _, ok := n.upSchema[upName]; !ok {
		n.fail("unresolved reference %s%s", schemaPrefix, upName)
	}
	if !n.emitted[upName] {
		n.emitted[upName] = true
		n.pending = append(n.pending, upName)
	}
	return map[string]any{"$ref": schemaPrefix + n.rename(upName)}
}

// drain emits every component schema reached so far, and those they reach.
func (n *normalizer) drain() {
	for len(n.pending) > 0 {
		upName := n.pending[0]
		n.pending = n.pending[1:]
		name := n.rename(upName)
		n.put(name, n.schema(clone(n.upSchema[upName]), name, ""), "component "+upName+" of "+n.doc)
	}
}

// put adds a fragment schema; two different schemas may not share a name.
func (n *normalizer) put(name string, schema any, at string) {
	if prev, ok := n.schemas[name]; ok {
		if meaning(prev) != meaning(schema) {
			n.fail("schema %s is made twice, differently: from %s and from %s; the documents must agree (or name one apart in gen/normalize.yaml rename)", name, n.origin[name], at)
		}
		return
	}
	n.schemas[name] = schema
	n.origin[name] = at
}

// schema normalizes a schema in place and returns it: examples, titles and
// unkept extensions dropped, $refs renamed (and their targets emitted), a
// lone-$ref allOf unwrapped, an allOf of a $ref and example-only overlays
// reduced to the $ref, a list item whose overlay adds required lists named
// {Item}ListItem, and an inline oneOf property of a component hoisted into
// a component of its own ({Component without Spec}{Property}).
func (n *normalizer) schema(v any, component, at string) any {
	s := asMap(v)
	if s == nil {
		return v
	}
	if ref := asString(s["$ref"]); ref != "" {
		return n.ref(strings.TrimPrefix(ref, schemaPrefix))
	}
	for k := range s {
		if k == "example" || k == "examples" || k == "title" || n.dropExtension(k) {
			delete(s, k)
		}
	}
	if base, overlays, ok := splitAllOf(s); ok {
		where := component + at
		req := n.overlayRequired(overlays, where)
		if len(req) == 0 {
			// A keyword beside the allOf that changes meaning (nullable,
			// readOnly) cannot sit beside a bare $ref in OpenAPI 3.0: keep
			// the wrapper, without the example overlays.
			for k := range s {
				if k != "allOf" && k != "description" {
					s["allOf"] = []any{n.ref(base)}
					return s
				}
			}
			return n.ref(base)
		}
		if !strings.HasSuffix(at, "[]") {
			n.fail("%s: an allOf overlay adds required lists outside a body or list item", where)
			return s
		}
		return n.body(map[string]any{"allOf": s["allOf"]}, "", "ListItem", false, where)
	}
	if props := asMap(s["properties"]); props != nil {
		for _, name := range slices.Sorted(maps.Keys(props)) {
			p := asMap(props[name])
			if component != "" && p != nil && p["oneOf"] != nil {
				hoisted := strings.TrimSuffix(component, "Spec") + goName(name)
				n.put(hoisted, n.schema(p, hoisted, ""), component+"."+name)
				props[name] = map[string]any{"$ref": schemaPrefix + hoisted}
				continue
			}
			props[name] = n.schema(p, component, at+"."+name)
		}
	}
	if items, ok := s["items"]; ok {
		s["items"] = n.schema(items, component, at+"[]")
	}
	for _, k := range []string{"oneOf", "anyOf", "allOf"} {
		for i, e := range asList(s[k]) {
			asList(s[k])[i] = n.schema(e, component, at+"/"+k)
		}
	}
	if ap, ok := s["additionalProperties"].(map[string]any); ok {
		s["additionalProperties"] = n.schema(ap, component, at+"{}")
	}
	if d := asMap(s["discriminator"]); d != nil {
		for key, target := range asMap(d["mapping"]) {
			upName := strings.TrimPrefix(asString(target), schemaPrefix)
			asMap(d["mapping"])[key] = asString(n.ref(upName)["$ref"])
		}
	}
	return s
}
