package normalize

import (
	"fmt"
	"slices"
	"strings"
)

// A key of the schemas or parameters section of gen/descriptions.yaml
// holding a '*' is a pattern: it gives its text to every schema, property
// or parameter whose key it matches and that has no text of its own, so that a property meaning the
// same in many schemas ("*.api_version", "*Status.error_code") is described
// once. '*' stands for any run of characters, dots included; nothing else
// is special. Where several patterns match, the one with the most
// characters other than '*' wins (the most specific), then the first in
// sorted order.
//
// A text may say {enum}: it is filled with the enum values of what it
// describes ("Always {enum}." on a kind whose enum is [AwsPeering] reads
// "Always AwsPeering."). On something without an enum such a text does not
// apply, and the place is listed as undescribed.

const enumHole = "{enum}"

// isPattern says whether a key of a section is a pattern.
func isPattern(key string) bool { return strings.Contains(key, "*") }

// globMatch reports whether key matches pattern, '*' matching any run of
// characters (dots and brackets included).
func globMatch(pattern, key string) bool {
	parts := strings.Split(pattern, "*")
	if len(parts) == 1 {
		return pattern == key
	}
	rest, ok := strings.CutPrefix(key, parts[0])
	if !ok {
		return false
	}
	last := parts[len(parts)-1]
	for _, part := range parts[1 : len(parts)-1] {
		i := strings.Index(rest, part)
		if i < 0 {
			return false
		}
		rest = rest[i+len(part):]
	}
	return len(rest) >= len(last) && strings.HasSuffix(rest, last)
}

// specificity is how many characters of a pattern are not '*'.
func specificity(pattern string) int { return len(pattern) - strings.Count(pattern, "*") }

// patterns lists the pattern keys of a section, most specific first.
func patterns(section map[string]string) []string {
	var out []string
	for k := range section {
		if isPattern(k) {
			out = append(out, k)
		}
	}
	slices.SortFunc(out, func(a, b string) int {
		if c := specificity(b) - specificity(a); c != 0 {
			return c
		}
		return strings.Compare(a, b)
	})
	return out
}

// fillEnum puts the enum values of obj into text's {enum}; ok is false
// when text has the hole but obj has no enum.
func fillEnum(text string, obj map[string]any) (string, bool) {
	if !strings.Contains(text, enumHole) {
		return text, true
	}
	var values []string
	for _, v := range asList(obj["enum"]) {
		values = append(values, fmt.Sprint(v))
	}
	if len(values) == 0 {
		return "", false
	}
	return strings.ReplaceAll(text, enumHole, joinOr(values)), true
}

// joinOr spells a list for a reader: "a", "a or b", "a, b or c".
func joinOr(values []string) string {
	if len(values) == 1 {
		return values[0]
	}
	return strings.Join(values[:len(values)-1], ", ") + " or " + values[len(values)-1]
}

// lookup finds the text of the place key of a section, which is obj: the
// entry of the first of keys (the place's own key, then those it falls
// back on) that has one; else the most specific pattern that matches
// key. used is the key of the entry the text comes from.
func lookup(section map[string]string, keys []string, obj map[string]any) (text, used string) {
	for _, k := range keys {
		if t, ok := fillEnum(section[k], obj); ok && t != "" {
			return t, k
		}
	}
	for _, p := range patterns(section) {
		if !globMatch(p, keys[0]) {
			continue
		}
		if t, ok := fillEnum(section[p], obj); ok && t != "" {
			return t, p
		}
	}
	return "", ""
}

// schemaText finds the text of the schema or property at key (a key of the
// schemas section, "AccessPointStatus.phase"), which is obj: its own
// entry; else, when shared names the schema whose Go type it shares, that
// schema's entry for the same place; else the most specific pattern that
// matches key.
func (d *Descriptions) schemaText(key, shared string, obj map[string]any) (text, used string) {
	keys := []string{key}
	if shared != "" {
		name, rest, _ := strings.Cut(key, ".")
		if name != shared && rest != "" {
			keys = append(keys, shared+"."+rest)
		}
	}
	return lookup(d.Schemas, keys, obj)
}
