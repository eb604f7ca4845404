package wrapper

import (
	"bytes"
	"encoding/json"
	"fmt"
)

const jsonType = "application/json"

// referenceReadOnly are the properties of a reference to another resource
// (an object with an id) that the server fills in: readOnly in the spec, so
// a request must not carry them. A model read back and sent again (say
// got.Spec.Environment in an update) holds them; a spec-derived test checks
// that every readOnly property of every request body is dropped here.
var referenceReadOnly = []string{"related", "resource_name", "api_version", "kind"}

// requestBody encodes a create or update body without the read-only
// properties of the references under its spec.
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
	if !ok || !dropReadOnly(spec) {
		return raw, nil
	}
	return json.Marshal(doc)
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
