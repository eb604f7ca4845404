package wrapper

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"time"
)

// clockSlack widens the window in which a stored resource counts as made
// by this create. The server's clock is read from a Date header, which has
// whole seconds and is never ahead of the server's time, so the estimate of
// when the create began is never late; a created_at given in whole seconds
// may be up to a second early. One second covers both.
const clockSlack = time.Second

// maxLookupPages bounds the pages read to settle one create.
const maxLookupPages = 100

// doCreate sends a create and settles any doubt about its outcome by
// reading, never by a uniqueness rule the upstream document does not state
// (its 409 says only that a resource already exists):
//
//  1. Send. Success: done. A known failure (4xx, or nothing sent after the
//     pipeline's retries): return it.
//  2. An unknown outcome (a 5xx, a lost or cut answer, a success that does
//     not decode), or a 409 after one: list the resources the create could
//     have stored, with the filters the API has, and keep those that match
//     every field the create sent, were made no earlier than the first
//     attempt was sent (on the server's clock, from its Date header) and
//     were not returned to another create of this client.
//  3. One such resource, dated: it is this create's; return it. More than
//     one, or one without a date (or no Date header to judge by):
//     *OutcomeUnknownError with them as Candidates. Reading failed:
//     *OutcomeUnknownError with ReadErr.
//  4. None. When the request may still be on its way to being stored (no
//     answer, a cut answer, a 502 or 504 from a gateway), read once more
//     after RetryPolicy.SettleDelay; if the context leaves no time for that,
//     the outcome is unknown. When nothing is stored: after a 409 the
//     conflict is real and is returned; after a success that did not decode
//     the outcome stays unknown; otherwise the create is sent again (within
//     the retry policy's attempts and the client's retry budget), and when
//     it may not be, the last failure comes back as known: nothing stored.
func (r *resource[T, C, U, O]) doCreate(ctx context.Context, body C) (*T, error) {
	if ctx == nil {
		return nil, errors.New("confluent: nil context")
	}
	if err := r.checkCreate(body); err != nil {
		return nil, err
	}
	raw, err := requestBody(body)
	if err != nil {
		return nil, err
	}
	sent, err := specOf(json.RawMessage(raw))
	if err != nil {
		return nil, fmt.Errorf("confluent: encoding the create body: %w", err)
	}
	first := time.Now()
	doubt := false // an earlier attempt's outcome was unknown
	for n := 1; ; n++ {
		req, err := r.create(r.c.server, jsonType, bytes.NewReader(raw))
		if err != nil {
			return nil, err
		}
		out, a, err := send[T](ctx, r.c, req, r.one)
		if err == nil {
			r.c.claims.take(r.view(out).id)
			return out, nil
		}
		stored := a != nil && a.status < 300 // a success whose body did not decode
		conflict := errors.Is(err, ErrConflict)
		if !stored && !outcomeUnknown(a, err) && !(conflict && doubt) {
			return nil, err
		}
		doubt = true
		found, dated, rerr := r.lookFor(ctx, body, sent, first)
		if rerr == nil && len(found) == 0 && !stored && !conflict && mayStillArrive(a, err) {
			// Nothing yet, but the request may be held between here and the
			// server: look once more before sending it again.
			wait := r.c.retry.SettleDelay
			if !fits(ctx, wait) {
				return nil, outcomeUnknownError("create", r.kind, "", nil, r.view, err,
					fmt.Errorf("nothing stored yet, and no time left (%s) to look again: %w", wait, context.DeadlineExceeded))
			}
			if serr := sleep(ctx, wait); serr != nil {
				return nil, outcomeUnknownError("create", r.kind, "", nil, r.view, err, serr)
			}
			found, dated, rerr = r.lookFor(ctx, body, sent, first)
		}
		switch {
		case rerr != nil:
			return nil, outcomeUnknownError("create", r.kind, "", nil, r.view, err, rerr)
		case len(found) == 1 && dated && r.c.claims.take(r.view(&found[0]).id):
			if r.c.log != nil {
				r.c.log.InfoContext(ctx, "confluent create settled by reading", "kind", r.kind, "attempt", n)
			}
			return &found[0], nil
		case len(found) > 0, stored:
			return nil, outcomeUnknownError("create", r.kind, "", found, r.view, err, nil)
		case conflict:
			return nil, err
		}
		// Nothing was stored: the create failed, and may be sent again.
		d := r.c.retry.backoff(n)
		if n >= r.c.retry.MaxAttempts || !fits(ctx, d) || !r.c.budget.spend(retryCost) {
			return nil, notStored(err, n)
		}
		if r.c.log != nil {
			r.c.log.DebugContext(ctx, "confluent create retried: reading showed nothing stored", "kind", r.kind, "attempt", n, "delay", d)
		}
		if serr := sleep(ctx, d); serr != nil {
			return nil, notStored(err, n)
		}
	}
}

// mayStillArrive reports whether a failed create may yet be stored: its
// answer was lost or cut (it may be held somewhere on the way), or a
// gateway answered for a backend that may still be working on it (502,
// 504). A 500 or 503 is the server's own answer to the request.
func mayStillArrive(a *answer, err error) bool {
	if a == nil {
		return true
	}
	return a.status == http.StatusBadGateway || a.status == http.StatusGatewayTimeout
}

// notStored marks the error of a create that reading showed was not
// stored: its outcome is known, whatever the transport said.
func notStored(err error, sends int) error {
	var te *TransportError
	if errors.As(err, &te) {
		cp := *te
		cp.unknown, cp.Attempts = false, sends
		return &cp
	}
	return err
}

// lookFor lists what a create of body may have stored since first (local
// time) and returns the resources that match every field it sent, leaving
// out those another create of this client returned; dated is false when
// one of them cannot be judged by its created_at (it has none, or the
// answer had no Date header to read the server's clock from).
func (r *resource[T, C, U, O]) lookFor(ctx context.Context, body C, sent map[string]any, first time.Time) (found []T, dated bool, err error) {
	opts := r.lookup(&body)
	size, tok := r.paging(&opts)
	*size, *tok = r.maxPage, ""
	at := place{env: r.createEnv(&body)}
	dated = true
	var since time.Time
	clock := true
	seen := map[string]bool{}
	for range maxLookupPages {
		items, next, a, err := r.fetchPage(ctx, at, &opts)
		if err != nil {
			return nil, false, err
		}
		if since.IsZero() {
			var off time.Duration
			off, clock = serverOffset(a)
			since = first.Add(off).Add(-clockSlack)
		}
		for i := range items {
			doc, err := docOf(&items[i])
			if err != nil {
				continue
			}
			spec, _ := doc["spec"].(map[string]any)
			if !subset(sent, spec) || r.c.claims.taken(docID(doc)) {
				continue
			}
			made := r.view(&items[i]).createdAt
			switch {
			case made == nil || !clock:
				dated = false
			case made.Before(since):
				continue // made before this create began: not ours
			}
			found = append(found, items[i])
		}
		token, err := nextToken(next)
		if err != nil {
			return nil, false, err
		}
		if token == "" {
			return found, dated, nil
		}
		if seen[token] {
			return nil, false, fmt.Errorf("%w: the server sent page token %q twice", ErrPageTokenRepeat, token)
		}
		seen[token] = true
		*tok = token
	}
	return nil, false, fmt.Errorf("confluent: more than %d pages to read to settle a create", maxLookupPages)
}

// serverOffset is how far the server's clock is ahead of ours, from the
// Date header of an answer; ok is false when it has none.
func serverOffset(a *answer) (time.Duration, bool) {
	if a == nil {
		return 0, false
	}
	t, err := http.ParseTime(a.header.Get("Date"))
	if err != nil {
		return 0, false
	}
	return t.Sub(a.received), true
}

// docOf is v as a JSON document.
func docOf(v any) (map[string]any, error) {
	raw, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	var doc map[string]any
	if err := json.Unmarshal(raw, &doc); err != nil {
		return nil, err
	}
	return doc, nil
}

func docID(doc map[string]any) string {
	id, _ := doc["id"].(string)
	return id
}

// specOf returns the spec object of a create body, as sent.
func specOf(body any) (map[string]any, error) {
	doc, err := docOf(body)
	if err != nil {
		return nil, err
	}
	spec, _ := doc["spec"].(map[string]any)
	return spec, nil
}

// subset reports whether got holds everything want holds. Objects match
// when every key of want matches (got may hold more: the server adds
// read-only fields); a key sent empty ("" or null) matches a missing one;
// lists match element for element, in any order.
func subset(want, got any) bool {
	switch w := want.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok {
			return false
		}
		for k, wv := range w {
			gv, present := g[k]
			if !present {
				if wv == nil || wv == "" {
					continue
				}
				return false
			}
			if !subset(wv, gv) {
				return false
			}
		}
		return true
	case []any:
		g, ok := got.([]any)
		if !ok || len(g) != len(w) {
			return false
		}
		used := make([]bool, len(g))
	next:
		for _, wv := range w {
			for j, gv := range g {
				if !used[j] && subset(wv, gv) {
					used[j] = true
					continue next
				}
			}
			return false
		}
		return true
	case nil:
		return got == nil || got == ""
	default:
		return want == got
	}
}
