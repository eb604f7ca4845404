package wrapper

import (
	"net"
	"net/url"
	"strings"
	"sync"
	"time"
)

// claimTTL is how long a create's resource stays claimed: longer than any
// call's settling, so that no other create of the client takes it as its
// own meanwhile.
const claimTTL = 15 * time.Minute

// creates is the program's record of its creates against one server,
// shared by every Client of that server (see registry): the ids of the
// resources they returned (claims), and the creates still running, each
// with what it sent and whether an attempt of it is on its way. A create
// settling by reading never adopts a claimed resource, nor one that a
// running create with an attempt on its way may have stored: that one's
// answer may yet name it. So a resource goes to one create in the
// program, whichever answer or read arrives first, however many clients
// it has.
type creates struct {
	key     string // the server's key in the registry
	mu      sync.Mutex
	ids     map[string]claim // claimed ids
	pruneAt int              // the size at which expired claims are dropped next
	open    map[*openCreate]struct{}
	// changed is closed, and replaced, whenever a running create's attempt
	// ends or a create ends: a create waiting on another looks again.
	changed chan struct{}
	// slowest is the longest a create's resource was seen to take to show
	// in a listing after it was sent, and slowestAt when; see late.
	slowest   time.Duration
	slowestAt time.Time
	// lagged is the least of the bounds on the list lag that other
	// creates' resources gave (see lagBound), and laggedAt when it was
	// last set.
	lagged   time.Duration
	laggedAt time.Time
	// read holds the matching ids that creates which had an attempt in
	// doubt read, and when they ended: such a resource is no ghost's
	// unseen store (see sighted).
	read        map[string]time.Time
	pruneReadAt int
}

// claim is a claimed id: when it was claimed, and the claimed resource's
// metadata.created_at as the answer or read that settled it showed it
// (nil when it showed none). created_at never changes for a resource, so
// a resource read later with the id and another created_at is another
// resource: the server handed the id out again.
type claim struct {
	at      time.Time
	sent    time.Time // when the attempt that may have stored it was sent
	created *time.Time
}

// sameResource says whether a resource read with a claimed id and the
// created_at read is the claimed one: yes, no (the id was reused), or
// unsure (either has no created_at, or both are the same whole second: a
// server that stamps whole seconds and hands ids out again, started anew
// within one second, shows the same id and created_at for another
// resource).
//
// The two are compared at the coarser of their precisions: a server may
// write the create answer's created_at to the microsecond and its lists'
// to the millisecond (cut or rounded), or trim trailing zeros. Comparing
// them exactly took the claimed resource, read in a list, for a new one
// with the id reused, and a later identical create returned it too.
func (cl claim) sameResource(read *time.Time) (same, reused bool) {
	if cl.created == nil || read == nil {
		return false, false
	}
	a, b := *cl.created, *read
	q := max(precision(a), precision(b))
	if !a.Truncate(q).Equal(b.Truncate(q)) && !a.Round(q).Equal(b.Round(q)) {
		return false, true
	}
	return q < time.Second, false
}

// precision is the coarsest of 1 ns, 10 ns, ... 1 s whose multiple t's
// fraction of a second is: how finely t was written, as far as t shows.
func precision(t time.Time) time.Duration {
	p := time.Nanosecond
	for p < time.Second && t.Nanosecond()%int(10*p) == 0 {
		p *= 10
	}
	return p
}

// lateMemory is how long a slow store is remembered.
const lateMemory = 10 * time.Minute

// learn records that a create's resource took up to d to show.
func (c *creates) learn(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if d >= c.slowest || time.Since(c.slowestAt) > lateMemory {
		c.slowest, c.slowestAt = d, time.Now()
	}
}

// lagBound records that a resource another create claimed was missing
// from a listing and showed in one taken d after the attempt that stored
// it was sent: lists lag behind the store by at most d. The read that
// shows it comes when the reading create's window ends, so d may be far
// above the lag; the least bound seen is kept (taking the greatest, as
// learn does, grew each create's window by the time since the previous
// create, with no end).
func (c *creates) lagBound(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if d < c.lagged || time.Since(c.laggedAt) > lateMemory {
		c.lagged, c.laggedAt = d, time.Now()
	}
}

// late is the longest a create's resource was seen to take to show in
// the last lateMemory (or the bound on the list lag, when longer): every
// create of the server waits at least that long for what an attempt in
// doubt may have stored.
func (c *creates) late() time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	var d time.Duration
	if time.Since(c.slowestAt) <= lateMemory {
		d = c.slowest
	}
	if time.Since(c.laggedAt) <= lateMemory {
		d = max(d, c.lagged)
	}
	return d
}

// openCreate is one running create.
type openCreate struct {
	rec *creates // the record of its server
	// began is when the create's first listing was sent: a resource
	// claimed before then was stored before that listing was read.
	began    time.Time
	kind     string
	sent     map[string]any // the spec it sent
	inFlight bool           // an attempt has been sent and its answer has not been judged
	// A create that ended while some of its attempts may have stored a
	// resource no read showed it stays in open as a ghost until
	// ghostUntil(): unseen is how many such stores may still show.
	// firstSent is when its first attempt in doubt was sent, and endedAt
	// when it ended.
	ended     bool
	unseen    int
	firstSent time.Time
	endedAt   time.Time
	// restedBy is the latest created_at, on the server's clock, of the
	// resources first listings counted as its stores (see sighted); zero
	// when none did.
	restedBy time.Time
}

// ghostMemory is how long an ended create's stores that never showed may
// still show: as long as a slow store is remembered.
const ghostMemory = lateMemory

// ghostUntil is when an ended create stops being a ghost.
func (op *openCreate) ghostUntil() time.Time { return op.endedAt.Add(ghostMemory) }

func newCreates() *creates {
	return &creates{ids: map[string]claim{}, pruneAt: 1024, read: map[string]time.Time{}, pruneReadAt: 1024, open: map[*openCreate]struct{}{}, changed: make(chan struct{})}
}

// registry holds one creates per server (base URL) for the whole program:
// two clients of one server must not return one resource to two creates,
// as two clients of one process, each with a record of its own, did. A
// record is looked up at each create's start, not kept by the Client, and
// freed once nothing needs it (see idleLocked): a program that talks to
// many short-lived servers (a test suite starting one per test) kept one
// record per server it ever used.
var registry = registryOf{of: map[string]*creates{}, sweepAt: minSweep}

type registryOf struct {
	sync.Mutex
	of      map[string]*creates
	sweepAt int // the size at which idle records are looked for next
}

// minSweep is the fewest records at which the registry looks for idle
// ones whose claims have expired.
const minSweep = 64

// serverKey names the server at base for the registry: its origin with
// the default port written out and the host in lower case, and its path,
// so that every spelling of one server shares one record. An IP address
// is written one way (::ffff:127.0.0.1 is 127.0.0.1), a name without its
// final dot, and every loopback host (localhost, 127.0.0.1, ::1, and
// the unspecified 0.0.0.0 and ::, which reach the same machine) is one:
// they name one machine, and a Client on localhost and one on 127.0.0.1
// of one server kept two records, so both returned one resource. Sharing
// a record between two servers only makes creates wait for, or doubt,
// each other's; two records for one server let both return a resource.
func serverKey(base *url.URL) string {
	o := origin(base)
	o.host = strings.TrimSuffix(o.host, ".")
	ip := net.ParseIP(o.host)
	if ip != nil {
		o.host = ip.String()
	}
	// A connection to the unspecified address (0.0.0.0, ::) lands on the
	// local machine, as one to a loopback address does.
	if isLoopback(o.host) || ip != nil && ip.IsUnspecified() {
		o.host = "localhost"
	}
	return o.String() + canonicalPath(base.EscapedPath())
}

// canonicalPath is an escaped path written one way: each segment unescaped
// and escaped again (/a%62 is /ab, %2f is %2F), without a trailing slash.
func canonicalPath(escaped string) string {
	segs := strings.Split(strings.TrimRight(escaped, "/"), "/")
	for i, s := range segs {
		if u, err := url.PathUnescape(s); err == nil {
			segs[i] = url.PathEscape(u)
		}
	}
	return strings.Join(segs, "/")
}

// beginCreate records a running create of kind that sends spec against
// the server named key, in that server's record (made when there is
// none); listed is when its first listing was sent. The lookup and the
// registration are one step, so that a record is never freed between
// them.
func beginCreate(key, kind string, spec map[string]any, listed time.Time) *openCreate {
	registry.Lock()
	defer registry.Unlock()
	c := registry.of[key]
	if c == nil {
		if len(registry.of) >= registry.sweepAt {
			registry.sweepLocked()
		}
		c = newCreates()
		c.key = key
		registry.of[key] = c
	}
	return c.begin(kind, spec, listed)
}

// sweepLocked frees every idle record; registry is locked.
func (r *registryOf) sweepLocked() {
	for k, c := range r.of {
		c.mu.Lock()
		idle := c.idleLocked()
		c.mu.Unlock()
		if idle {
			delete(r.of, k)
		}
	}
	r.sweepAt = max(minSweep, 2*len(r.of))
}

// idleLocked says whether nothing needs c any longer: no create is
// running, no claim is unexpired and no slow store is remembered; c.mu is
// held. A create that starts later makes a new record, and loses nothing:
// a claim only keeps a resource from other creates while it is unexpired.
func (c *creates) idleLocked() bool {
	for op := range c.open {
		if op.ended && !time.Now().Before(op.ghostUntil()) {
			delete(c.open, op)
		}
	}
	if len(c.open) > 0 || time.Since(c.slowestAt) <= lateMemory || time.Since(c.laggedAt) <= lateMemory {
		return false
	}
	for _, cl := range c.ids {
		if time.Since(cl.at) < claimTTL {
			return false
		}
	}
	return true
}

// begin records a running create of kind that sends spec; see beginCreate.
func (c *creates) begin(kind string, spec map[string]any, listed time.Time) *openCreate {
	op := &openCreate{rec: c, began: listed, kind: kind, sent: spec}
	c.mu.Lock()
	c.open[op] = struct{}{}
	c.mu.Unlock()
	return op
}

// end forgets a create that returned, and frees the record of its server
// when nothing needs it any longer. unseen is how many of its attempts may
// have stored a resource that no read attributed to it, and known the
// matching ids its reads showed (recorded when it had an attempt in doubt,
// firstSent not zero): with unseen > 0, the create stays as a ghost for
// ghostMemory (see hauntedLocked).
//
// excess is how many more resources its last read attributed to it than
// its attempts could store: those are other creates' stores, and lay as
// many of the ghosts' unseen stores to rest, when no other running create
// sent what op sent. Those are resources shown after op's first
// listing, so another program's among them is one op would have taken
// for its own too (doc.go).
func (c *creates) end(op *openCreate, unseen int, known map[string]bool, firstSent time.Time, excess int) {
	registry.Lock()
	defer registry.Unlock()
	c.mu.Lock()
	now := time.Now()
	if excess > 0 {
		running := false
		for other := range c.open {
			if other != op && !other.ended && other.kind == op.kind && subset(other.sent, op.sent) {
				running = true
			}
		}
		for other := range c.open {
			if running || excess == 0 {
				break
			}
			if other.ended && other.kind == op.kind && other.unseen > 0 && subset(other.sent, op.sent) {
				n := min(excess, other.unseen)
				other.unseen -= n
				excess -= n
			}
		}
	}
	if !firstSent.IsZero() {
		if len(c.read) >= c.pruneReadAt {
			for id, at := range c.read {
				if now.Sub(at) > ghostMemory {
					delete(c.read, id)
				}
			}
			c.pruneReadAt = max(1024, 2*len(c.read))
		}
		for id := range known {
			c.read[id] = now
		}
	}
	if unseen > 0 {
		op.ended, op.inFlight, op.unseen, op.firstSent = true, false, unseen, firstSent
		op.endedAt = now
	} else {
		delete(c.open, op)
	}
	c.broadcast()
	idle := c.idleLocked()
	c.mu.Unlock()
	if idle && registry.of[c.key] == c {
		delete(registry.of, c.key)
	}
}

// sending marks that an attempt of op is on its way (before it is sent).
func (c *creates) sending(op *openCreate) {
	c.mu.Lock()
	op.inFlight = true
	c.mu.Unlock()
}

// judged marks that op's attempt ended; id, when not empty, is the
// resource its answer named (created when it was made, as the answer
// says), claimed in the same step so that no other create of the client
// can see the attempt over and the resource free.
func (c *creates) judged(op *openCreate, id string, sent time.Time, created *time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	op.inFlight = false
	if id != "" {
		c.claimLocked(id, sent, created)
	}
	c.broadcast()
}

func (c *creates) broadcast() {
	close(c.changed)
	c.changed = make(chan struct{})
}

// take claims id, whose stored spec is spec and created_at created, and
// which an attempt sent at sent may have stored, for op. It fails when the id
// is claimed; and when another running create with an attempt on its way
// sent what spec holds, it fails with a channel that is closed when that
// may have changed.
//
// It fails with haunted set when a ghost (an ended create whose attempt
// may have stored a resource that never showed; see end) sent what spec
// holds: the resource may be that store, showing late, and nothing read
// tells it from op's own.
func (c *creates) take(op *openCreate, id string, spec map[string]any, sent time.Time, created *time.Time) (ok bool, changed <-chan struct{}, haunted bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.takenLocked(id) {
		return false, nil, false
	}
	if c.busyLocked(op, spec) {
		return false, c.changed, false
	}
	if c.hauntedLocked(op, spec, created) {
		return false, nil, true
	}
	c.claimLocked(id, sent, created)
	return true, nil, false
}

// hauntedLocked says whether a live ghost of op's kind sent what spec
// holds, and may have stored the resource made at created (nil: not
// known); c.mu is held. A ghost whose stores a first listing counted
// (see sighted) still may have, when the resource was not made after
// the latest of those: what was counted may have been another program's,
// and the resource the ghost's own store, showing later still.
func (c *creates) hauntedLocked(op *openCreate, spec map[string]any, created *time.Time) bool {
	now := time.Now()
	for other := range c.open {
		if other == op || !other.ended || !now.Before(other.ghostUntil()) || other.kind != op.kind || !subset(other.sent, spec) {
			continue
		}
		if other.unseen > 0 || !other.restedBy.IsZero() && (created == nil || !created.After(other.restedBy)) {
			return true
		}
	}
	return false
}

// sighted lays ghosts to rest from op's first listing: a resource in it
// that matches what a ghost sent, that no create claimed and no create
// with an attempt in doubt read, while no other running create sent what
// it holds, can only be one of the ghosts' unseen stores, or another
// program's; it counts as one of the first such ghost's. ids, specs and
// created are the listing's matching resources (created_at as read),
// listed when the listing was sent.
//
// Another program's resource, made since the ghost ended, counted so let
// the ghost's own store, showing later, be taken by a later create of
// this program as its own (a success for a resource it did not store).
// So only a resource with a created_at counts, and the ghost keeps the
// latest such (restedBy): it still haunts a resource made no later (see
// hauntedLocked), which its own store, made before the ghost ended, is
// when lists lag behind the store.
//
// The store took at most listed - firstSent to show: when the ghost ended
// no more than within of listed, that is learned as a slow store (see
// learn), so that later windows wait for one. Later, the bound would be
// loose, and would hold every later window at MaxSettle.
func (c *creates) sighted(op *openCreate, ids []string, specs []map[string]any, created []*time.Time, listed time.Time, within time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	now := time.Now()
next:
	for i, id := range ids {
		if at, ok := c.read[id]; c.takenLocked(id) || ok && now.Sub(at) <= ghostMemory {
			continue
		}
		var ghost *openCreate
		for other := range c.open {
			if other == op || other.kind != op.kind || !subset(other.sent, specs[i]) {
				continue
			}
			if !other.ended {
				continue next // a running create's store, maybe
			}
			if ghost == nil && other.unseen > 0 && now.Before(other.ghostUntil()) {
				ghost = other
			}
		}
		if ghost != nil {
			if created[i] != nil {
				ghost.unseen--
				if created[i].After(ghost.restedBy) {
					ghost.restedBy = *created[i]
				}
			}
			c.read[id] = now
			if d := listed.Sub(ghost.firstSent); listed.Sub(ghost.endedAt) <= within && (d >= c.slowest || now.Sub(c.slowestAt) > lateMemory) {
				c.slowest, c.slowestAt = d, now
			}
		}
	}
}

// unclaimed returns the ids among ids that no create claimed, in one step
// with the check that no other running create with an attempt on its way
// sent what one of specs (the stored specs of the resources read) holds;
// when one did, it returns a channel closed when that may have changed, and
// the caller reads again once it is. Deciding on a read while such an
// answer is on its way would count as candidates resources that answer is
// about to claim (two identical creates, one answered, one reading, failed
// so about 2 in 300 runs when the claims were checked apart from this).
// The read must be taken before the call: an attempt marked as on its way
// after it cannot have stored what the read shows.
//
// created holds each resource's created_at as read (nil for none). A
// claimed id, claimed before op's first listing was sent, read with
// another created_at than its claim's is a resource the server made anew
// with the id of one it had before (a test server started anew on the
// address of an earlier one, with the same seed): the claim is dropped,
// and the resource judged as any unclaimed one. With the same created_at
// (to a fraction of a second) it is the claimed resource. A claim made
// since that listing was sent is kept whatever the dates: the resource
// cannot have been in the listing, and a server whose create answer and
// lists disagree on a created_at would otherwise free a resource another
// create was just answered with.
//
// lagged holds, for a claimed resource that is the claim's (same
// created_at) and was claimed before op's first listing was sent, when the
// attempt that stored it was sent (zero otherwise). Missing from that
// listing, it shows that lists lag behind the store; the caller learns
// how long from it.
//
// stale marks the claimed ids that neither tells apart (no created_at, or
// one in whole seconds) and whose claim is older than op's first listing:
// a resource another create returned before that listing was sent, yet
// missing from it. A list behind the store shows that; so does a server
// that hands out an id again, where the resource is not the claim's at all
// and may be op's own. A claim made while the listing was on its way is
// neither: the listing may have been read before the store.
func (c *creates) unclaimed(op *openCreate, ids []string, specs []map[string]any, created []*time.Time) (free, stale []bool, lagged []time.Time, changed <-chan struct{}) {
	c.mu.Lock()
	defer c.mu.Unlock()
	free, stale, lagged = make([]bool, len(ids)), make([]bool, len(ids)), make([]time.Time, len(ids))
	for i, id := range ids {
		free[i] = !c.takenLocked(id)
		if !free[i] {
			cl := c.ids[id]
			same, reused := cl.sameResource(created[i])
			switch older := cl.at.Before(op.began); {
			case !older: // claimed while the first listing was on its way, or since: it stays claimed
			case reused:
				delete(c.ids, id)
				free[i] = true
			case same:
				lagged[i] = cl.sent
			default:
				stale[i] = true
			}
		}
		if free[i] && c.busyLocked(op, specs[i]) {
			return nil, nil, nil, c.changed
		}
	}
	return free, stale, lagged, nil
}

// busyLocked says whether another running create of op's kind sent what
// spec holds and has an attempt on its way, or sent more than op did (a
// resource holding that more is its store, not op's, and it settles it
// first: two such creates in doubt, the one that sent less took the
// other's store and returned it, with fields it never sent); c.mu is
// held. Sending more is a strict order, so no two creates wait on each
// other.
func (c *creates) busyLocked(op *openCreate, spec map[string]any) bool {
	for other := range c.open {
		if other == op || other.ended || other.kind != op.kind || !subset(other.sent, spec) {
			continue
		}
		if other.inFlight || subset(op.sent, other.sent) && !subset(other.sent, op.sent) {
			return true
		}
	}
	return false
}

func (c *creates) claimLocked(id string, sent time.Time, created *time.Time) {
	if id == "" {
		return
	}
	now := time.Now()
	if len(c.ids) >= c.pruneAt { // forget the claims no settling can still need
		for k, cl := range c.ids {
			if now.Sub(cl.at) >= claimTTL {
				delete(c.ids, k)
			}
		}
		c.pruneAt = max(1024, 2*len(c.ids))
	}
	if created != nil { // a copy: the pointer is into the answer or read
		t := *created
		created = &t
	}
	c.ids[id] = claim{at: now, sent: sent, created: created}
}

func (c *creates) takenLocked(id string) bool {
	if id == "" {
		return false
	}
	cl, ok := c.ids[id]
	return ok && time.Since(cl.at) < claimTTL
}
