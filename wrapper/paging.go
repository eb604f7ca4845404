package wrapper

import (
	"fmt"
	"iter"
	"net/url"
)

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
