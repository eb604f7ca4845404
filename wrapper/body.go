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
	dropped := eachObject(spec, dropReferenceReadOnly)
	if !eachObject(spec, documentKind) && !dropped {
		return raw, nil
	}
	return json.Marshal(doc)
}

// eachObject calls edit on obj and on every object below it, reporting
// whether any call changed something.
func eachObject(obj map[string]any, edit func(map[string]any) bool) bool {
	changed := edit(obj)
	for _, v := range obj {
		switch v := v.(type) {
		case map[string]any:
			changed = eachObject(v, edit) || changed
		case []any:
			for _, item := range v {
				if m, ok := item.(map[string]any); ok {
					changed = eachObject(m, edit) || changed
				}
			}
		}
	}
	return changed
}

// documentKind puts a union's kind in the document's spelling, reporting
// whether it changed it. A reference's kind (an object with an id) is
// dropReferenceReadOnly's.
func documentKind(obj map[string]any) bool {
	kind, ok := obj["kind"].(string)
	if _, isRef := obj["id"]; !ok || isRef {
		return false
	}
	plain, cut := strings.CutPrefix(kind, recordedKindPrefix)
	if cut {
		obj["kind"] = plain
	}
	return cut
}

// dropReferenceReadOnly removes the read-only properties of a reference,
// reporting whether it removed any.
func dropReferenceReadOnly(obj map[string]any) bool {
	if _, isRef := obj["id"]; !isRef {
		return false
	}
	dropped := false
	for _, k := range referenceReadOnly {
		if _, ok := obj[k]; ok {
			delete(obj, k)
			dropped = true
		}
	}
	return dropped
}
