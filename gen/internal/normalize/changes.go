package normalize

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Changes compares two fragments part by part (each operation, and each
// component by kind and name) and describes what differs: a part added or
// changed is shown with its new definition, a removed part by name. It
// returns "" when the two say the same thing.
func Changes(oldDoc, newDoc []byte) (string, error) {
	before, err := decode(oldDoc)
	if err != nil {
		return "", fmt.Errorf("previous fragment: %w", err)
	}
	after, err := decode(newDoc)
	if err != nil {
		return "", fmt.Errorf("new fragment: %w", err)
	}
	oldParts, newParts := parts(before), parts(after)
	var b strings.Builder
	for _, key := range slices.Sorted(maps.Keys(union2(oldParts, newParts))) {
		o, inOld := oldParts[key]
		n, inNew := newParts[key]
		switch {
		case !inNew:
			fmt.Fprintf(&b, "%s: removed\n", key)
		case !inOld:
			fmt.Fprintf(&b, "%s: added\n%s", key, indent(n))
		case canonical(o) != canonical(n):
			fmt.Fprintf(&b, "%s: changed, now\n%s", key, indent(n))
		}
	}
	return b.String(), nil
}

// parts splits a fragment into its operations ("operation GET /path") and
// components ("schema Name", "parameter Name", ...).
func parts(doc map[string]any) map[string]any {
	out := map[string]any{}
	for path, item := range asMap(doc["paths"]) {
		for method, op := range asMap(item) {
			out["operation "+strings.ToUpper(method)+" "+path] = op
		}
	}
	kinds := map[string]string{"schemas": "schema", "parameters": "parameter", "responses": "response",
		"headers": "header", "requestBodies": "request body", "securitySchemes": "security scheme"}
	for kind, comps := range asMap(doc["components"]) {
		label := kinds[kind]
		if label == "" {
			label = kind
		}
		for name, c := range asMap(comps) {
			out[label+" "+name] = c
		}
	}
	return out
}

func union2(a, b map[string]any) map[string]any {
	out := maps.Clone(a)
	maps.Copy(out, b)
	return out
}

func indent(v any) string {
	var buf strings.Builder
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	err := enc.Encode(toNode(v, false))
	if err == nil {
		err = enc.Close()
	}
	text := buf.String()
	if err != nil {
		return fmt.Sprintf("    (cannot show: %v)\n", err)
	}
	var b strings.Builder
	for line := range strings.SplitSeq(strings.TrimRight(string(text), "\n"), "\n") {
		b.WriteString("    " + line + "\n")
	}
	return b.String()
}
