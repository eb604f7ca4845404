package wrapper

import (
	"errors"
	"strings"
)

// field is one thing an answer must hold.
type field struct {
	name    string
	present bool
}

// requireFields fails naming every field that is missing. Each model's
// check asks for what every answer of that resource must hold by the spec
// (spec and status, and status.phase) and for its id, without which the
// answer cannot be used (the spec's create answer leaves it optional; a
// create answer without one is settled by reading, like a lost answer).
func requireFields(fields ...field) error {
	var missing []string
	for _, f := range fields {
		if !f.present {
			missing = append(missing, f.name)
		}
	}
	if len(missing) == 0 {
		return nil
	}
	return errors.New("missing " + strings.Join(missing, ", "))
}
