package openapi

import (
	"fmt"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/ccloud-go/networking/spec"
)

var (
	once   sync.Once
	doc    *openapi3.T
	errDoc error
)

// Load returns the embedded fragment, parsed and with its $refs resolved.
// It is parsed on the first call only; every caller gets the same document,
// which must therefore be treated as read-only (copy the T to change a
// top-level field such as Servers).
func Load() (*openapi3.T, error) {
	once.Do(func() {
		loader := openapi3.NewLoader()
		d, err := loader.LoadFromData(spec.YAML())
		if err != nil {
			errDoc = fmt.Errorf("parsing the embedded OpenAPI fragment: %w", err)
			return
		}
		doc = d
	})
	return doc, errDoc
}
