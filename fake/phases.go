package fake

import (
	"errors"
	"time"
)

// How phases move.
//
// By default they move with reads, as the tests of a client want: a new
// resource shows PROVISIONING for WithReadyAfter reads by id, a deleted
// one DEPROVISIONING for WithDeleteAfter reads, by id or in a list, and is
// then gone. With WithPhaseTimes they move with time instead, as a tool
// that polls on its own schedule (Terraform's provider waits 5 s before
// its first poll, and reads nothing after deleting a network) needs.

// phasing is what a record's phase depends on besides the record.
type phasing struct {
	readyAfter int
	byTime     bool
	readyIn    time.Duration
	now        time.Time
}

// phasing is the fake's setting at this moment; s.mu is held or not
// needed (the clock and the settings never change).
func (s *Server) phasing() phasing {
	return phasing{readyAfter: s.cfg.readyAfter, byTime: s.cfg.byTime, readyIn: s.cfg.readyIn, now: s.cfg.now()}
}

// provisioning reports whether r still shows PROVISIONING.
func (p phasing) provisioning(r *record) bool {
	if p.byTime {
		return p.now.Before(r.born.Add(p.readyIn))
	}
	return r.reads <= p.readyAfter
}

// gone reports whether a deleted record has shown DEPROVISIONING for as
// long as it should: the reads WithDeleteAfter gives (counted before the
// call), or the time WithPhaseTimes gives.
func (s *Server) gone(r *record, now time.Time) bool {
	if s.cfg.byTime {
		return !now.Before(r.deletedAt.Add(s.cfg.deleteIn))
	}
	return r.readsSinceDelete > s.cfg.deleteAfter
}

// pageLocked returns the records of kind k matching f that show in lists
// at p.now and come after the record with seq after, at most size, and
// the seq to give the next page (0 on the last page). A deleted record it
// shows counts a DEPROVISIONING read (WithDeleteAfter); one whose reads
// (or time) are over leaves the store instead of showing, so that deleted
// records leave a list as they leave a read by id. Records beyond the
// page are not read. s.mu is held.
func (s *Server) pageLocked(k kind, f filter, after uint64, size int, p phasing) ([]*record, uint64) {
	var out []*record
	var next uint64
	changed := false
	for _, r := range append([]*record(nil), s.store.order[k]...) {
		if r.seq <= after || !f.match(r, p) || r.listedFrom.After(p.now) {
			continue
		}
		if len(out) == size {
			next = out[len(out)-1].seq
			break
		}
		if r.deleting && r.endpoint == nil {
			if !s.cfg.byTime {
				r.readsSinceDelete++
				changed = true
			}
			if s.gone(r, p.now) {
				changed = true
				s.store.remove(r)
				continue
			}
		}
		out = append(out, r)
	}
	if changed {
		s.saveLocked()
	}
	return out, next
}

// WithPhaseTimes makes phases move with time rather than reads: a new
// resource shows PROVISIONING for ready, then READY (or the phase its kind
// settles in); a deleted one shows DEPROVISIONING for del, then is gone,
// by id and in lists alike. Zero is at once. WithReadyAfter and
// WithDeleteAfter then have no effect.
func WithPhaseTimes(ready, del time.Duration) Option {
	return func(c *config) error {
		if ready < 0 || del < 0 {
			return errors.New("WithPhaseTimes: negative duration")
		}
		c.byTime, c.readyIn, c.deleteIn = true, ready, del
		return nil
	}
}

// expireLocked removes every deleted record whose DEPROVISIONING time
// (WithPhaseTimes) is over, whatever is asked, so that the state file
// loses it too without a read of its own; s.mu is held.
func (s *Server) expireLocked() {
	now := s.cfg.now()
	changed := false
	for k := range s.store.order {
		for _, r := range append([]*record(nil), s.store.order[k]...) {
			if r.deleting && r.endpoint == nil && s.gone(r, now) {
				s.store.remove(r)
				changed = true
			}
		}
	}
	if changed {
		s.saveLocked()
	}
}
