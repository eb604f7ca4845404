package wrapper

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
)

const jsonType = "application/json"

// referenceReadOnly are the properties of a reference to another resource
// (an object with an id) that the server fills in: readOnly in the spec, so
// a request must not carry them. A model read back and sent again (say
// got.Spec.Environment in an update) holds them; a spec-derived test checks
// that every readOnly property of every request body is dropped here.
var referenceReadOnly = []string{"related", "resource_name", "api_version", "kind"}

// requestBody encodes a create or update body without the read-only
// properties of the references under its spec, and with every union kind
// in the document's spelling (a union read back from an answer may hold
// the recorded one, networking.v1.AwsPeering; see sameKind).
func requestBody(body any) ([]byte, error) {
	raw, err := json.Marshal(body)
	if err != nil {
		return nil, fmt.Errorf("confluent: encoding the request body: %w", err)
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var doc map[string]any
	if err := dec.Decode(&doc); err != nil {
		return nil, fmt.Errorf("confluent: encoding the request body: %w", err)
	}
	spec, ok := doc["spec"].(map[string]any)
	if !ok {
		return raw, nil
	}
	dropped := dropReadOnly(spec)
	if !documentKinds(spec) && !dropped {
		return raw, nil
	}
	return json.Marshal(doc)
}

// documentKinds puts every union kind below obj in the document's
// spelling, reporting whether it changed any. A reference's kind (an
// object with an id) is dropReadOnly's.
func documentKinds(obj map[string]any) bool {
	changed := false
	if kind, ok := obj["kind"].(string); ok && obj["id"] == nil {
		if plain, cut := strings.CutPrefix(kind, recordedKindPrefix); cut {
			obj["kind"], changed = plain, true
		}
	}
	for _, v := range obj {
		switch v := v.(type) {
		case map[string]any:
			changed = documentKinds(v) || changed
		case []any:
			for _, item := range v {
				if m, ok := item.(map[string]any); ok {
					changed = documentKinds(m) || changed
				}
			}
		}
	}
	return changed
}

// dropReadOnly removes the read-only properties of every reference below
// obj, reporting whether it removed any.
func dropReadOnly(obj map[string]any) bool {
	dropped := false
	for _, v := range obj {
		switch v := v.(type) {
		case map[string]any:
			if _, isRef := v["id"]; isRef {
				for _, k := range referenceReadOnly {
					if _, ok := v[k]; ok {
						delete(v, k)
						dropped = true
					}
				}
			}
			dropped = dropReadOnly(v) || dropped
		case []any:
			for _, item := range v {
				if m, ok := item.(map[string]any); ok {
					dropped = dropReadOnly(m) || dropped
				}
			}
		}
	}
	return dropped
}
