package fake

import (
	"slices"
	"time"
)

// BreakAnswersForTest makes every later answer drop status.phase, which the
// spec requires, so that tests can see response validation refuse it.
func BreakAnswersForTest(s *Server) { s.breakAnswers = true }

// FingerprintForTest is the query fingerprint page tokens are bound to,
// for a list of display names.
func FingerprintForTest(names []string) string {
	return filter{env: "env-1", by: map[string][]string{"spec.display_name": names}}.fingerprint(kindNLS)
}

// ReadOnlyForTest lists, as JSON pointers, the request properties the fake
// treats as read-only for an operation.
func ReadOnlyForTest(s *Server, operationID string) []string {
	t := s.readOnly[operationID]
	if t == nil {
		return nil
	}
	var out []string
	var walk func(t *roTree, prefix string)
	walk = func(t *roTree, prefix string) {
		for k := range t.drop {
			out = append(out, prefix+"/"+k)
		}
		for k, c := range t.sub {
			walk(c, prefix+"/"+k)
		}
	}
	walk(t, "")
	slices.Sort(out)
	return out
}

// WithClockForTest makes phases (WithPhaseTimes) and timestamps follow
// now instead of time.Now.
func WithClockForTest(now func() time.Time) Option {
	return func(c *config) error { c.now = now; return nil }
}
