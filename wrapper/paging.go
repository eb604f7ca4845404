package wrapper

import (
	"fmt"
	"iter"
	"net/url"
)

// MaxPageSize is the largest page the API serves.
const MaxPageSize = 1000

// ListOptions filters and pages a List or All call. Filters with several
// values match any of them; different filters must all match.
// Each filter's tag names its query parameter; a test derived from the
// spec checks that every filter of every list operation has one here.
type ListOptions struct {
	DisplayNames []string `query:"spec.display_name"`
	Phases       []string `query:"status.phase"`
	Networks     []string `query:"spec.network"`
	// PageSize is the page length, 1 to 1000. Zero means the server's
	// default (10) for List, and 1000 for All.
	PageSize int
	// PageToken continues a List from the token an earlier List returned.
	// All ignores it and always starts at the first page.
	PageToken string
}

func (o *ListOptions) check() error {
	if o.PageSize < 0 || o.PageSize > MaxPageSize {
		return &InputError{Field: "page_size", Problem: fmt.Sprintf("%d is outside 1..%d; use 0 for the default", o.PageSize, MaxPageSize)}
	}
	if len(o.PageToken) > 255 {
		return &InputError{Field: "page_token", Problem: "is longer than 255 bytes; pass the token a List returned, unchanged"}
	}
	if err := checkFilters("spec.display_name", o.DisplayNames); err != nil {
		return err
	}
	if err := checkFilters("status.phase", o.Phases); err != nil {
		return err
	}
	return checkFilters("spec.network", o.Networks)
}

// params returns the optional query values, nil where unset.
func (o *ListOptions) params() (names, phases, networks *[]string, size *int, token *string) {
	if len(o.DisplayNames) > 0 {
		names = &o.DisplayNames
	}
	if len(o.Phases) > 0 {
		phases = &o.Phases
	}
	if len(o.Networks) > 0 {
		networks = &o.Networks
	}
	if o.PageSize > 0 {
		size = &o.PageSize
	}
	if o.PageToken != "" {
		token = &o.PageToken
	}
	return
}

// nextToken takes the page token out of a page's metadata.next. Only the
// token is used: the next page is asked of the base URL, whatever host the
// link names (a proxy or private endpoint in front of the API may rewrite
// it), so nothing is ever sent to another host.
func nextToken(next *string) (string, error) {
	if next == nil || *next == "" {
		return "", nil
	}
	u, err := url.Parse(*next)
	if err != nil {
		return "", fmt.Errorf("confluent: metadata.next is not a URL: %w", err)
	}
	tok := u.Query().Get("page_token")
	if tok == "" {
		return "", fmt.Errorf("confluent: metadata.next %q has no page_token", u.Path)
	}
	if len(tok) > 255 {
		return "", fmt.Errorf("confluent: metadata.next carries a page_token of %d bytes, over the API's 255", len(tok))
	}
	return tok, nil
}

// pages walks every page, one in memory at a time. fetch gets the page for
// a token ("" for the first) and returns its items and metadata.next.
func pages[T any](fetch func(token string) ([]T, *string, error)) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var zero T
		seen := map[string]struct{}{}
		token := ""
		for {
			items, next, err := fetch(token)
			if err != nil {
				yield(zero, err)
				return
			}
			for _, it := range items {
				if !yield(it, nil) {
					return
				}
			}
			token, err = nextToken(next)
			if err != nil {
				yield(zero, err)
				return
			}
			if token == "" {
				return
			}
			if _, dup := seen[token]; dup {
				yield(zero, fmt.Errorf("%w: the server sent page token %q twice; stopping to avoid a loop", ErrPageTokenRepeat, token))
				return
			}
			seen[token] = struct{}{}
		}
	}
}
