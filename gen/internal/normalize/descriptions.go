package normalize

import (
	"cmp"
	"fmt"
	"maps"
	"net/http"
	"os"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Descriptions is gen/descriptions.yaml: every text of the fragment that a
// reader reads (descriptions and summaries), written by us. None comes from
// upstream: the normalizer drops upstream's prose and sets these instead,
// keyed by what they describe. A place without an entry gets no text (an
// answer, which OpenAPI requires to have one, gets its HTTP status text);
// Undescribed lists those places.
type Descriptions struct {
	// Servers by URL.
	Servers map[string]string `yaml:"servers"`
	// Tags by name.
	Tags map[string]string `yaml:"tags"`
	// SecuritySchemes by component name.
	SecuritySchemes map[string]string `yaml:"security-schemes"`
	// Operations by upstream operationId.
	Operations map[string]OperationText `yaml:"operations"`
	// Parameters by component name (ID, PageSize, ...); a key with a '*'
	// is a pattern (patterns.go).
	Parameters map[string]string `yaml:"parameters"`
	// Responses by component name (NotFound, RateLimited, ...).
	Responses map[string]string `yaml:"responses"`
	// Headers by header name, wherever an answer carries them.
	Headers map[string]string `yaml:"headers"`
	// Schemas by component name ("PrivateLinkAccess"), and their properties
	// by path ("PrivateLinkAccess.id", "ListMeta.next"; "Name.list[].field"
	// inside the items of an inline list). A schema that shares another's
	// Go type (x-go-type) takes that schema's property texts where it has
	// none of its own. A key with a '*' is a pattern, and a text may say
	// {enum} (patterns.go).
	Schemas map[string]string `yaml:"schemas"`
}

// OperationText is what is said of one operation and its answers.
type OperationText struct {
	Summary     string `yaml:"summary"`
	Description string `yaml:"description"`
	// Responses by status code, for answers written inline (not $refs).
	Responses map[string]string `yaml:"responses"`
}

func loadDescriptions(path string) (*Descriptions, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var d Descriptions
	dec := yaml.NewDecoder(bytesReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&d); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return &d, nil
}

// Entries maps every key of the file, spelled as Undescribed spells it
// ("schemas: ListMeta.next", "operations: getX.summary"), to its text.
func (d *Descriptions) Entries() map[string]string {
	out := map[string]string{}
	add := func(section string, m map[string]string) {
		for k, text := range m {
			out[section+": "+k] = text
		}
	}
	add("servers", d.Servers)
	add("tags", d.Tags)
	add("security-schemes", d.SecuritySchemes)
	add("parameters", d.Parameters)
	add("responses", d.Responses)
	add("headers", d.Headers)
	add("schemas", d.Schemas)
	for id, op := range d.Operations {
		if op.Summary != "" {
			out["operations: "+id+".summary"] = op.Summary
		}
		if op.Description != "" {
			out["operations: "+id+".description"] = op.Description
		}
		for code, text := range op.Responses {
			out["operations: "+id+".responses."+code] = text
		}
	}
	return out
}

// proseKeys are the keywords whose values are text for readers.
var proseKeys = []string{"description", "summary", "title", "externalDocs"}

// nameMaps are the keywords whose values map names (properties, status
// codes, media types, ...) to objects: their keys are names, never keywords.
var nameMaps = []string{"properties", "paths", "schemas", "parameters", "responses", "headers",
	"securitySchemes", "content", "mapping", "encoding", "links", "callbacks", "variables",
	"requestBodies", "examples", "patternProperties"}

// dataKeys hold values, not OpenAPI objects: nothing inside them is prose
// to drop (an enum value or a default that happens to be called summary).
var dataKeys = []string{"enum", "default", "example", "required"}

// stripProse drops every reader's text from a tree copied from upstream,
// so that only ours (applied afterwards) remains; every structural keyword
// stays.
func (n *normalizer) stripProse(v any) {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			switch {
			case slices.Contains(proseKeys, k):
				delete(x, k)
			case slices.Contains(dataKeys, k), strings.HasPrefix(k, "x-"):
				// Values, and extensions gen/normalize.yaml or the
				// normalizer chose to keep.
			case k == "scopes":
				// OAuth scopes map names to texts: the names stay.
				for name := range asMap(e) {
					asMap(e)[name] = ""
				}
			case slices.Contains(nameMaps, k):
				if m, ok := e.(map[string]any); ok {
					for _, obj := range m {
						n.stripProse(obj)
					}
				} else {
					n.stripProse(e)
				}
			default:
				n.stripProse(e)
			}
		}
	case []any:
		for _, e := range x {
			n.stripProse(e)
		}
	}
}

// describer sets our texts on the fragment and records the places left
// without one and the keys used.
type describer struct {
	d       *Descriptions
	used    map[string]bool
	missing []string
}

// set puts text under keyword k of m when there is one; otherwise it
// records the place (key) as missing and puts fallback, if any.
func (w *describer) set(m map[string]any, k, key, text, fallback string) {
	switch {
	case text != "":
		m[k] = text
		w.used[key] = true
	default:
		w.missing = append(w.missing, key)
		if fallback != "" {
			m[k] = fallback
		}
	}
}

// describe applies the descriptions to the fragment's document.
func describe(doc map[string]any, d *Descriptions) (missing, unused []string) {
	if d == nil {
		d = &Descriptions{}
	}
	w := &describer{d: d, used: map[string]bool{}}
	for _, s := range asList(doc["servers"]) {
		url := asString(asMap(s)["url"])
		w.set(asMap(s), "description", "servers: "+url, d.Servers[url], "")
	}
	for _, t := range asList(doc["tags"]) {
		name := asString(asMap(t)["name"])
		w.set(asMap(t), "description", "tags: "+name, d.Tags[name], "")
	}
	paths := asMap(doc["paths"])
	for _, path := range slices.Sorted(maps.Keys(paths)) {
		item := asMap(paths[path])
		for _, m := range methods {
			if op := asMap(item[m]); op != nil {
				w.operation(op)
			}
		}
	}
	comps := asMap(doc["components"])
	for _, name := range slices.Sorted(maps.Keys(asMap(comps["securitySchemes"]))) {
		w.set(asMap(asMap(comps["securitySchemes"])[name]), "description", "security-schemes: "+name, d.SecuritySchemes[name], "")
	}
	for _, name := range slices.Sorted(maps.Keys(asMap(comps["parameters"]))) {
		param := asMap(asMap(comps["parameters"])[name])
		text, used := lookup(d.Parameters, []string{name}, param)
		w.set(param, "description", "parameters: "+cmp.Or(used, name), text, "")
	}
	for _, name := range slices.Sorted(maps.Keys(asMap(comps["responses"]))) {
		r := asMap(asMap(comps["responses"])[name])
		w.set(r, "description", "responses: "+name, d.Responses[name], name)
		w.headers(r)
	}
	schemas := asMap(comps["schemas"])
	// x-go-type spells a Go type name (DNSRecord); the texts are keyed by
	// component name (DnsRecord).
	byGoName := map[string]string{}
	for name := range schemas {
		byGoName[goTypeName(name)] = name
	}
	for _, name := range slices.Sorted(maps.Keys(schemas)) {
		s := asMap(schemas[name])
		w.schema(s, name, "")
		shared := asString(s["x-go-type"])
		w.properties(s, name, cmp.Or(byGoName[shared], shared))
	}
	for _, k := range slices.Sorted(maps.Keys(d.Entries())) {
		if !w.used[k] {
			unused = append(unused, k)
		}
	}
	slices.Sort(w.missing)
	return slices.Compact(w.missing), unused
}

func (w *describer) operation(op map[string]any) {
	id := asString(op["operationId"])
	text := w.d.Operations[id]
	key := "operations: " + id
	w.set(op, "summary", key+".summary", text.Summary, "")
	w.set(op, "description", key+".description", text.Description, "")
	responses := asMap(op["responses"])
	for _, code := range slices.Sorted(maps.Keys(responses)) {
		r := asMap(responses[code])
		if _, isRef := r["$ref"]; isRef {
			continue
		}
		w.set(r, "description", key+".responses."+code, text.Responses[code], statusText(code))
		w.headers(r)
	}
}

// statusText is the neutral text of an answer we have not described:
// OpenAPI requires every answer to have one.
func statusText(code string) string {
	var n int
	if _, err := fmt.Sscanf(code, "%d", &n); err == nil && http.StatusText(n) != "" {
		return http.StatusText(n) + "."
	}
	return "Answer " + code + "."
}

func (w *describer) headers(r map[string]any) {
	headers := asMap(r["headers"])
	for _, name := range slices.Sorted(maps.Keys(headers)) {
		h := asMap(headers[name])
		if _, isRef := h["$ref"]; isRef {
			continue
		}
		w.set(h, "description", "headers: "+name, w.d.Headers[name], "")
	}
}

// properties describes the properties of schema s (at key path at), down
// through inline objects and lists; a $ref property says nothing of its
// own (OpenAPI 3.0 ignores what sits beside a $ref). shared is the schema
// whose Go type s shares, whose texts s falls back on.
func (w *describer) properties(s map[string]any, at, shared string) {
	props := asMap(s["properties"])
	for _, name := range slices.Sorted(maps.Keys(props)) {
		p := asMap(props[name])
		if p == nil {
			continue
		}
		if _, isRef := p["$ref"]; isRef {
			continue
		}
		key := at + "." + name
		w.schema(p, key, shared)
		w.nested(p, key, shared)
	}
}

// schema describes the schema or property obj at key (of the schemas
// section), falling back on the schema whose Go type it shares and on the
// patterns (patterns.go).
func (w *describer) schema(obj map[string]any, key, shared string) {
	if text, used := w.d.schemaText(key, shared, obj); text != "" {
		obj["description"] = text
		w.used["schemas: "+used] = true
		return
	}
	w.missing = append(w.missing, "schemas: "+key)
}

// nested goes into the inline object or list items a property holds.
func (w *describer) nested(p map[string]any, key, shared string) {
	w.properties(p, key, shared)
	if items := asMap(p["items"]); items != nil {
		if _, isRef := items["$ref"]; !isRef {
			w.nested(items, key+"[]", shared)
		}
	}
}
