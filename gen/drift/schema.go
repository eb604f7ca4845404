package main

import (
	"fmt"
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// flat is the effective schema after $refs are followed and allOf parts
// merged: what a document says a value must look like, whatever way it is
// written.
type flat struct {
	types       []string
	format      string
	enum        []string
	pattern     string
	readOnly    bool
	nullable    bool
	uniqueItems bool
	minLength   uint64
	maxLength   *uint64
	min, max    *float64
	required    []string
	extEnum     []string
	// props collects every part's schema of each property; a property's
	// effective schema is the merge of its parts.
	props map[string][]*openapi3.SchemaRef
	items []*openapi3.SchemaRef
	oneOf []*openapi3.SchemaRef
	// discriminator property and mapping keys (the mapped refs are
	// compared through oneOf, since component names differ by document).
	discProp string
	discKeys []string
}

// flatten merges a schema and everything it is composed of with allOf.
// Parts that only repeat a property with no constraints (upstream's
// example overlays) merge into nothing.
func flatten(refs ...*openapi3.SchemaRef) *flat {
	f := &flat{props: map[string][]*openapi3.SchemaRef{}}
	for _, r := range refs {
		f.merge(r, 0)
	}
	slices.Sort(f.required)
	f.required = slices.Compact(f.required)
	return f
}

func (f *flat) merge(r *openapi3.SchemaRef, depth int) {
	if r == nil || r.Value == nil || depth > 32 {
		return
	}
	s := r.Value
	if s.Type != nil && len(*s.Type) > 0 {
		f.types = slices.Sorted(slices.Values(s.Type.Slice()))
	}
	if s.Format != "" {
		f.format = s.Format
	}
	if len(s.Enum) > 0 {
		f.enum = f.enum[:0]
		for _, v := range s.Enum {
			f.enum = append(f.enum, fmt.Sprint(v))
		}
		slices.Sort(f.enum)
	}
	if s.Pattern != "" {
		f.pattern = s.Pattern
	}
	f.readOnly = f.readOnly || s.ReadOnly
	f.nullable = f.nullable || s.Nullable
	f.uniqueItems = f.uniqueItems || s.UniqueItems
	if s.MinLength > 0 {
		f.minLength = s.MinLength
	}
	if s.MaxLength != nil {
		f.maxLength = s.MaxLength
	}
	if s.Min != nil {
		f.min = s.Min
	}
	if s.Max != nil {
		f.max = s.Max
	}
	f.required = append(f.required, s.Required...)
	if ext, ok := s.Extensions["x-extensible-enum"].([]any); ok {
		f.extEnum = f.extEnum[:0]
		for _, v := range ext {
			f.extEnum = append(f.extEnum, fmt.Sprint(v))
		}
		slices.Sort(f.extEnum)
	}
	for name, p := range s.Properties {
		f.props[name] = append(f.props[name], p)
	}
	if s.Items != nil {
		f.items = append(f.items, s.Items)
	}
	if len(s.OneOf) > 0 {
		f.oneOf = s.OneOf
	}
	if s.Discriminator != nil {
		f.discProp = s.Discriminator.PropertyName
		f.discKeys = f.discKeys[:0]
		for k := range s.Discriminator.Mapping {
			f.discKeys = append(f.discKeys, k)
		}
		slices.Sort(f.discKeys)
	}
	for _, part := range s.AllOf {
		f.merge(part, depth+1)
	}
}

// mode says which side of an exchange a schema describes.
type mode int

const (
	asResponse mode = iota
	// asRequest drops read-only properties on both sides: OpenAPI 3.0 says
	// they are not sent in requests, and the fragment leaves them out of
	// request bodies.
	asRequest
)

// differ walks two schemas and reports every structural difference.
type differ struct {
	mode  mode
	out   *[]string
	where string
}

func (d differ) report(path, what string, frag, up any) {
	if path == "" {
		path = "."
	}
	*d.out = append(*d.out, fmt.Sprintf("%s: %s: %s: fragment %s, upstream %s", d.where, path, what, show(frag), show(up)))
}

func show(v any) string {
	switch v := v.(type) {
	case []string:
		if len(v) == 0 {
			return "(none)"
		}
		return "[" + strings.Join(v, ", ") + "]"
	case string:
		if v == "" {
			return "(none)"
		}
		return fmt.Sprintf("%q", v)
	case *uint64:
		if v == nil {
			return "(none)"
		}
		return fmt.Sprint(*v)
	case *float64:
		if v == nil {
			return "(none)"
		}
		return fmt.Sprint(*v)
	}
	return fmt.Sprint(v)
}

// visible lists the properties that count in this mode.
func (d differ) visible(f *flat) map[string]*flat {
	out := map[string]*flat{}
	for name, parts := range f.props {
		p := flatten(parts...)
		if d.mode == asRequest && p.readOnly {
			continue
		}
		out[name] = p
	}
	return out
}

func (d differ) requiredOf(f *flat, visible map[string]*flat) []string {
	var out []string
	for _, name := range f.required {
		if _, ok := visible[name]; ok || len(f.props) == 0 {
			out = append(out, name)
		}
	}
	return out
}

func (d differ) compare(path string, a, b *flat, depth int) {
	if depth > 32 {
		return
	}
	if !slices.Equal(a.types, b.types) {
		d.report(path, "type", a.types, b.types)
	}
	if a.format != b.format {
		d.report(path, "format", a.format, b.format)
	}
	if !slices.Equal(a.enum, b.enum) {
		d.report(path, "enum", a.enum, b.enum)
	}
	if !slices.Equal(a.extEnum, b.extEnum) {
		d.report(path, "x-extensible-enum", a.extEnum, b.extEnum)
	}
	if a.pattern != b.pattern {
		d.report(path, "pattern", a.pattern, b.pattern)
	}
	if a.readOnly != b.readOnly {
		d.report(path, "readOnly", a.readOnly, b.readOnly)
	}
	if a.nullable != b.nullable {
		d.report(path, "nullable", a.nullable, b.nullable)
	}
	if a.uniqueItems != b.uniqueItems {
		d.report(path, "uniqueItems", a.uniqueItems, b.uniqueItems)
	}
	if a.minLength != b.minLength {
		d.report(path, "minLength", a.minLength, b.minLength)
	}
	if !eqPtr(a.maxLength, b.maxLength) {
		d.report(path, "maxLength", a.maxLength, b.maxLength)
	}
	if !eqPtr(a.min, b.min) {
		d.report(path, "minimum", a.min, b.min)
	}
	if !eqPtr(a.max, b.max) {
		d.report(path, "maximum", a.max, b.max)
	}

	va, vb := d.visible(a), d.visible(b)
	if ra, rb := d.requiredOf(a, va), d.requiredOf(b, vb); !slices.Equal(ra, rb) {
		d.report(path, "required", ra, rb)
	}
	for _, name := range sortedKeys(va, vb) {
		pa, inA := va[name]
		pb, inB := vb[name]
		switch {
		case !inA:
			d.report(path+"."+name, "property", "missing", "present")
		case !inB:
			d.report(path+"."+name, "property", "present", "missing")
		default:
			d.compare(path+"."+name, pa, pb, depth+1)
		}
	}

	switch {
	case len(a.items) > 0 && len(b.items) > 0:
		d.compare(path+"[]", flatten(a.items...), flatten(b.items...), depth+1)
	case len(a.items) != len(b.items):
		d.report(path+"[]", "items", len(a.items) > 0, len(b.items) > 0)
	}

	if len(a.oneOf) != len(b.oneOf) {
		d.report(path, "oneOf branches", len(a.oneOf), len(b.oneOf))
	} else {
		for i := range a.oneOf {
			d.compare(fmt.Sprintf("%s.oneOf[%d]", path, i), flatten(a.oneOf[i]), flatten(b.oneOf[i]), depth+1)
		}
	}
	if a.discProp != b.discProp {
		d.report(path, "discriminator", a.discProp, b.discProp)
	}
	if !slices.Equal(a.discKeys, b.discKeys) {
		d.report(path, "discriminator mapping", a.discKeys, b.discKeys)
	}
}

func eqPtr[T comparable](a, b *T) bool {
	if a == nil || b == nil {
		return a == b
	}
	return *a == *b
}

func sortedKeys[V any](maps ...map[string]V) []string {
	var keys []string
	for _, m := range maps {
		for k := range m {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	return slices.Compact(keys)
}
