package wrapper

import (
	"fmt"
	"iter"
	"net/url"
)

// ListOptions filters and pages a List or All call of the handles whose
// list operations take these filters: network link services, private link
// accesses, peerings and transit gateway attachments. Filters with several
// values match any of them; different filters must all match. Each field's
// tag names its query parameter; a test derived from the spec checks that
// each handle's options type has a field for every parameter of its list
// operation, and nothing else.
type ListOptions struct {
	DisplayNames []string `query:"spec.display_name"`
	Phases       []string `query:"status.phase"`
	Networks     []string `query:"spec.network"`
	// PageSize is the page length, from 1 to the list operation's
	// maximum (its parameters type's PageBounds in api/, from the spec).
	// Zero means the server's default for List, and that maximum for All.
	PageSize int `query:"page_size"`
	// PageToken continues a List from the token an earlier List returned.
	// All ignores it and always starts at the first page.
	PageToken string `query:"page_token"`
}

// nextToken takes the page token out of a page's metadata.next. Only the
// token is used: the next page is asked of the base URL, whatever host the
// link names (a proxy or private endpoint in front of the API may rewrite
// it), so nothing is ever sent to another host. maxLen is the longest
// token the spec allows (0: no bound).
func nextToken(next *string, maxLen int) (string, error) {
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
	if maxLen > 0 && len(tok) > maxLen {
		return "", fmt.Errorf("confluent: metadata.next carries a page_token of %d bytes, over the API's %d", len(tok), maxLen)
	}
	return tok, nil
}

// pages walks every page, one in memory at a time. fetch gets the page for
// a token ("" for the first) and returns its items and metadata.next;
// maxToken is the longest page token the spec allows.
func pages[T any](maxToken int, fetch func(token string) ([]T, *string, error)) iter.Seq2[T, error] {
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
			token, err = nextToken(next, maxToken)
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
