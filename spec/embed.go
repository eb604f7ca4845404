package spec

import (
	"bytes"
	_ "embed"
)

//go:embed networking-v1.yaml
var fragment []byte

// YAML returns the fragment (OpenAPI 3.0, YAML) as it is checked in. Each
// call returns a fresh copy, which the caller may keep or change.
func YAML() []byte {
	return bytes.Clone(fragment)
}
