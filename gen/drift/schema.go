package main

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// effective is what a schema says once $refs are followed and its allOf
// parts are merged into one. Property, item and oneOf schemas stay as lists
// of parts and are merged only when the comparison reaches them, so a
// schema that refers back to itself does not recurse here.
type effective struct {
	types     []string
	format    string
	pattern   string
	enum      []string
	extEnum   []string // x-extensible-enum
	readOnly  bool
	nullable  bool
	unique    bool
	minLength *uint64
	maxLength *uint64
	minimum   *float64
	maximum   *float64
	required  []string
	props     map[string][]*openapi3.Schema
	items     []*openapi3.Schema
	oneOf     []*openapi3.Schema
	discProp  string
	mapping   map[string]*openapi3.Schema // discriminator key -> resolved target
}

// side is one of the two documents; it resolves discriminator mappings,
// which kin-openapi leaves as plain strings in the root document.
type side struct {
	doc   *openapi3.T
	names map[*openapi3.Schema]string // component schema -> its name
}

func newSide(doc *openapi3.T) side {
	names := map[*openapi3.Schema]string{}
	if doc.Components != nil {
		for name, ref := range doc.Components.Schemas {
			if ref != nil && ref.Value != nil {
				names[ref.Value] = name
			}
		}
	}
	return side{doc: doc, names: names}
}

// component names the component parts is, when it is exactly one.
func (s side) component(parts []*openapi3.Schema) string {
	if len(parts) != 1 {
		return ""
	}
	return s.names[parts[0]]
}

// flatten merges parts (each with its allOf parts, depth first) into one
// effective schema. A scalar keyword comes from the first part that sets it;
// booleans are true if any part says so; required lists are united; property
// schemas are collected per name. A part that only carries a description or
// an example therefore changes nothing, which is what makes upstream's
// example overlays, and `allOf: [{$ref: X}]` wrappers carrying only x-*
// extensions, come out the same as X itself.
func (s side) flatten(parts ...*openapi3.Schema) *effective {
	e := &effective{props: map[string][]*openapi3.Schema{}}
	seen := map[*openapi3.Schema]bool{}
	for _, p := range parts {
		s.absorb(e, p, seen)
	}
	slices.Sort(e.required)
	e.required = slices.Compact(e.required)
	return e
}

func (s side) absorb(e *effective, sc *openapi3.Schema, seen map[*openapi3.Schema]bool) {
	if sc == nil || seen[sc] {
		return
	}
	seen[sc] = true
	if e.types == nil && sc.Type != nil && len(*sc.Type) > 0 {
		e.types = slices.Sorted(slices.Values(sc.Type.Slice()))
	}
	if e.format == "" {
		e.format = sc.Format
	}
	if e.pattern == "" {
		e.pattern = sc.Pattern
	}
	if e.enum == nil && len(sc.Enum) > 0 {
		e.enum = render(sc.Enum)
	}
	if list, ok := sc.Extensions["x-extensible-enum"].([]any); ok && e.extEnum == nil {
		e.extEnum = render(list)
	}
	e.readOnly = e.readOnly || sc.ReadOnly
	e.nullable = e.nullable || sc.Nullable
	e.unique = e.unique || sc.UniqueItems
	if e.minLength == nil && sc.MinLength > 0 {
		v := sc.MinLength
		e.minLength = &v
	}
	if e.maxLength == nil {
		e.maxLength = sc.MaxLength
	}
	if e.minimum == nil {
		e.minimum = sc.Min
	}
	if e.maximum == nil {
		e.maximum = sc.Max
	}
	e.required = append(e.required, sc.Required...)
	for _, name := range keys(sc.Properties) {
		e.props[name] = append(e.props[name], value(sc.Properties[name]))
	}
	if sc.Items != nil {
		e.items = append(e.items, value(sc.Items))
	}
	if e.oneOf == nil && len(sc.OneOf) > 0 {
		for _, r := range sc.OneOf {
			e.oneOf = append(e.oneOf, value(r))
		}
	}
	if e.discProp == "" && sc.Discriminator != nil {
		e.discProp = sc.Discriminator.PropertyName
		e.mapping = map[string]*openapi3.Schema{}
		for key, target := range sc.Discriminator.Mapping {
			e.mapping[key] = s.mappingTarget(target)
		}
	}
	for _, part := range sc.AllOf {
		s.absorb(e, value(part), seen)
	}
}

// mappingTarget resolves a discriminator mapping value: a local
// '#/components/schemas/Name' reference or a bare component name.
func (s side) mappingTarget(m openapi3.MappingRef) *openapi3.Schema {
	if m.Value != nil {
		return m.Value
	}
	name, local := strings.CutPrefix(m.Ref, "#/components/schemas/")
	if !local && strings.Contains(m.Ref, "/") {
		return nil
	}
	name = strings.NewReplacer("~1", "/", "~0", "~").Replace(name)
	if s.doc.Components == nil {
		return nil
	}
	return value(s.doc.Components.Schemas[name])
}

func value(r *openapi3.SchemaRef) *openapi3.Schema {
	if r == nil {
		return nil
	}
	return r.Value
}

// render spells enum values as JSON, sorted, so they compare as sets.
func render(values []any) []string {
	out := make([]string, 0, len(values))
	for _, v := range values {
		b, err := json.Marshal(v)
		if err != nil {
			b = []byte(fmt.Sprint(v))
		}
		out = append(out, string(b))
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// mode says which side of an exchange a schema describes.
type mode int

const (
	// everything is compared: response bodies, headers, parameters.
	asResponse mode = iota
	// asRequest applies the readOnly rule. OpenAPI 3.0 says a readOnly
	// property is not sent in requests, so the fragment's request bodies
	// leave out what upstream marks readOnly (upstream writes a create
	// body as the whole resource plus overlays). In this mode a property
	// whose effective schema is readOnly is dropped before the comparison,
	// and so is any `required` entry naming it. It is dropped on both
	// sides, not only upstream, because the fragment shares component
	// schemas between requests and responses (a reference's readOnly
	// `related` appears in both) and those can only be dropped, not
	// omitted. A property readOnly on one side only is still reported.
	asRequest
)

// schemaDiff walks two schemas side by side and reports each difference
// through emit, with a JSON-path-like location.
type schemaDiff struct {
	frag, up side
	mode     mode
	// emit reports a difference in group (an operation's place, or
	// "schema Name" once the walk enters a component of the fragment) at
	// loc, a JSON-path-like location inside it.
	emit func(group, loc, msg string)
	// active holds the pairs being compared on the current path, so a
	// recursive schema is walked once per path and not forever.
	active map[string]bool
	// aliasPrefix, when set, makes a fragment's mapping key that is the
	// prefix before another of its keys, with the same target, declared
	// rather than drift; aliased is told of each.
	aliasPrefix string
	aliased     func(group, key string)
}

func (d *schemaDiff) compare(group, loc string, f, u []*openapi3.Schema) {
	if name := d.frag.component(f); name != "" {
		// Differences inside a component are reported once, under its
		// name, however many operations reach it.
		group, loc = "schema "+name, "."
	}
	key := group + "|" + partsKey(f) + "|" + partsKey(u)
	if d.active[key] {
		return
	}
	d.active[key] = true
	defer delete(d.active, key)

	ef, eu := d.frag.flatten(f...), d.up.flatten(u...)
	d.scalar(group, loc, "type", strings.Join(ef.types, ","), strings.Join(eu.types, ","))
	d.scalar(group, loc, "format", ef.format, eu.format)
	d.scalar(group, loc, "pattern", ef.pattern, eu.pattern)
	d.set(group, loc, "enum value", ef.enum, eu.enum)
	d.set(group, loc, "x-extensible-enum value", ef.extEnum, eu.extEnum)
	d.scalar(group, loc, "readOnly", boolStr(ef.readOnly), boolStr(eu.readOnly))
	d.scalar(group, loc, "nullable", boolStr(ef.nullable), boolStr(eu.nullable))
	d.scalar(group, loc, "uniqueItems", boolStr(ef.unique), boolStr(eu.unique))
	d.scalar(group, loc, "minLength", num(ef.minLength), num(eu.minLength))
	d.scalar(group, loc, "maxLength", num(ef.maxLength), num(eu.maxLength))
	d.scalar(group, loc, "minimum", num(ef.minimum), num(eu.minimum))
	d.scalar(group, loc, "maximum", num(ef.maximum), num(eu.maximum))
	d.properties(group, loc, ef, eu)
	d.itemsOf(group, loc, ef, eu)
	d.variants(group, loc, ef, eu)
}

func (d *schemaDiff) properties(group, loc string, ef, eu *effective) {
	fp, fDropped := d.visible(d.frag, ef)
	up, uDropped := d.visible(d.up, eu)
	d.set(group, loc, "required", without(ef.required, fDropped), without(eu.required, uDropped))
	names := append(union(fp, up), union(fDropped, uDropped)...)
	slices.Sort(names)
	for _, name := range slices.Compact(names) {
		fParts, inF := fp[name]
		uParts, inU := up[name]
		switch {
		case inF && inU:
			d.compare(group, child(loc, name), fParts, uParts)
		case inF && uDropped[name]:
			d.emit(group, loc, fmt.Sprintf("property %q is sent in requests in the fragment but readOnly upstream", name))
		case inU && fDropped[name]:
			d.emit(group, loc, fmt.Sprintf("property %q is readOnly in the fragment but sent in requests upstream", name))
		case inF:
			d.emit(group, loc, fmt.Sprintf("property %q missing upstream", name))
		case inU:
			d.emit(group, loc, fmt.Sprintf("property %q missing in fragment", name))
		}
	}
}

// visible splits the properties into those compared in this mode and
// those the readOnly rule drops.
func (d *schemaDiff) visible(s side, e *effective) (map[string][]*openapi3.Schema, map[string]bool) {
	keep := map[string][]*openapi3.Schema{}
	dropped := map[string]bool{}
	for name, parts := range e.props {
		if d.mode == asRequest && s.flatten(parts...).readOnly {
			dropped[name] = true
			continue
		}
		keep[name] = parts
	}
	return keep, dropped
}

func (d *schemaDiff) itemsOf(group, loc string, ef, eu *effective) {
	switch {
	case len(ef.items) > 0 && len(eu.items) > 0:
		d.compare(group, loc+"[]", ef.items, eu.items)
	case len(ef.items) > 0:
		d.emit(group, loc, "items schema missing upstream")
	case len(eu.items) > 0:
		d.emit(group, loc, "items schema missing in fragment")
	}
}

// variants compares oneOf branches, then the discriminator: its property
// name, its mapping keys, and for each key the schemas the two mappings
// point at (the component names differ between the documents, so the
// reference strings themselves mean nothing). Branches are paired by their
// discriminator value when every branch has one, so a reordered oneOf is no
// difference; otherwise by position.
func (d *schemaDiff) variants(group, loc string, ef, eu *effective) {
	done := map[[2]*openapi3.Schema]bool{}
	fk, fOK := d.frag.branchKeys(ef)
	uk, uOK := d.up.branchKeys(eu)
	if fOK && uOK {
		for _, key := range union(fk, uk) {
			fb, inF := fk[key]
			ub, inU := uk[key]
			switch {
			case !inU:
				d.emit(group, loc, fmt.Sprintf("oneOf variant %q missing upstream", key))
			case !inF:
				d.emit(group, loc, fmt.Sprintf("oneOf variant %q missing in fragment", key))
			default:
				done[[2]*openapi3.Schema{fb, ub}] = true
				d.compare(group, fmt.Sprintf("%s/oneOf[%s]", loc, key), []*openapi3.Schema{fb}, []*openapi3.Schema{ub})
			}
		}
	} else {
		if len(ef.oneOf) != len(eu.oneOf) {
			d.scalar(group, loc, "oneOf branch count", fmt.Sprint(len(ef.oneOf)), fmt.Sprint(len(eu.oneOf)))
		}
		for i := range min(len(ef.oneOf), len(eu.oneOf)) {
			pair := [2]*openapi3.Schema{ef.oneOf[i], eu.oneOf[i]}
			done[pair] = true
			d.compare(group, fmt.Sprintf("%s/oneOf[%d]", loc, i), pair[:1], pair[1:])
		}
	}
	d.scalar(group, loc, "discriminator propertyName", ef.discProp, eu.discProp)
	fkeys := d.declaredAliasesOut(group, ef, eu)
	d.set(group, loc, "discriminator mapping key", fkeys, keys(eu.mapping))
	for _, key := range fkeys {
		ft := ef.mapping[key]
		ut, ok := eu.mapping[key]
		if !ok {
			continue
		}
		switch {
		case ft == nil || ut == nil:
			d.scalar(group, loc, fmt.Sprintf("discriminator mapping %q target", key), resolved(ft), resolved(ut))
		case !done[[2]*openapi3.Schema{ft, ut}]:
			d.compare(group, fmt.Sprintf("%s/mapping[%s]", loc, key), []*openapi3.Schema{ft}, []*openapi3.Schema{ut})
		}
	}
}

// declaredAliasesOut is the fragment's mapping keys without its declared
// kind aliases: a key upstream lacks that is the alias prefix before
// another key of the fragment, both naming the same variant.
func (d *schemaDiff) declaredAliasesOut(group string, ef, eu *effective) []string {
	out := keys(ef.mapping)
	if d.aliasPrefix == "" {
		return out
	}
	return slices.DeleteFunc(out, func(k string) bool {
		base, ok := strings.CutPrefix(k, d.aliasPrefix)
		if _, upstream := eu.mapping[k]; !ok || upstream {
			return false
		}
		if t, ok := ef.mapping[base]; !ok || t == nil || t != ef.mapping[k] {
			return false
		}
		if d.aliased != nil {
			d.aliased(group, k)
		}
		return true
	})
}

// branchKeys names each oneOf branch by its discriminator value: the
// single enum value of its discriminator property, else the first mapping
// key that points at it. ok is false when some branch has no value.
func (s side) branchKeys(e *effective) (map[string]*openapi3.Schema, bool) {
	if e.discProp == "" || len(e.oneOf) == 0 {
		return nil, false
	}
	out := map[string]*openapi3.Schema{}
	for _, b := range e.oneOf {
		key := ""
		if p := s.flatten(b).props[e.discProp]; len(p) > 0 {
			if enum := s.flatten(p...).enum; len(enum) == 1 {
				key = strings.Trim(enum[0], `"`)
			}
		}
		for _, k := range keys(e.mapping) {
			if key == "" && e.mapping[k] == b {
				key = k
			}
		}
		if key == "" {
			return nil, false
		}
		out[key] = b
	}
	return out, true
}

// scalar reports a keyword whose values differ; "" means unset.
func (d *schemaDiff) scalar(group, loc, what, f, u string) {
	if f != u {
		d.emit(group, loc, differs(what, f, u))
	}
}

// set reports each value present on one side only.
func (d *schemaDiff) set(group, loc, what string, f, u []string) {
	for _, v := range f {
		if !slices.Contains(u, v) {
			d.emit(group, loc, fmt.Sprintf("%s %s missing upstream", what, quote(v)))
		}
	}
	for _, v := range u {
		if !slices.Contains(f, v) {
			d.emit(group, loc, fmt.Sprintf("%s %s missing in fragment", what, quote(v)))
		}
	}
}

func differs(what, f, u string) string {
	return fmt.Sprintf("%s differs (fragment: %s, upstream: %s)", what, orNone(f), orNone(u))
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

// quote leaves JSON-rendered values (enums) as they are and quotes names.
func quote(s string) string {
	if strings.HasPrefix(s, `"`) {
		return s
	}
	return fmt.Sprintf("%q", s)
}

func boolStr(b bool) string {
	return fmt.Sprint(b)
}

func num[T uint64 | float64](p *T) string {
	if p == nil {
		return ""
	}
	return fmt.Sprint(*p)
}

func resolved(s *openapi3.Schema) string {
	if s == nil {
		return "unresolved"
	}
	return "resolved"
}

func child(loc, name string) string {
	if loc == "." {
		return "." + name
	}
	return loc + "." + name
}

func without(list []string, drop map[string]bool) []string {
	return slices.DeleteFunc(slices.Clone(list), func(s string) bool { return drop[s] })
}

func partsKey(parts []*openapi3.Schema) string {
	var b strings.Builder
	for _, p := range parts {
		fmt.Fprintf(&b, "%p,", p)
	}
	return b.String()
}

func keys[V any](m map[string]V) []string {
	return slices.Sorted(maps.Keys(m))
}

// union lists the keys of all the maps, sorted and once each.
func union[V any](ms ...map[string]V) []string {
	var all []string
	for _, m := range ms {
		all = append(all, keys(m)...)
	}
	slices.Sort(all)
	return slices.Compact(all)
}
