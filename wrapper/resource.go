package wrapper

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"iter"
	"time"

	"github.com/ccloud-go/networking/api"
)

// resource is one collection's calls, written once over its ops: create,
// read, list, update, delete and wait. T is the model, C the create body,
// U the update body and O the list options.
type resource[T, C, U, O any] struct {
	ops[T, C, U, O]
	c *Client
	// checkSpec checks a create body beyond what the spec says; nil for
	// nothing more.
	checkSpec func(C) error
	// readyWait and deleteWait bound the kind's waits when no option
	// does (0: DefaultMaxWait).
	readyWait, deleteWait time.Duration

	one, page *callOptions // made by newResource
}

func newResource[T, C, U, O any](c *Client, o ops[T, C, U, O]) *resource[T, C, U, O] {
	return (&resource[T, C, U, O]{ops: o, c: c}).init()
}

// checkOptions refuses filters the options check refuses, a page size
// outside 1 to the operation's maximum (0: the default) and a page token
// longer than the spec allows.
func (r *resource[T, C, U, O]) checkOptions(o *O) error {
	if err := r.options(o); err != nil {
		return err
	}
	size, tok := r.paging(o)
	if n := *size; n < 0 || n > r.bounds.MaxPageSize {
		return &InputError{Field: "page_size", Problem: fmt.Sprintf("%d is outside 1..%d; use 0 for the default", n, r.bounds.MaxPageSize)}
	}
	if max := r.bounds.MaxPageTokenLength; max > 0 && len(*tok) > max {
		return &InputError{Field: "page_token", Problem: fmt.Sprintf("is longer than %d bytes; pass the token a List returned, unchanged", max)}
	}
	return nil
}

// place is where a resource is read: its environment and, for an
// association, the network link service it belongs to.
type place struct{ env, service string }

func (r *resource[T, C, U, O]) check(at place) error {
	if r.global {
		return nil
	}
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
	valid := func(m *T) error { return r.view(m).check() }
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
	if err := r.ops.checkCreate(&body); err != nil {
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
	switch env := r.updateEnv(body); {
	case *env == "":
		*env = at.env
	case *env != at.env:
		return &InputError{Field: "spec.environment.id", Problem: fmt.Sprintf("is %q, but the call names environment %q; leave it empty", *env, at.env)}
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
	if err := r.checkOptions(opts); err != nil {
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
	size, _ := r.paging(&o)
	if *size == 0 {
		*size = r.bounds.MaxPageSize
	}
	if err := r.check(at); err != nil {
		return failed[T](err)
	}
	if err := r.checkOptions(&o); err != nil {
		return failed[T](err)
	}
	return pages(r.bounds.MaxPageTokenLength, func(token string) ([]T, *string, error) {
		page := o // a copy per fetch: the sequence may be ranged over more than once, even at once
		_, tok := r.paging(&page)
		*tok = token
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
		return nil, outcomeUnknownError("update", r.kind, id, nil, r.view, err, nil)
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
		return outcomeUnknownError("delete", r.kind, id, nil, r.view, err, nil)
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
	return waitFor(ctx, r.c, r.kind, id, r.readyWait, opts, false, r.poll(at, id))
}

func (r *resource[T, C, U, O]) waitDeleted(ctx context.Context, at place, id string, opts []WaitOption) error {
	if err := r.check(at); err != nil {
		return err
	}
	if err := checkID("id", id); err != nil {
		return err
	}
	_, err := waitFor(ctx, r.c, r.kind, id, r.deleteWait, opts, true, r.poll(at, id))
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
		st := r.view(res).status
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
