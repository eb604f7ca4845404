package normalize

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"maps"
	"slices"
	"strings"
	"unicode"
)

const (
	schemaPrefix   = "#/components/schemas/"
	responsePrefix = "#/components/responses/"
	paramPrefix    = "#/components/parameters/"
)

// normalizer turns the upstream document into the fragment. It keeps the
// configured operations, writes every body as one named schema (the
// overlays' required lists merged in), unwraps and drops the allOf overlays
// that only wrap a $ref or carry examples, names the parameters and error
// answers, and emits only the components reachable from what it keeps.
type normalizer struct {
	cfg *Config
	// The document being read: its name, tree and components.
	doc      string
	up       map[string]any
	upSchema map[string]any  // upstream components.schemas
	upResp   map[string]any  // upstream components.responses
	names    map[string]bool // every document's schema names, renamed

	schemas    map[string]any    // fragment schemas, by fragment name
	origin     map[string]string // fragment schema name -> where it was made
	pending    []string          // upstream schema names still to emit
	emitted    map[string]bool   // upstream schema names emitted
	required   map[string]reqSet // overlay required lists for a component
	params     map[string]any
	responses  map[string]any
	respFrom   map[string]string // fragment response name -> where it was made
	tags       map[string]bool
	tagList    []any
	schemes    map[string]bool
	secSchemes map[string]any    // kept security schemes, by name
	secFrom    map[string]string // where each was read
	shared     map[string]any    // servers and security, which every document must share
	sharedFrom map[string]string
	errs       []string
}

// reqSet is a required list an overlay puts on a component, and where.
type reqSet struct {
	names []string
	at    string
}

// Normalize derives the fragment from the upstream documents' bytes, by
// configured document name. withDeviations false leaves out the configured
// deviations: that fragment must say exactly what upstream says (the drift
// test checks it).
func Normalize(cfg *Config, upstream map[string][]byte, withDeviations bool) ([]byte, error) {
	r, err := Derive(cfg, upstream, withDeviations)
	if err != nil {
		return nil, err
	}
	return r.Fragment, nil
}

// Result is a derived fragment and what is still to be written for it.
type Result struct {
	Fragment []byte
	// Undescribed lists the places of the fragment that gen/descriptions.yaml
	// has no text for, as its keys ("schemas: ListMeta.first").
	Undescribed []string
	// Unused lists the keys of gen/descriptions.yaml that match nothing in
	// the fragment (a typo, or a part the fragment no longer has).
	Unused []string
}

// Derive is Normalize, with the descriptions still missing and unused.
// Upstream's prose never reaches the fragment: every description, summary
// and title is dropped, and ours (cfg.Texts) are set in their place.
func Derive(cfg *Config, upstream map[string][]byte, withDeviations bool) (*Result, error) {
	n := &normalizer{
		cfg:     cfg,
		schemas: map[string]any{}, origin: map[string]string{}, names: map[string]bool{},
		required: map[string]reqSet{}, params: map[string]any{}, responses: map[string]any{},
		respFrom: map[string]string{}, secSchemes: map[string]any{}, secFrom: map[string]string{},
		shared: map[string]any{}, sharedFrom: map[string]string{},
	}
	trees := map[string]map[string]any{}
	var sources []source
	for _, d := range cfg.Documents {
		raw, ok := upstream[d.Name]
		if !ok {
			return nil, fmt.Errorf("document %s: not given", d.Name)
		}
		up, err := decode(raw)
		if err != nil {
			return nil, fmt.Errorf("document %s: %w", d.Name, err)
		}
		trees[d.Name] = up
		sum := sha256.Sum256(raw)
		sources = append(sources, source{name: d.Name, file: d.File, version: asString(asMap(up["info"])["version"]), sha256: hex.EncodeToString(sum[:])})
		for upName := range asMap(asMap(up["components"])["schemas"]) {
			n.names[n.rename(upName)] = true
		}
	}
	paths := map[string]any{}
	for _, d := range cfg.Documents {
		n.read(d.Name, trees[d.Name])
		for path, item := range n.paths(d.Operations) {
			if _, ok := paths[path]; ok {
				n.fail("path %s is in %s and in an earlier document; keep its operations of one", path, d.Name)
				continue
			}
			paths[path] = item
		}
		n.drain()
		n.keepServers()
		n.keepShared("security")
		n.keepSchemes()
		n.keepTags()
	}
	n.doc = ""
	n.applyRequired()
	n.prune(paths)
	n.serverFilled()
	var applied []Deviation
	if withDeviations {
		applied = n.deviate()
	}
	if len(n.errs) > 0 {
		slices.Sort(n.errs)
		return nil, fmt.Errorf("cannot normalize:\n  %s", strings.Join(slices.Compact(n.errs), "\n  "))
	}
	doc := map[string]any{
		"openapi": n.shared["openapi"],
		"paths":   paths,
	}
	for _, k := range []string{"servers", "security"} {
		if s, ok := n.shared[k]; ok {
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
	for _, k := range []string{"servers", "tags", "paths", "components"} {
		n.stripProse(doc[k])
	}
	missing, unused := describe(doc, cfg.Texts)
	doc["info"] = n.info(sources)
	out, err := encode(doc, header(sources, applied))
	if err != nil {
		return nil, err
	}
	return &Result{Fragment: out, Undescribed: missing, Unused: unused}, nil
}

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
func (n *normalizer) keepShared(k string) {
	if v, ok := n.up[k]; ok {
		n.keepSharedValue(k, v)
		if k == "security" {
			n.useSchemes(v)
		}
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

func header(sources []source, applied []Deviation) string {
	var b strings.Builder
	b.WriteString("Code generated by gen/normalize from the documents in spec/upstream/\n")
	b.WriteString("and gen/normalize.yaml; its texts are ours, from gen/descriptions.yaml.\n")
	b.WriteString("DO NOT EDIT: change the configuration or the texts and run make generate.\n")
	b.WriteString("Upstream sha256:\n")
	for _, s := range sources {
		fmt.Fprintf(&b, "  %s %s\n", s.sha256, s.file)
	}
	if len(applied) > 0 {
		b.WriteString("\nDeliberate deviations from upstream:\n")
		for _, d := range applied {
			fmt.Fprintf(&b, "- %s: set %s.\n", d.Schema, strings.Join(slices.Sorted(maps.Keys(d.Set)), ", "))
			b.WriteString(wrap(d.Reason, "  ", 78))
		}
	}
	return strings.TrimRight(b.String(), "\n")
}

// wrap breaks text into lines of at most width characters, each indented.
func wrap(text, indent string, width int) string {
	var b strings.Builder
	line := indent
	for _, word := range strings.Fields(text) {
		if len(line) > len(indent) && len(line)+1+len(word) > width {
			b.WriteString(line + "\n")
			line = indent
		}
		if len(line) > len(indent) {
			line += " "
		}
		line += word
	}
	if len(line) > len(indent) {
		b.WriteString(line + "\n")
	}
	return b.String()
}

func (n *normalizer) fail(format string, args ...any) {
	if n.doc != "" {
		format = n.doc + ": " + format
	}
	n.errs = append(n.errs, fmt.Sprintf(format, args...))
}

// info names the fragment's version after its sources: the first
// document's version, and the digest of every document's digest.
func (n *normalizer) info(sources []source) map[string]any {
	all := sha256.New()
	var list []any
	for _, s := range sources {
		all.Write([]byte(s.sha256))
		list = append(list, map[string]any{"document": s.name, "version": s.version, "sha256": s.sha256})
	}
	digest := hex.EncodeToString(all.Sum(nil))
	return map[string]any{
		"title":       n.cfg.Info.Title,
		"description": n.cfg.Info.Description,
		"version":     sources[0].version + "+upstream." + digest[:12],
		"x-upstream":  list,
	}
}

var methods = []string{"get", "put", "post", "delete", "options", "head", "patch", "trace"}

// paths keeps the configured operations of the document being read.
func (n *normalizer) paths(operations []string) map[string]any {
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

func (n *normalizer) useSchemes(security any) {
	for _, req := range asList(security) {
		for name := range asMap(req) {
			n.schemes[name] = true
		}
	}
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
	if prev, ok := n.params[compName]; ok && meaning(prev) != meaning(clean) && !n.namedParameter(opID, in, name) {
		// Documents may bound or spell a parameter differently (page_size
		// goes to 1000 in one, 100 in another): one that differs from the
		// first of its name is named after its operation's resource too.
		_, resource := n.verb(opID)
		compName = resource + compName
	}
	if prev, ok := n.params[compName]; ok {
		if meaning(prev) != meaning(clean) {
			n.fail("parameter %q (%s) of %s differs from another of that name (component %s); name it apart in gen/normalize.yaml parameters (%q)", name, in, opID, compName, opID+":"+in+" "+name)
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

// meaning is a tree's canonical spelling without descriptions, which say
// the same thing in different words from one operation to the next.
func meaning(v any) string {
	return canonical(stripKeys(clone(v), "description"))
}

func stripKeys(v any, keys ...string) any {
	switch x := v.(type) {
	case map[string]any:
		for _, k := range keys {
			delete(x, k)
		}
		for _, e := range x {
			stripKeys(e, keys...)
		}
	case []any:
		for _, e := range x {
			stripKeys(e, keys...)
		}
	}
	return v
}

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

func (n *normalizer) renameResponse(upName string) string {
	if v, ok := n.docRename(upName); ok {
		return v
	}
	if v, ok := n.cfg.Rename[upName]; ok {
		return v
	}
	return upName
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

// body writes a request or response body. A body that is a $ref, or an
// allOf of a $ref and overlays carrying only examples, becomes the $ref.
// One whose overlays add required lists becomes a named schema: the
// referenced one with those lists merged in, named name (requests) or the
// referenced name plus role; a role other than "" shares the Go type of the
// plain name through x-go-type. Requests leave out read-only properties.
func (n *normalizer) body(schema map[string]any, name, role string, request bool, at string) any {
	base, overlays, ok := splitAllOf(schema)
	if !ok {
		if ref := asString(schema["$ref"]); ref != "" {
			return n.ref(strings.TrimPrefix(ref, schemaPrefix))
		}
		return n.schema(clone(schema), "", "")
	}
	req := n.overlayRequired(overlays, at)
	if len(req) == 0 {
		return n.ref(base)
	}
	baseName := n.rename(base)
	if name == "" {
		name = baseName + role
	}
	variant := asMap(n.schema(clone(n.upSchema[base]), baseName, ""))
	if request {
		n.dropReadOnly(variant)
	}
	n.applyOverlay(variant, req, name)
	if role != "" {
		// The Go type oapi-codegen names the schema: DNSRecord for DnsRecord.
		variant["x-go-type"] = goTypeName(baseName)
	}
	n.put(name, variant, at+" of "+n.doc)
	return map[string]any{"$ref": schemaPrefix + name}
}

// splitAllOf returns the referenced schema and the other parts of an
// `allOf: [{$ref}, overlays...]`.
func splitAllOf(schema map[string]any) (string, []any, bool) {
	parts := asList(schema["allOf"])
	if len(parts) == 0 {
		return "", nil, false
	}
	ref := asString(asMap(parts[0])["$ref"])
	if ref == "" {
		return "", nil, false
	}
	return strings.TrimPrefix(ref, schemaPrefix), parts[1:], true
}

// overlayRequired collects the required lists of overlays, by property
// path ("" for the schema itself, "spec" for its spec property, "data[]"
// for the items of data). Overlays may carry only properties, items, required, type, description and
// examples; anything else is a change the normalizer does not understand.
func (n *normalizer) overlayRequired(overlays []any, at string) map[string][]string {
	out := map[string][]string{}
	var walk func(o map[string]any, path string)
	walk = func(o map[string]any, path string) {
		for k, v := range o {
			switch k {
			case "required":
				out[path] = union(out[path], stringList(v))
			case "properties":
				for prop, sub := range asMap(v) {
					walk(asMap(sub), strings.TrimPrefix(path+"."+prop, "."))
				}
			case "items":
				walk(asMap(v), path+"[]")
			case "type", "description", "example", "examples", "title":
			default:
				if !strings.HasPrefix(k, "x-") {
					n.fail("%s: an allOf overlay sets %q at %q, which the normalizer does not merge; add the rule to gen/normalize", at, k, path)
				}
			}
		}
	}
	for _, o := range overlays {
		walk(asMap(o), "")
	}
	if len(out) == 1 && len(out[""]) == 0 {
		return nil
	}
	return out
}

func union(a, b []string) []string {
	out := slices.Clone(a)
	for _, s := range b {
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

// applyOverlay merges required lists into a schema: its own list into it,
// a property's into the component that property refers to (recorded, and
// checked for agreement across every overlay, in applyRequired).
func (n *normalizer) applyOverlay(schema map[string]any, req map[string][]string, at string) {
	for _, path := range slices.Sorted(maps.Keys(req)) {
		names := req[path]
		target := schema
		if path != "" {
			for prop := range strings.SplitSeq(path, ".") {
				target = asMap(asMap(target["properties"])[prop])
			}
		}
		if target == nil {
			n.fail("%s: an overlay requires %v of property %q, which the schema does not have", at, names, path)
			continue
		}
		if ref := asString(target["$ref"]); ref != "" && path != "" {
			comp := strings.TrimPrefix(ref, schemaPrefix)
			if prev, ok := n.required[comp]; ok && !slices.Equal(sorted(prev.names), sorted(names)) {
				n.fail("%s: overlays disagree on what %s requires: %v (%s) and %v (%s); give the variants names apart in gen/normalize", comp, comp, prev.names, prev.at, names, at)
				continue
			}
			n.required[comp] = reqSet{names: names, at: at + "." + path}
			continue
		}
		if _, isRef := target["$ref"]; isRef {
			n.fail("%s: an overlay requires %v of a bare reference", at, names)
			continue
		}
		target["required"] = anyList(union(stringList(target["required"]), names))
	}
}

func (n *normalizer) applyRequired() {
	for _, comp := range slices.Sorted(maps.Keys(n.required)) {
		s := asMap(n.schemas[comp])
		if s == nil {
			n.fail("an overlay requires fields of %s, which the fragment does not have", comp)
			continue
		}
		s["required"] = anyList(union(stringList(s["required"]), n.required[comp].names))
	}
}

func sorted(s []string) []string { return slices.Sorted(slices.Values(s)) }

func anyList(s []string) []any {
	out := make([]any, len(s))
	for i, v := range s {
		out[i] = v
	}
	return out
}

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

// deviate applies the configured deviations, in order.
func (n *normalizer) deviate() []Deviation {
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
	return n.cfg.Deviations
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

// prune drops the component schemas nothing kept refers to: a request body
// leaves out read-only properties, so what only they referred to goes too.
func (n *normalizer) prune(paths map[string]any) {
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
