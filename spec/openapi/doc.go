// Package openapi parses the embedded fragment (package spec) with
// kin-openapi, once per process, for the fake and for validators. Importing
// it links kin-openapi and its YAML and JSON-schema libraries; the api and
// wrapper packages do not import it.
package openapi
