package wrapper

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// resource holds what differs between the two resources, so that create,
// read, list, update, delete and wait are written once. T is the model,
// C the create body, U the update body and L the list page.
type resource[T, C, U, L any] struct {
	c          *Client
	kind       string // for messages: "network link service"
	collection string // the collection's path

	create func(context.Context, C) (*http.Response, error)
	get    func(ctx context.Context, env, id string) (*http.Response, error)
	list   func(ctx context.Context, env string, o *ListOptions) (*http.Response, error)
	update func(ctx context.Context, id string, body U) (*http.Response, error)
	del    func(ctx context.Context, env, id string) (*http.Response, error)

	checkCreate func(C) error
	checkUpdate func(U) error
	// createEnv is the environment a create body names.
	createEnv func(C) string
	// dedupable says whether the server refuses a duplicate of this create
	// with 409, which is what makes retrying it after a lost answer safe.
	dedupable func(C) bool
	// matches says whether an existing resource is what a create asked for.
	matches func(C, *T) bool
	items   func(*L) ([]T, *string)
	status  func(*T) status
}

func (r *resource[T, C, U, L]) doCreate(ctx context.Context, body C) (*T, error) {
	if err := r.checkCreate(body); err != nil {
		return nil, err
	}
	st := &callState{dedupable: r.dedupable(body)}
	out, err := call[T](ctx, st, func(ctx context.Context) (*http.Response, error) { return r.create(ctx, body) })
	if err == nil {
		return out, nil
	}
	if !st.ambiguous {
		return nil, err
	}
	// An earlier attempt may have been stored and its answer lost. A 409
	// naming what is in the way settles it: if that is what we asked for, it
	// is ours; if not, the conflict is real. Any other ending leaves the
	// outcome unknown, and the error says so.
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusConflict || apiErr.Location == "" {
		return nil, &AmbiguousCreateError{Kind: r.kind, Err: err}
	}
	id, lerr := r.idFromLocation(apiErr.Location)
	if lerr != nil {
		return nil, &AmbiguousCreateError{Kind: r.kind, Conflict: apiErr, Err: fmt.Errorf("the 409 could not be resolved: %w", lerr)}
	}
	existing, gerr := r.readBack(ctx, r.createEnv(body), id)
	if gerr != nil {
		return nil, &AmbiguousCreateError{Kind: r.kind, ID: id, Conflict: apiErr, Err: gerr}
	}
	if !r.matches(body, existing) {
		return nil, err
	}
	if r.c.log != nil {
		r.c.log.InfoContext(ctx, "confluent create resolved after a lost answer", "kind", r.kind, "id", id)
	}
	return existing, nil
}

// readBack reads the resource a 409 named, trying again a few times when
// the answer is lost or unreadable: it is a plain read, safe to repeat.
func (r *resource[T, C, U, L]) readBack(ctx context.Context, env, id string) (*T, error) {
	var err error
	for attempt := 1; attempt <= 3; attempt++ {
		var got *T
		if got, err = r.doGet(ctx, env, id); err == nil {
			return got, nil
		}
		var apiErr *APIError
		if errors.As(err, &apiErr) || ctx.Err() != nil {
			return nil, err
		}
		if err := sleep(ctx, time.Duration(attempt)*20*time.Millisecond); err != nil {
			return nil, err
		}
	}
	return nil, err
}

// idFromLocation takes the id out of a Location header that points into
// this resource's collection on the base URL's host.
func (r *resource[T, C, U, L]) idFromLocation(loc string) (string, error) {
	u, err := url.Parse(loc)
	if err != nil {
		return "", fmt.Errorf("the Location %q is not a URL", loc)
	}
	if u.IsAbs() && (u.Scheme != r.c.base.Scheme || !strings.EqualFold(u.Host, r.c.base.Host)) {
		return "", fmt.Errorf("%w: Location points to %s", ErrUnsafeLink, u.Host)
	}
	prefix := r.c.base.Path + r.collection + "/"
	if !strings.HasPrefix(u.Path, prefix) {
		return "", fmt.Errorf("the Location %q is not in %s", u.Path, r.collection)
	}
	id := strings.TrimPrefix(u.Path, prefix)
	if err := checkID("id", id); err != nil || strings.Contains(id, "/") {
		return "", fmt.Errorf("the Location %q holds no usable id", u.Path)
	}
	return id, nil
}

func (r *resource[T, C, U, L]) doGet(ctx context.Context, env, id string) (*T, error) {
	if err := checkID("environment", env); err != nil {
		return nil, err
	}
	if err := checkID("id", id); err != nil {
		return nil, err
	}
	return call[T](ctx, &callState{}, func(ctx context.Context) (*http.Response, error) { return r.get(ctx, env, id) })
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
	items, next, err := r.page(ctx, env, opts)
	if err != nil {
		return nil, "", err
	}
	token, err := r.c.nextToken(next)
	return items, token, err
}

func (r *resource[T, C, U, L]) page(ctx context.Context, env string, opts *ListOptions) ([]T, *string, error) {
	page, err := call[L](ctx, &callState{}, func(ctx context.Context) (*http.Response, error) { return r.list(ctx, env, opts) })
	if err != nil {
		return nil, nil, err
	}
	items, next := r.items(page)
	return items, next, nil
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
	return pages(ctx, r.c, func(ctx context.Context, token string) ([]T, *string, error) {
		page := o // a copy per fetch: the sequence may be ranged over more than once, even at once
		page.PageToken = token
		return r.page(ctx, env, &page)
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
	return call[T](ctx, &callState{}, func(ctx context.Context) (*http.Response, error) { return r.update(ctx, id, body) })
}

func (r *resource[T, C, U, L]) doDelete(ctx context.Context, env, id string) error {
	if err := checkID("environment", env); err != nil {
		return err
	}
	if err := checkID("id", id); err != nil {
		return err
	}
	st := &callState{}
	_, _, err := exchange(ctx, st, func(ctx context.Context) (*http.Response, error) { return r.del(ctx, env, id) })
	if err != nil && st.ambiguous && errors.Is(err, ErrNotFound) {
		// An earlier attempt deleted it and its answer was lost.
		return nil
	}
	return err
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
