package wrapper

import (
	"io"
	"net/http"

	"github.com/ccloud-go/networking/api"
)

// ops is what one collection's handle calls, written by gen/handles from
// the fragment and the generated types (handles.gen.go, opsGateways and
// the like): the request builders of its operations adapted to where a
// resource is read (place) and to its list options, and what the spec
// says about its bodies and answers. Nothing in it looks at a value by
// reflection; a hand-written handle names its ops and, at most, a check
// of its own.
type ops[T, C, U, O any] struct {
	kind string // for messages: "network link service"
	path string // the collection, /networking/v1/...
	// inService: the resource is read within a network link service
	// (spec.network_link_service), besides its environment; global: it is
	// read in no environment (IP addresses).
	inService, global bool

	view func(*T) view
	// bounds are what the spec says of the list operation's paging
	// (api/bounds.gen.go).
	bounds api.PageBounds

	get  func(server string, at place, id string) (*http.Request, error)
	list func(server string, at place, o *O) (*http.Request, error)
	del  func(server string, at place, id string) (*http.Request, error)
	// create and update take the body as encoded by requestBody; nil when
	// the collection has no such operation.
	create func(server, contentType string, body io.Reader) (*http.Request, error)
	update func(server, id, contentType string, body io.Reader) (*http.Request, error)

	// options checks list options; paging reaches their page size and token.
	options func(*O) error
	paging  func(*O) (*int, *string)

	// checkCreate refuses a create body without what the spec requires:
	// its references' ids, its required fields, a union of a listed kind
	// holding what that kind requires. createEnv is its environment.
	checkCreate func(*C) error
	createEnv   func(*C) string
	// lookup is the list filter that finds what a create may have stored:
	// every filter the list operation has for a field the create sent.
	lookup func(*C) O
	// updateEnv is where an update body holds spec.environment.id.
	updateEnv func(*U) *string
}

// declare fills h (new(Networks), say) with a resource calling o; extra,
// when not nil, checks a create body beyond what the spec says (the
// messages of the older collections' unions).
func declare[T, C, U, O any](h *Handle[T, C, U, O], c *Client, o ops[T, C, U, O], extra func(C) error) *Handle[T, C, U, O] {
	h.r = newResource(c, o)
	h.r.checkSpec = extra
	return h
}
