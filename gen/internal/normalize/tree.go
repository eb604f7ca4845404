package normalize

import (
	"bytes"
	"fmt"
	"maps"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"
)

// The normalizer works on a plain tree: map[string]any for mappings, []any
// for sequences and Go scalars (string, int, float64, bool, nil). YAML
// anchors are expanded on the way in, and nothing of the input's layout
// survives, so the output depends only on the tree.

// decode reads a YAML (or JSON) document into a tree.
func decode(data []byte) (map[string]any, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, err
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) != 1 {
		return nil, fmt.Errorf("not a single YAML document")
	}
	v, err := fromNode(doc.Content[0])
	if err != nil {
		return nil, err
	}
	m, ok := v.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("the document is not a mapping")
	}
	return m, nil
}

func fromNode(n *yaml.Node) (any, error) {
	switch n.Kind {
	case yaml.AliasNode:
		return fromNode(n.Alias)
	case yaml.MappingNode:
		m := make(map[string]any, len(n.Content)/2)
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			if k.Kind != yaml.ScalarNode {
				return nil, fmt.Errorf("line %d: mapping key is not a scalar", k.Line)
			}
			if k.Value == "<<" {
				return nil, fmt.Errorf("line %d: YAML merge keys are not supported", k.Line)
			}
			val, err := fromNode(v)
			if err != nil {
				return nil, err
			}
			m[k.Value] = val
		}
		return m, nil
	case yaml.SequenceNode:
		s := make([]any, 0, len(n.Content))
		for _, c := range n.Content {
			val, err := fromNode(c)
			if err != nil {
				return nil, err
			}
			s = append(s, val)
		}
		return s, nil
	case yaml.ScalarNode:
		var v any
		if err := n.Decode(&v); err != nil {
			return nil, fmt.Errorf("line %d: %w", n.Line, err)
		}
		return v, nil
	}
	return nil, fmt.Errorf("line %d: unexpected YAML node", n.Line)
}

// topOrder puts the document's sections in the order a reader expects;
// every other mapping is written with its keys sorted.
var topOrder = []string{"openapi", "info", "servers", "security", "tags", "paths", "components"}

// encode writes the tree as YAML with two-space indents, keys sorted, and
// comment (if any) as the document's opening comment.
func encode(doc map[string]any, comment string) ([]byte, error) {
	root := toNode(doc, true)
	root.HeadComment = comment
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(root); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func toNode(v any, top bool) *yaml.Node {
	switch x := v.(type) {
	case map[string]any:
		n := &yaml.Node{Kind: yaml.MappingNode}
		for _, k := range orderedKeys(x, top) {
			n.Content = append(n.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: k}, toNode(x[k], false))
		}
		return n
	case []any:
		n := &yaml.Node{Kind: yaml.SequenceNode}
		for _, e := range x {
			n.Content = append(n.Content, toNode(e, false))
		}
		return n
	case string:
		n := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: x}
		if strings.Contains(strings.TrimRight(x, "\n"), "\n") && !strings.ContainsAny(x, "\t") && !hasTrailingSpace(x) {
			n.Style = yaml.LiteralStyle
		}
		return n
	default:
		n := &yaml.Node{}
		if err := n.Encode(x); err != nil {
			panic(fmt.Sprintf("encode %T: %v", x, err))
		}
		return n
	}
}

func hasTrailingSpace(s string) bool {
	for line := range strings.SplitSeq(s, "\n") {
		if strings.HasSuffix(line, " ") {
			return true
		}
	}
	return false
}

func orderedKeys(m map[string]any, top bool) []string {
	keys := slices.Sorted(maps.Keys(m))
	if !top {
		return keys
	}
	var out []string
	for _, k := range topOrder {
		if _, ok := m[k]; ok {
			out = append(out, k)
		}
	}
	for _, k := range keys {
		if !slices.Contains(topOrder, k) {
			out = append(out, k)
		}
	}
	return out
}

// clone copies a tree deeply, so that edits to the copy leave the source alone.
func clone(v any) any {
	switch x := v.(type) {
	case map[string]any:
		m := make(map[string]any, len(x))
		for k, e := range x {
			m[k] = clone(e)
		}
		return m
	case []any:
		s := make([]any, len(x))
		for i, e := range x {
			s[i] = clone(e)
		}
		return s
	}
	return v
}

// canonical spells a tree as one deterministic string, for comparisons.
func canonical(v any) string {
	out, err := yaml.Marshal(toNode(v, false))
	if err != nil {
		panic(err)
	}
	return string(out)
}

func asMap(v any) map[string]any {
	m, _ := v.(map[string]any)
	return m
}

func asList(v any) []any {
	s, _ := v.([]any)
	return s
}

func asString(v any) string {
	s, _ := v.(string)
	return s
}

func stringList(v any) []string {
	var out []string
	for _, e := range asList(v) {
		if s, ok := e.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

func bytesReader(b []byte) *bytes.Reader { return bytes.NewReader(b) }
