// Package conformance holds tests derived from the spec fragment rather than
// written per field: for every operation the fragment types, the fake must
// store and return every property a client can send, and honour every list
// filter the spec declares. When upstream grows a field or a filter and the
// fragment is regenerated, these tests fail with a message naming the file
// of the fake to change, instead of the fake silently dropping it.
//
// It has no API; `go test ./conformance` runs it.
package conformance
