// Package bench compares three ways of calling the API on loopback: a
// minimal hand-written net/http + encoding/json client (the floor), the
// generated api.ClientWithResponses, and the wrapper. It has no API of its
// own; run `make bench`.
package bench
