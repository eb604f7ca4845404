package fake

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"net/http"
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// Read-only properties in request bodies.
//
// The upstream document marks server-kept properties readOnly: a resource's
// api_version, kind, id, metadata and status, and a reference's related,
// resource_name, api_version and kind (ObjectReference,
// GlobalObjectReference, EnvScopedObjectReference). Its create and update
// bodies are the resource schemas themselves (networking.v1.NetworkLinkService,
// networking.v1.NetworkLinkServiceUpdate, and the PrivateLinkAccess pair), so
// a client may send every one of them. Confluent's own SDK does, with empty
// references, and the real API takes those requests (BEHAVIOUR.md): it
// ignores what it keeps itself. The fake does the same, dropping them before
// spec validation, unless WithStrictReadOnly asks it to refuse them.

// roTree is, for one request body, the read-only keys at each level.
type roTree struct {
	drop map[string]bool    // keys the server keeps itself
	sub  map[string]*roTree // objects below that hold some
}

func (t *roTree) empty() bool { return len(t.drop) == 0 && len(t.sub) == 0 }

// readOnlyTrees derives a tree for every operation with a JSON request
// body. The fragment's request schemas carry only spec, so the resource's
// own read-only top-level properties are taken from the operation's
// success answer, which is the resource schema upstream's request bodies
// are built on.
func readOnlyTrees(doc *openapi3.T) map[string]*roTree {
	out := map[string]*roTree{}
	for _, item := range doc.Paths.Map() {
		for _, op := range item.Operations() {
			body := jsonSchema(op.RequestBody)
			if body == nil {
				continue
			}
			t := &roTree{}
			walkReadOnly(body, t, map[*openapi3.Schema]bool{})
			if op.Responses != nil {
				for code, resp := range op.Responses.Map() {
					if !strings.HasPrefix(code, "2") || resp.Value == nil {
						continue
					}
					if mt := resp.Value.Content.Get("application/json"); mt != nil && mt.Schema != nil {
						topLevelReadOnly(mt.Schema, t)
					}
				}
			}
			if !t.empty() {
				out[op.OperationID] = t
			}
		}
	}
	return out
}

func jsonSchema(rb *openapi3.RequestBodyRef) *openapi3.SchemaRef {
	if rb == nil || rb.Value == nil {
		return nil
	}
	mt := rb.Value.Content.Get("application/json")
	if mt == nil {
		return nil
	}
	return mt.Schema
}

// walkReadOnly records the read-only properties of s and of the objects
// below it, through allOf, oneOf and anyOf. onPath stops cycles.
func walkReadOnly(s *openapi3.SchemaRef, t *roTree, onPath map[*openapi3.Schema]bool) {
	if s == nil || s.Value == nil || onPath[s.Value] {
		return
	}
	v := s.Value
	onPath[v] = true
	defer delete(onPath, v)
	for name, p := range v.Properties {
		if p == nil || p.Value == nil {
			continue
		}
		if p.Value.ReadOnly {
			t.mark(name)
			continue
		}
		child := t.child(name)
		walkReadOnly(p, child, onPath)
		if child.empty() {
			delete(t.sub, name)
		}
	}
	for _, group := range []openapi3.SchemaRefs{v.AllOf, v.OneOf, v.AnyOf} {
		for _, part := range group {
			walkReadOnly(part, t, onPath)
		}
	}
}

// topLevelReadOnly records the read-only properties of s itself.
func topLevelReadOnly(s *openapi3.SchemaRef, t *roTree) {
	if s.Value == nil {
		return
	}
	for name, p := range s.Value.Properties {
		if p != nil && p.Value != nil && p.Value.ReadOnly {
			t.mark(name)
		}
	}
}

func (t *roTree) mark(name string) {
	if t.drop == nil {
		t.drop = map[string]bool{}
	}
	t.drop[name] = true
	delete(t.sub, name)
}

func (t *roTree) child(name string) *roTree {
	if t.drop[name] {
		return &roTree{}
	}
	if t.sub == nil {
		t.sub = map[string]*roTree{}
	}
	c := t.sub[name]
	if c == nil {
		c = &roTree{}
		t.sub[name] = c
	}
	return c
}

// strip removes the read-only properties t names from a JSON object, and
// returns the JSON pointers of those it found, sorted.
func (t *roTree) strip(obj map[string]any, prefix string) []string {
	var found []string
	for _, key := range slices.Sorted(maps.Keys(obj)) {
		if t.drop[key] {
			found = append(found, prefix+"/"+pointerEscape(key))
			delete(obj, key)
			continue
		}
		if c := t.sub[key]; c != nil {
			if inner, ok := obj[key].(map[string]any); ok {
				found = append(found, c.strip(inner, prefix+"/"+pointerEscape(key))...)
			}
		}
	}
	return found
}

func pointerEscape(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "~", "~0"), "/", "~1")
}

// readOnlyInBody finds the read-only properties in the request's body and,
// unless keep is set, puts back a body without them. A body that is not a
// JSON object is left as it came, for the spec validation to judge.
func readOnlyInBody(r *http.Request, t *roTree, keep bool) ([]string, error) {
	if r.Body == nil || r.Body == http.NoBody {
		return nil, nil
	}
	raw, err := io.ReadAll(r.Body)
	_ = r.Body.Close()
	r.Body = io.NopCloser(bytes.NewReader(raw))
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber() // numbers go back exactly as they came
	var obj map[string]any
	if dec.Decode(&obj) != nil || obj == nil {
		return nil, nil
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, nil // something after the object: not this code's to judge
	}
	found := t.strip(obj, "")
	if len(found) == 0 || keep {
		return found, nil
	}
	clean, err := json.Marshal(obj)
	if err != nil {
		return nil, err
	}
	r.Body = io.NopCloser(bytes.NewReader(clean))
	r.ContentLength = int64(len(clean))
	return found, nil
}

// describeReadOnly names each read-only property found, for a 400.
func describeReadOnly(found []string) string {
	parts := make([]string, len(found))
	for i, p := range found {
		name := p[strings.LastIndex(p, "/")+1:]
		parts[i] = fmt.Sprintf("readOnly property %q at %s in request: the server sets it; leave it out", name, p)
	}
	return strings.Join(parts, "; ") + " (this fake runs in strict mode)"
}
