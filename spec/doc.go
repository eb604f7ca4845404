// Package spec holds the OpenAPI fragment that the api package is generated
// from, spec/networking-v1.yaml, as bytes. It imports nothing beyond the
// standard library, so a program can ship the document without linking an
// OpenAPI or YAML library; the fake and validators parse it with
// github.com/ccloud-go/networking/spec/openapi.
//
// The fragment is derived from the vendored upstream documents
// (spec/upstream/) by gen/normalize; its info.x-upstream names each
// document's version and sha256.
package spec
