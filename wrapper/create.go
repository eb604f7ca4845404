package wrapper

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"path"
	"slices"
	"strings"
	"time"
)

// maxLookupPages bounds the pages read to settle one create.
const maxLookupPages = 100

// doCreate sends a create and settles any doubt about its outcome by
// reading, never by a uniqueness rule or a clock the upstream document
// does not state (its 409 says only that a resource already exists; the
// clock that stamps created_at need not be the one of the Date header):
//
//  1. List what matches every field the create sends, before sending it:
//     those resources are not its own, whatever their dates say. If that
//     read fails, the create is not sent.
//  2. Send. Success after no doubt: done. A known failure (4xx, or
//     nothing sent after the pipeline's retries): return it.
//  3. An unknown outcome (a 5xx, a lost or cut answer, a success that
//     does not decode), a success or a 409 after one: settle (see settle).
//  4. Settled as nothing stored: send again, within the retry policy's
//     attempts and the client's retry budget; when it may not be, the
//     last failure comes back as known.
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
	listed := time.Now() // a claim older than this was stored before the listing was read
	var auth string
	before, err := r.matching(ctx, body, sent, nil, &auth)
	if err != nil {
		return nil, fmt.Errorf("confluent: create of %s not sent: reading what is stored already failed: %w", r.kind, err)
	}
	s := &settling[T]{before: map[string]bool{}, shown: map[string]bool{}, auth: auth}
	for _, m := range before {
		s.before[m.id] = true
	}
	s.op = beginCreate(r.c.serverKey, r.kind, sent, listed)
	defer func() {
		var first time.Time
		if len(s.doubts) > 0 {
			first = s.doubts[0].sent
		}
		s.op.rec.end(s.op, s.unseen(), s.known(), first, s.excess())
	}()
	if len(before) > 0 {
		ids, specs, created := make([]string, len(before)), make([]map[string]any, len(before)), make([]*time.Time, len(before))
		for i, m := range before {
			ids[i], specs[i], created[i] = m.id, m.spec, r.view(&before[i].item).createdAt
		}
		s.op.rec.sighted(s.op, ids, specs, created, listed, r.c.retry.MaxSettle)
	}
	for n := 1; ; n++ {
		req, err := r.create(r.c.server, jsonType, bytes.NewReader(raw))
		if err != nil {
			return nil, err
		}
		s.op.rec.sending(s.op)
		at := attempt{sent: time.Now()}
		out, a, err := send[T](ctx, r.c, req, r.one)
		at.ended = time.Now()
		if a != nil && a.auth != "" {
			s.auth = a.auth
		}
		if err == nil {
			v := r.view(out)
			s.op.rec.judged(s.op, v.id, at.sent, v.createdAt)
			if len(s.doubts) == 0 {
				return out, nil
			}
			s.own, s.ownAt = out, at
			return r.settle(ctx, body, sent, s, err)
		}
		s.op.rec.judged(s.op, "", at.sent, nil)
		s.stored = s.stored || a != nil && a.status < 300 // a success whose body did not decode
		conflict := errors.Is(err, ErrConflict)
		switch {
		case a != nil && a.status < 300, !conflict && outcomeUnknown(a, err):
			s.doubts = append(s.doubts, at)
		case !conflict && len(s.doubts) > 0 && r.c.retry.UnseenIsUnknown:
			// Refused, or not sent, after attempts in doubt whose stores no
			// read showed: the caller takes no window for proof.
			return nil, r.unknown(s, nil, err, errUnseen)
		case !conflict || len(s.doubts) == 0:
			return nil, err // known: refused, or not sent
		default: // a 409 after doubt: the resource in the way may be this create's own
			s.conflict = true
			s.named = r.conflicting(ctx, r.createEnv(&body), a, sent, s)
		}
		if out, err := r.settle(ctx, body, sent, s, err); out != nil || err != nil {
			return out, err
		}
		// Nothing was stored: the create failed, and may be sent again.
		d := r.c.retry.backoff(n)
		if n >= r.c.retry.MaxAttempts || !fits(ctx, d) || !r.c.budget.spend(retryCost) {
			return nil, r.notSent(s, err, n)
		}
		if r.c.log != nil {
			r.c.log.DebugContext(ctx, "confluent create retried: reading showed nothing stored", "kind", r.kind, "attempt", n, "delay", d)
		}
		if serr := sleep(ctx, d); serr != nil {
			return nil, r.notSent(s, err, n)
		}
	}
}

// errStaleClaim is the reason a create's outcome is unknown when a
// resource it read has the id of a claim older than its first listing,
// was missing from that listing, and no created_at tells it from the
// claimed one (see creates.unclaimed).
var errStaleClaim = errors.New("a resource that may be this create's own has the id of one another create of this program returned before its first listing was sent, " +
	"was missing from that listing, and no created_at tells the two apart (none, or the same whole second): " +
	"a list behind the store, or a server that hands out ids again (a test server started anew on one address?)")

// errGhost is the reason a create's outcome is unknown when the one
// resource it may have stored, read but not named by an answer, may be a
// late store of an earlier create of this program that ended while an
// attempt of it may have stored a resource no read showed it (see
// creates.end).
var errGhost = errors.New("the resource read may be a late store of an earlier identical create of this program, " +
	"which ended while one of its attempts may have stored a resource that never showed: nothing read tells the two apart")

// errUnseen is the reason a create's outcome is unknown under
// RetryPolicy.UnseenIsUnknown when an attempt in doubt stored nothing a
// read showed: its settle window passed, yet it may still store.
var errUnseen = errors.New("an attempt whose outcome was unknown stored nothing any read showed within its settle window, " +
	"and RetryPolicy.UnseenIsUnknown takes no window for proof that it never will")

// attempt is one send of a create whose outcome was unknown.
type attempt struct{ sent, ended time.Time }

// settling is what a create knows while it settles its outcome.
type settling[T any] struct {
	op       *openCreate
	before   map[string]bool // matching resources stored before the create was sent
	doubts   []attempt       // attempts that may each have stored a resource no answer named
	own      *T              // the resource an answer named
	ownAt    attempt         // the attempt whose answer named own
	named    *matched[T]     // the resource a 409's Location named, when it may be the create's own
	lastRead time.Time       // when the last read was taken
	shown    map[string]bool // the ids the reads have shown
	// counted is how many resources the last read attributed to the
	// create (the answered one included).
	counted int
	// stored: a success answer did not decode; conflict: the last attempt
	// was answered 409, and namedForeign: its Location names a resource
	// that is not this create's.
	stored, conflict, namedForeign bool
	// auth is the Authorization a request of the create last carried: the
	// ids an unknown outcome prints are the server's, and blanked of it.
	auth string
}

// unseen is how many of the create's attempts may have stored a resource
// that no read attributed to it: each attempt in doubt, and the answered
// one, may have stored one.
func (s *settling[T]) unseen() int {
	if len(s.doubts) == 0 {
		return 0
	}
	return max(0, s.attempts()-s.counted)
}

// attempts is how many of the create's attempts may have stored a
// resource: each attempt in doubt, and the answered one.
func (s *settling[T]) attempts() int {
	if s.own != nil {
		return len(s.doubts) + 1
	}
	return len(s.doubts)
}

// excess is how many more resources the last read attributed to the
// create than its attempts may have stored.
func (s *settling[T]) excess() int {
	return max(0, s.counted-s.attempts())
}

// known is every matching id the create read: none is a store of its
// that never showed.
func (s *settling[T]) known() map[string]bool {
	k := make(map[string]bool, len(s.before)+len(s.shown))
	for id := range s.before {
		k[id] = true
	}
	for id := range s.shown {
		k[id] = true
	}
	return k
}

// matched is a stored resource that holds every field a create sent.
type matched[T any] struct {
	id   string
	spec map[string]any
	item T
}

// settledBy is when what an attempt may have stored has had its time to
// show: SettleDelay after it ended plus as long again as it waited, and
// no sooner than late after it was sent (the longest a store was seen to
// take to show), bounded by MaxSettle after it ended. cut is set when
// that bound shortened the window: the attempt may still store after it,
// and the time it would have needed is full.
func (p RetryPolicy) settledBy(a attempt, late time.Duration) (t time.Time, cut bool, full time.Time) {
	t = a.ended.Add(p.SettleDelay + a.ended.Sub(a.sent))
	if l := a.sent.Add(late); l.After(t) {
		t = l
	}
	if limit := a.ended.Add(p.MaxSettle); t.After(limit) {
		return limit, true, t
	}
	return t, false, t
}

// settle decides a create's outcome after doubt, by reading. Each attempt
// in doubt may have stored one resource; a resource is counted as this
// create's when it matches every field sent, was not stored before the
// create was sent, and is not claimed by another create of this program
// (nor may be about to be: see creates.unclaimed).
//
//   - More than one such resource (the answered one included): some
//     attempt stored a second: *OutcomeUnknownError with them all.
//   - Fewer than the attempts in doubt, while one of those may still
//     store (see RetryPolicy.SettleDelay): wait until none may, then read
//     again; when the context leaves no time for that, the outcome is
//     unknown.
//   - One: it is the create's own; returned.
//   - None: after a success that did not decode, unknown; after a 409
//     whose Location names another's resource, that conflict; after a
//     409 that names none, unknown; else (nil, nil): nothing was stored.
func (r *resource[T, C, U, O]) settle(ctx context.Context, body C, sent map[string]any, s *settling[T], last error) (*T, error) {
	unknown := func(found []matched[T], readErr error) (*T, error) {
		return nil, r.unknown(s, found, last, readErr)
	}
	for {
		listed := map[string]bool{} // every id the listing holds, matching or not
		all, err := r.matching(ctx, body, sent, listed, &s.auth)
		if err != nil {
			return unknown(nil, err)
		}
		read := time.Now()
		var reads []matched[T] // what may be this create's: not stored before it was sent
		fromList := 0          // reads[fromList:] are from this listing
		if s.named != nil && !s.before[s.named.id] {
			reads = append(reads, *s.named)
			fromList = 1
		}
		for _, m := range all {
			if !s.before[m.id] {
				reads = append(reads, m)
			}
		}
		ids, specs, created := make([]string, len(reads)), make([]map[string]any, len(reads)), make([]*time.Time, len(reads))
		for i := range reads {
			ids[i], specs[i], created[i] = reads[i].id, reads[i].spec, r.view(&reads[i].item).createdAt
		}
		free, stale, lagged, changed := s.op.rec.unclaimed(s.op, ids, specs, created)
		if changed != nil { // another create's answer on its way may claim what this read shows
			select {
			case <-ctx.Done():
				return unknown(nil, ctx.Err())
			case <-changed:
			}
			continue
		}
		if s.lastRead.After(s.doubts[0].sent) {
			// A resource missing from the last read shows now: stores take
			// longer to show than the windows allowed. Learn how long, at
			// most: the time since the first attempt in doubt was sent.
			// Only from this create's own resource or one no create
			// claimed: one another create stored meanwhile, and was
			// answered with, is no late store of this one's (learning from
			// it cut later windows to an unknown outcome with nothing in
			// doubt).
			own := ""
			if s.own != nil {
				own = r.view(s.own).id
			}
			for i, m := range reads[fromList:] {
				if (free[fromList+i] || m.id == own) && !s.shown[m.id] {
					s.op.rec.learn(read.Sub(s.doubts[0].sent))
					break
				}
			}
		}
		for i, sent := range lagged {
			// Another create's resource, stored before this create's first
			// listing was sent yet missing from it, shows now: lists lag
			// behind the store, by at most the time since the attempt that
			// stored it was sent. This create's windows, and later ones',
			// then wait for what its own attempts stored to show (taking
			// the lag for a reused id made creates in a loop behind a
			// 50 ms lag unknown whenever an answer was lost).
			if !sent.IsZero() && !s.shown[ids[i]] {
				s.op.rec.lagBound(read.Sub(sent))
			}
		}
		s.lastRead = read
		for _, m := range all {
			s.shown[m.id] = true
		}
		var found []matched[T]
		seen := map[string]bool{}
		add := func(m matched[T]) {
			if !seen[m.id] && !s.before[m.id] {
				seen[m.id] = true
				found = append(found, m)
			}
		}
		if s.own != nil {
			add(matched[T]{id: r.view(s.own).id, item: *s.own})
		}
		var claimedBefore []matched[T]
		for i, m := range reads {
			switch {
			case free[i]:
				add(m)
			case stale[i]:
				claimedBefore = append(claimedBefore, m)
			}
		}
		s.counted = len(found)
		if len(claimedBefore) > 0 {
			// Either a list behind the store, or a server that reused an id
			// another create of this program returned: then the resource may
			// be this create's own, and neither success nor "nothing stored"
			// can be said.
			for _, m := range claimedBefore {
				add(m)
			}
			return unknown(found, errStaleClaim)
		}
		mayStore := s.attempts()
		if len(found) > 1 {
			return unknown(found, nil)
		}
		if s.own != nil && !listed[r.view(s.own).id] {
			// The answer named this resource, so it is stored: a listing
			// without it is behind the store, and may not show yet what an
			// earlier attempt stored either. Read again until it shows
			// (which teaches how long stores take to show), within the
			// settle window of the answered attempt. Returning success
			// here returned the second copy while the first was still to
			// show, and nothing was ever learned.
			d := max(r.c.retry.SettleDelay/4, 10*time.Millisecond)
			if by, _, _ := r.c.retry.settledBy(s.ownAt, s.op.rec.late()); time.Now().Add(d).After(by) {
				return unknown(found, fmt.Errorf("the server's listings still leave out the resource this create's answer named, %s after the answer: they are behind the store, and may not show yet what an earlier attempt stored",
					time.Since(s.ownAt.ended).Round(time.Millisecond)))
			}
			if !fits(ctx, d) {
				return unknown(found, fmt.Errorf("the server's listings leave out the resource this create's answer named, and the context leaves no time to look again: %w", context.DeadlineExceeded))
			}
			if err := sleep(ctx, d); err != nil {
				return unknown(found, err)
			}
			continue
		}
		if len(found) < mayStore {
			var until, full time.Time
			late := s.op.rec.late()
			for _, a := range s.doubts {
				t, cut, need := r.c.retry.settledBy(a, late)
				if t.After(until) {
					until = t
				}
				if cut && need.After(full) {
					full = need
				}
			}
			if wait := time.Until(until); wait <= 0 && time.Now().Before(full) {
				// MaxSettle cut a window shorter than what this program has
				// seen stores take to show (or than the attempt waited): an
				// attempt may still store, so neither success nor "nothing
				// stored" can be said.
				return unknown(found, fmt.Errorf("an earlier attempt may still store a resource: its settle window, %s by how long stores were seen to take to show, was cut to RetryPolicy.MaxSettle (%s)",
					full.Sub(s.doubts[0].sent).Round(time.Millisecond), r.c.retry.MaxSettle))
			} else if wait > 0 {
				if !fits(ctx, wait) {
					return unknown(found, fmt.Errorf("an earlier attempt may still store a resource for %s, and the context leaves no time to look again: %w",
						wait.Round(time.Millisecond), context.DeadlineExceeded))
				}
				if err := sleep(ctx, wait); err != nil {
					return unknown(found, err)
				}
				continue
			}
		}
		if late := s.op.rec.late(); late > 0 && len(found) >= mayStore {
			// Lists lag here: what this create's attempts stored may show
			// only late after they were sent, while a resource an earlier
			// create stored (one that ended with its outcome unknown, whose
			// store showed after it gave up) shows now and fills the count.
			// Taking it returned another create's resource with this one's
			// still to show, behind a 300 ms lag. Wait until what the
			// attempts stored has had the lag to show: both then show, and
			// the count says so.
			var until time.Time
			for _, a := range s.doubts {
				until = latest(until, a.sent.Add(late), a.ended.Add(r.c.retry.MaxSettle))
			}
			if wait := time.Until(until); wait > 0 {
				if !fits(ctx, wait) {
					return unknown(found, fmt.Errorf("lists lag behind the store here by up to %s, and the context leaves no time to wait for what this create's attempts stored to show: %w",
						late.Round(time.Millisecond), context.DeadlineExceeded))
				}
				if err := sleep(ctx, wait); err != nil {
					return unknown(found, err)
				}
				continue
			}
		}
		if r.c.retry.UnseenIsUnknown && len(found) < mayStore && (len(found) == 1 || s.conflict && s.namedForeign) {
			// Success, or a 409 naming another's resource, while an attempt
			// in doubt stored nothing a read showed: its window passed, and
			// the caller takes no window for proof.
			return unknown(found, errUnseen)
		}
		switch {
		case len(found) == 1 && s.own != nil && found[0].id == r.view(s.own).id:
			return s.own, nil
		case len(found) == 1:
			ok, changed, haunted := s.op.rec.take(s.op, found[0].id, found[0].spec, s.doubts[0].sent, r.view(&found[0].item).createdAt)
			if haunted {
				return unknown(found, errGhost)
			}
			if ok {
				if r.c.log != nil {
					r.c.log.InfoContext(ctx, "confluent create settled by reading", "kind", r.kind, "attempts", len(s.doubts))
				}
				return &found[0].item, nil
			}
			if changed != nil { // another create may be about to be answered with it
				select {
				case <-ctx.Done():
					return unknown(found, ctx.Err())
				case <-changed:
				}
			}
			continue
		case s.stored:
			return unknown(nil, nil)
		case s.conflict && s.namedForeign:
			return nil, last
		case s.conflict:
			return unknown(nil, errors.New("the 409 names no resource this create can read, and it may be its own"))
		}
		return nil, nil // every attempt in doubt had its time to show what it stored, and none did
	}
}

// latest is the later of t and at, at no later than limit.
func latest(t, at, limit time.Time) time.Time {
	if at.After(limit) {
		at = limit
	}
	if at.After(t) {
		return at
	}
	return t
}

// conflicting reads the resource a 409's Location names. It returns it
// when it may be this create's own (it holds every field sent, and was not
// stored before the create was sent), and sets s.namedForeign when it
// surely is not.
func (r *resource[T, C, U, O]) conflicting(ctx context.Context, env string, a *answer, sent map[string]any, s *settling[T]) *matched[T] {
	loc := a.header.Get("Location")
	if loc == "" {
		return nil
	}
	u, err := r.c.base.Parse(loc)
	if err != nil || !r.c.origin.same(u) {
		return nil
	}
	id := path.Base(u.Path)
	if checkID("id", id) != nil {
		return nil
	}
	out, _, err := r.getAnswer(ctx, place{env: env}, id)
	if err != nil {
		return nil
	}
	doc, err := docOf(out)
	if err != nil {
		return nil
	}
	spec, _ := doc["spec"].(map[string]any)
	got := docID(doc)
	if !subset(sent, spec) || s.before[got] || got != id {
		s.namedForeign = true
		return nil
	}
	return &matched[T]{id: got, spec: spec, item: *out}
}

// notSent is the error of a create that reads settled as nothing stored
// and that is not sent again after sends attempts, err the last one's:
// a known failure (see notStored), or, under RetryPolicy.UnseenIsUnknown,
// an unknown outcome (every attempt in doubt stored nothing a read
// showed).
func (r *resource[T, C, U, O]) notSent(s *settling[T], err error, sends int) error {
	if r.c.retry.UnseenIsUnknown {
		return r.unknown(s, nil, err, errUnseen)
	}
	return notStored(err, sends)
}

// unknown is the error of a create whose outcome s leaves unknown, with
// found as the candidates (the resource an answer named is one, found or
// not), last the error of the last attempt and readErr why reading did not
// settle it.
func (r *resource[T, C, U, O]) unknown(s *settling[T], found []matched[T], last, readErr error) *OutcomeUnknownError {
	var items []T
	answered := ""
	if s.own != nil {
		answered = r.view(s.own).id
		if !slices.ContainsFunc(found, func(m matched[T]) bool { return m.id == answered }) {
			items = append(items, *s.own)
		}
	}
	for i := range found {
		items = append(items, found[i].item)
	}
	e := outcomeUnknownError("create", r.kind, "", items, r.view, last, readErr)
	e.AnsweredID, e.Unseen = answered, max(0, s.attempts()-len(items))
	e.red = newRedactor(s.auth)
	return e
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

// matching lists what a create of body may have stored, with the filters
// the API has for what it sends, and returns the resources that hold
// every field it sent; listed, when not nil, gets every id listed, and
// auth the Authorization the last page's request carried.
func (r *resource[T, C, U, O]) matching(ctx context.Context, body C, sent map[string]any, listed map[string]bool, auth *string) ([]matched[T], error) {
	opts := r.lookup(&body)
	size, tok := r.paging(&opts)
	*size, *tok = r.bounds.MaxPageSize, ""
	at := place{env: r.createEnv(&body)}
	var found []matched[T]
	seen := map[string]bool{}
	for range maxLookupPages {
		items, next, a, err := r.fetchPage(ctx, at, &opts)
		if err != nil {
			return nil, err
		}
		if a != nil && a.auth != "" {
			*auth = a.auth
		}
		for i := range items {
			doc, err := docOf(&items[i])
			if err != nil {
				continue
			}
			spec, _ := doc["spec"].(map[string]any)
			if listed != nil {
				listed[docID(doc)] = true
			}
			if subset(sent, spec) {
				found = append(found, matched[T]{id: docID(doc), spec: spec, item: items[i]})
			}
		}
		token, err := nextToken(next, r.bounds.MaxPageTokenLength)
		if err != nil {
			return nil, err
		}
		if token == "" {
			return found, nil
		}
		if seen[token] {
			return nil, fmt.Errorf("%w: the server sent page token %q twice", ErrPageTokenRepeat, token)
		}
		seen[token] = true
		*tok = token
	}
	return nil, fmt.Errorf("confluent: more than %d pages to read to settle a create", maxLookupPages)
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

// recordedKindPrefix is how recorded answers spell a union's kind
// ("networking.v1.AwsPrivateLinkAccess" for "AwsPrivateLinkAccess";
// shared/upstream BEHAVIOUR.md): both spellings name one variant.
const recordedKindPrefix = "networking.v1."

// sameKind reports whether two union kinds name the same variant, in
// either spelling.
func sameKind(want, got any) bool {
	w, ok1 := want.(string)
	g, ok2 := got.(string)
	return ok1 && ok2 && strings.TrimPrefix(w, recordedKindPrefix) == strings.TrimPrefix(g, recordedKindPrefix)
}

// subset reports whether got holds everything want holds. Objects match
// when every key of want matches (got may hold more: the server adds
// read-only fields; a kind matches in either spelling, see sameKind); a key sent empty ("" or null) matches a missing one;
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
			if k == "kind" && sameKind(wv, gv) {
				continue
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
