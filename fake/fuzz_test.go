package fake

import (
	"testing"
)

// Page tokens come back from clients: any string either decodes to a
// place in creation order issued for the same query or is refused, never
// a panic.
func FuzzPageToken(f *testing.F) {
	q := filter{env: "env-1", by: map[string][]string{"spec.display_name": {"a"}}}
	f.Add(encodeToken(kindPLA, q, 0))
	f.Add(encodeToken(kindPLA, q, 1000))
	f.Add(encodeToken(kindNLS, q, 5))
	f.Add("djE6LTE6eA")
	f.Add("")
	f.Add("%%%")
	f.Fuzz(func(t *testing.T, tok string) {
		after, ok := decodeToken(kindPLA, q, tok)
		if !ok {
			return
		}
		if again := encodeToken(kindPLA, q, after); again != tok {
			if back, ok := decodeToken(kindPLA, q, again); !ok || back != after {
				t.Fatalf("place %d does not round-trip", after)
			}
		}
		if _, ok := decodeToken(kindNLS, q, tok); ok {
			t.Fatalf("token %q accepted for another collection", tok)
		}
	})
}
