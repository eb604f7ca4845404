package wrapper

import (
	"bytes"
	"context"
	"errors"
	"io"
	"iter"
	"net/http"
	"time"
)

// resource holds what differs between resources, so that create, read,
// list, update, delete and wait are written once. T is the model, C the
// create body, U the update body and L the list page.
type resource[T, C, U, L any] struct {
	c    *Client
	kind string // for messages: "network link service"

	// The generated request builders of the five operations; create and
	// update take the body as encoded by requestBody.
	create func(server, contentType string, body io.Reader) (*http.Request, error)
	get    func(server, env, id string) (*http.Request, error)
	list   func(server, env string, o *ListOptions) (*http.Request, error)
	update func(server, id, contentType string, body io.Reader) (*http.Request, error)
	del    func(server, env, id string) (*http.Request, error)

	checkCreate func(C) error
	checkUpdate func(U) error
	// createEnv is the environment a create body names.
	createEnv func(C) string
	// lookup is the list filter that finds what a create may have stored:
	// the filters the API has for the fields the create sent.
	lookup func(C) ListOptions
	// valid checks that an answer holds what the spec requires of it.
	valid     func(*T) error
	items     func(*L) ([]T, *string)
	status    func(*T) status
	createdAt func(*T) *time.Time

	one, page *callOptions // made by init
}

// init makes the call options, once.
func (r *resource[T, C, U, L]) init() *resource[T, C, U, L] {
	r.one = decoder(r.valid)
	r.page = decoder(func(l *L) error {
		items, _ := r.items(l)
		if items == nil {
			return errors.New("data is missing")
		}
		for i := range items {
			if err := r.valid(&items[i]); err != nil {
				return fmtIndex(i, err)
			}
		}
		return nil
	})
	return r
}

func (r *resource[T, C, U, L]) doGet(ctx context.Context, env, id string) (*T, error) {
	if err := checkID("environment", env); err != nil {
		return nil, err
	}
	if err := checkID("id", id); err != nil {
		return nil, err
	}
	req, err := r.get(r.c.server, env, id)
	if err != nil {
		return nil, err
	}
	out, _, err := send[T](ctx, r.c, req, r.one)
	return out, err
}

func (r *resource[T, C, U, L]) doList(ctx context.Context, env string, opts *ListOptions) ([]T, string, error) {
	if opts == nil {
		opts = &ListOptions{}
	}
	if err := checkID("environment", env); err != nil {
		return nil, "", err
	}
	if err := opts.check(); err != nil {
		return nil, "", err
	}
	items, next, _, err := r.fetchPage(ctx, env, opts)
	if err != nil {
		return nil, "", err
	}
	token, err := nextToken(next)
	return items, token, err
}

// fetchPage reads one page and returns its items, metadata.next and the
// answer it came in.
func (r *resource[T, C, U, L]) fetchPage(ctx context.Context, env string, opts *ListOptions) ([]T, *string, *answer, error) {
	req, err := r.list(r.c.server, env, opts)
	if err != nil {
		return nil, nil, nil, err
	}
	page, a, err := send[L](ctx, r.c, req, r.page)
	if err != nil {
		return nil, nil, a, err
	}
	items, next := r.items(page)
	return items, next, a, nil
}

func (r *resource[T, C, U, L]) doAll(ctx context.Context, env string, opts *ListOptions) iter.Seq2[T, error] {
	o := ListOptions{}
	if opts != nil {
		o = *opts
	}
	o.PageToken = ""
	if o.PageSize == 0 {
		o.PageSize = MaxPageSize
	}
	if err := checkID("environment", env); err != nil {
		return failed[T](err)
	}
	if err := o.check(); err != nil {
		return failed[T](err)
	}
	return pages(func(token string) ([]T, *string, error) {
		page := o // a copy per fetch: the sequence may be ranged over more than once, even at once
		page.PageToken = token
		items, next, _, err := r.fetchPage(ctx, env, &page)
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

func (r *resource[T, C, U, L]) doUpdate(ctx context.Context, id string, body U) (*T, error) {
	if err := checkID("id", id); err != nil {
		return nil, err
	}
	if err := r.checkUpdate(body); err != nil {
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
		return nil, &OutcomeUnknownError[T]{Op: "update", Kind: r.kind, ID: id, Err: err}
	}
	return out, err
}

func (r *resource[T, C, U, L]) doDelete(ctx context.Context, env, id string) error {
	if err := checkID("environment", env); err != nil {
		return err
	}
	if err := checkID("id", id); err != nil {
		return err
	}
	req, err := r.del(r.c.server, env, id)
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
		return &OutcomeUnknownError[T]{Op: "delete", Kind: r.kind, ID: id, Err: err}
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

func (r *resource[T, C, U, L]) waitReady(ctx context.Context, env, id string, opts []WaitOption) (*T, error) {
	if err := checkID("environment", env); err != nil {
		return nil, err
	}
	if err := checkID("id", id); err != nil {
		return nil, err
	}
	return waitFor(ctx, r.c, r.kind, id, opts, false, r.poll(env, id))
}

func (r *resource[T, C, U, L]) waitDeleted(ctx context.Context, env, id string, opts []WaitOption) error {
	if err := checkID("environment", env); err != nil {
		return err
	}
	if err := checkID("id", id); err != nil {
		return err
	}
	_, err := waitFor(ctx, r.c, r.kind, id, opts, true, r.poll(env, id))
	return err
}

func (r *resource[T, C, U, L]) poll(env, id string) func(context.Context) (*T, status, error) {
	return func(ctx context.Context) (*T, status, error) {
		res, err := r.doGet(ctx, env, id)
		if err != nil {
			return nil, status{}, err
		}
		return res, r.status(res), nil
	}
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
