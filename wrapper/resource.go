package wrapper

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"iter"
	"net/http"

	"github.com/ccloud-go/networking/api"
)

// resource holds what differs between resources, so that create, read,
// list, update, delete and wait are written once. T is the model, C the
// create body, U the update body and O the list options. What every model
// holds (id, spec.environment, status, metadata.created_at) is read by
// viewOf, so a declaration says only what is its own.
type resource[T, C, U, O any] struct {
	c    *Client
	kind string // for messages: "network link service"
	// inService says the resource is read within a network link service
	// (spec.network_link_service), besides its environment.
	inService bool

	// The generated request builders of the five operations; create and
	// update take the body as encoded by requestBody. A resource a client
	// does not create leaves create, update and del nil.
	create func(server, contentType string, body io.Reader) (*http.Request, error)
	get    func(server string, at place, id string) (*http.Request, error)
	list   func(server string, at place, o *O) (*http.Request, error)
	update func(server, id, contentType string, body io.Reader) (*http.Request, error)
	del    func(server string, at place, id string) (*http.Request, error)

	// checkSpec checks what a create body holds beyond the references it
	// must name (checkCreate finds those itself); nil for nothing more.
	checkSpec func(C) error
	// lookup is the list filter that finds what a create may have stored:
	// the filters the API has for the fields the create sent.
	lookup func(C) O

	// bounds are what the spec says of the list operation's paging, read
	// once from its generated parameters type.
	bounds api.PageBounds

	one, page *callOptions // made by init
}

// place is where a resource is read: its environment and, for an
// association, the network link service it belongs to.
type place struct{ env, service string }

func (r *resource[T, C, U, O]) check(at place) error {
	if err := checkID("environment", at.env); err != nil {
		return err
	}
	if r.inService {
		return checkID("spec.network_link_service", at.service)
	}
	return nil
}

// listPage is a page of any list operation: every one holds data and
// metadata.
type listPage[T any] struct {
	Data     []T          `json:"data"`
	Metadata api.ListMeta `json:"metadata"`
}

// init makes the call options, once.
func (r *resource[T, C, U, O]) init() *resource[T, C, U, O] {
	valid := func(m *T) error { return viewOf(m).check() }
	r.one = decoder(valid)
	r.page = decoder(func(l *listPage[T]) error {
		if l.Data == nil {
			return errors.New("data is missing")
		}
		for i := range l.Data {
			if err := valid(&l.Data[i]); err != nil {
				return fmtIndex(i, err)
			}
		}
		return nil
	})
	return r
}

// checkCreate refuses a create body that does not name every reference its
// spec requires (the environment, and the network or service it is made
// in), then applies checkSpec.
func (r *resource[T, C, U, O]) checkCreate(body C) error {
	if err := checkReferences(body); err != nil {
		return err
	}
	if r.checkSpec != nil {
		return r.checkSpec(body)
	}
	return nil
}

// withEnvironment puts the environment the call names into an update
// body's spec.environment.id, where the API reads it; a body that names
// another one is refused.
func (r *resource[T, C, U, O]) withEnvironment(at place, body *U) error {
	if err := r.check(at); err != nil {
		return err
	}
	switch had := viewOf(body).env; {
	case had == "":
		setEnvironment(body, at.env)
	case had != at.env:
		return &InputError{Field: "spec.environment.id", Problem: fmt.Sprintf("is %q, but the call names environment %q; leave it empty", had, at.env)}
	}
	return nil
}

func (r *resource[T, C, U, O]) doGet(ctx context.Context, at place, id string) (*T, error) {
	if err := r.check(at); err != nil {
		return nil, err
	}
	if err := checkID("id", id); err != nil {
		return nil, err
	}
	out, _, err := r.getAnswer(ctx, at, id)
	return out, err
}

// getAnswer reads one resource and returns the answer too.
func (r *resource[T, C, U, O]) getAnswer(ctx context.Context, at place, id string) (*T, *answer, error) {
	req, err := r.get(r.c.server, at, id)
	if err != nil {
		return nil, nil, err
	}
	return send[T](ctx, r.c, req, r.one)
}

func (r *resource[T, C, U, O]) doList(ctx context.Context, at place, opts *O) ([]T, string, error) {
	if opts == nil {
		opts = new(O)
	}
	if err := r.check(at); err != nil {
		return nil, "", err
	}
	if err := checkOptions(opts, r.bounds); err != nil {
		return nil, "", err
	}
	items, next, _, err := r.fetchPage(ctx, at, opts)
	if err != nil {
		return nil, "", err
	}
	token, err := nextToken(next, r.bounds.MaxPageTokenLength)
	return items, token, err
}

// fetchPage reads one page and returns its items, metadata.next and the
// answer it came in.
func (r *resource[T, C, U, O]) fetchPage(ctx context.Context, at place, opts *O) ([]T, *string, *answer, error) {
	req, err := r.list(r.c.server, at, opts)
	if err != nil {
		return nil, nil, nil, err
	}
	page, a, err := send[listPage[T]](ctx, r.c, req, r.page)
	if err != nil {
		return nil, nil, a, err
	}
	return page.Data, page.Metadata.Next, a, nil
}

func (r *resource[T, C, U, O]) doAll(ctx context.Context, at place, opts *O) iter.Seq2[T, error] {
	var o O
	if opts != nil {
		o = *opts
	}
	size := pageSize(&o)
	if size == 0 {
		size = r.bounds.MaxPageSize
	}
	setPage(&o, size, "")
	if err := r.check(at); err != nil {
		return failed[T](err)
	}
	if err := checkOptions(&o, r.bounds); err != nil {
		return failed[T](err)
	}
	return pages(r.bounds.MaxPageTokenLength, func(token string) ([]T, *string, error) {
		page := o // a copy per fetch: the sequence may be ranged over more than once, even at once
		setPage(&page, size, token)
		items, next, _, err := r.fetchPage(ctx, at, &page)
		return items, next, err
	})
}

// failed is a sequence that yields only err.
func failed[T any](err error) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var zero T
		yield(zero, err)
	}
}

func (r *resource[T, C, U, O]) doUpdate(ctx context.Context, at place, id string, body U) (*T, error) {
	if err := r.withEnvironment(at, &body); err != nil {
		return nil, err
	}
	if err := checkID("id", id); err != nil {
		return nil, err
	}
	raw, err := requestBody(body)
	if err != nil {
		return nil, err
	}
	req, err := r.update(r.c.server, id, jsonType, bytes.NewReader(raw))
	if err != nil {
		return nil, err
	}
	out, a, err := send[T](ctx, r.c, req, r.one)
	if err != nil && outcomeUnknown(a, err) {
		return nil, outcomeUnknownError[T]("update", r.kind, id, nil, err, nil)
	}
	return out, err
}

func (r *resource[T, C, U, O]) doDelete(ctx context.Context, at place, id string) error {
	if err := r.check(at); err != nil {
		return err
	}
	if err := checkID("id", id); err != nil {
		return err
	}
	req, err := r.del(r.c.server, at, id)
	if err != nil {
		return err
	}
	_, a, err := send[struct{}](ctx, r.c, req, defaultCallOptions)
	switch {
	case err == nil:
		return nil
	case a != nil && a.unknownBefore && errors.Is(err, ErrNotFound):
		return nil // an earlier attempt deleted it and its answer was lost
	case outcomeUnknown(a, err):
		return outcomeUnknownError[T]("delete", r.kind, id, nil, err, nil)
	}
	return err
}

// outcomeUnknown reports whether a change that failed with err (after a,
// when an answer came) may have been applied.
func outcomeUnknown(a *answer, err error) bool {
	if errors.Is(err, ErrOutcomeUnknown) {
		return true
	}
	return a != nil && serverMayHaveActed(a.status)
}

func (r *resource[T, C, U, O]) waitReady(ctx context.Context, at place, id string, opts []WaitOption) (*T, error) {
	if err := r.check(at); err != nil {
		return nil, err
	}
	if err := checkID("id", id); err != nil {
		return nil, err
	}
	return waitFor(ctx, r.c, r.kind, id, opts, false, r.poll(at, id))
}

func (r *resource[T, C, U, O]) waitDeleted(ctx context.Context, at place, id string, opts []WaitOption) error {
	if err := r.check(at); err != nil {
		return err
	}
	if err := checkID("id", id); err != nil {
		return err
	}
	_, err := waitFor(ctx, r.c, r.kind, id, opts, true, r.poll(at, id))
	return err
}

func (r *resource[T, C, U, O]) poll(at place, id string) func(context.Context) (*T, status, error) {
	return func(ctx context.Context) (*T, status, error) {
		res, a, err := r.getAnswer(ctx, at, id)
		if err != nil {
			return nil, status{}, err
		}
		// The server's own texts, which may echo the credential the poll
		// carried, are blanked before they reach a *PhaseError.
		st := viewOf(res).status
		red := newRedactor(a.auth)
		st.code, st.message = red.text(st.code), red.text(st.message)
		return res, st, nil
	}
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
