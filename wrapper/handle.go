package wrapper

import (
	"context"
	"iter"
	"time"
)

// Handle manages one kind of networking v1 resource: T is its model (what
// answers carry, an api type), C and U its create and update bodies, and O
// its list options. Each kind's handle is this type under the kind's own
// name (Networks, Peerings, TransitGatewayAttachments, PrivateLinkAccesses,
// NetworkLinkServices, NetworkLinkEndpoints), whose documentation names the
// operations it calls, what a create must hold and how a create whose
// outcome is unknown is settled. Get one from the Client
// (c.Networks(), ...); it is safe for concurrent use.
type Handle[T, C, U, O any] struct {
	r *resource[T, C, U, O]
}

// Create starts provisioning a resource (the collection's create
// operation, POST) and returns it in its first phase; WaitReady waits for
// READY. The references the spec requires (spec.environment.id, and the
// network or service the resource is made in) must be set, and a cloud
// union built with one of this package's constructors.
//
// A create whose outcome is unknown (a 5xx, a lost or cut answer) is never
// simply sent again: it is settled by listing what it may have stored,
// with the filters the kind's documentation names. The one resource that
// holds every field sent and was made since the call began is returned; if
// none was stored, the create is sent again; if that cannot be told, the
// error is an *OutcomeUnknownError. See the package documentation,
// "Creates never duplicate".
func (h *Handle[T, C, U, O]) Create(ctx context.Context, body C) (*T, error) {
	if ctx == nil {
		return nil, errNilContext()
	}
	return h.r.doCreate(ctx, body)
}

// Get reads one resource by its id in an environment (the get operation).
func (h *Handle[T, C, U, O]) Get(ctx context.Context, environment, id string) (*T, error) {
	return h.r.doGet(ctx, place{env: environment}, id)
}

// List reads one page (the list operation) and returns the token of the
// next one, "" on the last page. opts may be nil.
func (h *Handle[T, C, U, O]) List(ctx context.Context, environment string, opts *O) ([]T, string, error) {
	return h.r.doList(ctx, place{env: environment}, opts)
}

// All iterates over every resource that matches opts (which may be nil),
// fetching the largest pages the spec allows (api's PageBounds of the list
// operation) unless opts says otherwise and holding one page
// at a time. An error ends the sequence.
func (h *Handle[T, C, U, O]) All(ctx context.Context, environment string, opts *O) iter.Seq2[T, error] {
	return h.r.doAll(ctx, place{env: environment}, opts)
}

// Update changes a resource in an environment (the update operation,
// PATCH). The API reads the environment from the body: Update puts it in
// spec.environment.id, which may be left empty (a body naming another
// environment is refused). An update whose outcome is unknown is an
// *OutcomeUnknownError.
func (h *Handle[T, C, U, O]) Update(ctx context.Context, environment, id string, body U) (*T, error) {
	return h.r.doUpdate(ctx, place{env: environment}, id, body)
}

// Delete starts removing a resource (the delete operation); WaitDeleted
// waits until it is gone. A retried delete that meets 404 after a lost
// answer succeeds.
func (h *Handle[T, C, U, O]) Delete(ctx context.Context, environment, id string) error {
	return h.r.doDelete(ctx, place{env: environment}, id)
}

// WaitReady polls until the resource is READY and returns it. It fails
// with a *PhaseError matching ErrFailed on FAILED or ERROR, ErrStopped on
// a phase it will not leave by itself (DISCONNECTED, EXPIRED, INACTIVE, or
// one of removal), and ErrUnknownPhase on a phase the API did not list; a
// phase on the way (PROVISIONING, PENDING_ACCEPT) is waited through.
func (h *Handle[T, C, U, O]) WaitReady(ctx context.Context, environment, id string, opts ...WaitOption) (*T, error) {
	return h.r.waitReady(ctx, place{env: environment}, id, opts)
}

// WaitDeleted polls until reading the resource answers 404.
func (h *Handle[T, C, U, O]) WaitDeleted(ctx context.Context, environment, id string, opts ...WaitOption) error {
	return h.r.waitDeleted(ctx, place{env: environment}, id, opts)
}

// waits sets the bounds of the kind's waits when no option sets one.
func (h *Handle[T, C, U, O]) waits(ready, deleted time.Duration) *Handle[T, C, U, O] {
	h.r.readyWait, h.r.deleteWait = ready, deleted
	return h
}
