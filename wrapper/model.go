package wrapper

import "time"

// view is what the wrapper reads of a model: its id, spec.environment.id,
// status and metadata.created_at. Each collection's view function is
// generated (handles.gen.go, viewGateway and the like) from the fields its
// model has.
type view struct {
	id, env   string
	status    status
	createdAt *time.Time // nil when the answer has none (or a zero one)
	needs     needs      // what an answer of the model must hold
}

// needs names the fields an answer must hold: those of id,
// spec.environment and status.phase its model has.
type needs uint8

const (
	needID needs = 1 << iota
	needEnv
	needPhase
)

// check asks an answer for what every answer of its resource must hold by
// the spec (spec.environment and status.phase) and for its id, without
// which it cannot be used (the spec's create answer leaves it optional; a
// create answer without one is settled by reading, like a lost answer).
func (w view) check() error {
	return requireFields(field{"id", w.needs&needID == 0 || w.id != ""},
		field{"spec.environment", w.needs&needEnv == 0 || w.env != ""},
		field{"status.phase", w.needs&needPhase == 0 || w.status.phase != ""})
}
