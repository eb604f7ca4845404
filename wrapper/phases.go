package wrapper

import "github.com/ccloud-go/networking/api"

// The phases of status.phase and what each means are generated from the
// spec and gen/phases.yaml: api.PhaseReady and the others, and
// api.PhaseKindOf. Nothing here names a phase.

// waitStep is what a waiter does after seeing a phase.
type waitStep int

const (
	keepPolling waitStep = iota
	done
	stopFailed  // *PhaseError matching ErrFailed
	stopStopped // *PhaseError matching ErrStopped
	stopUnknown // *PhaseError matching ErrUnknownPhase
)

// stepFor decides what a waiter does on phase; deleting says it waits for
// the resource to go (WaitDeleted), not for READY.
func stepFor(phase string, deleting bool) waitStep {
	switch api.PhaseKindOf(phase) {
	case api.PhaseKindOnTheWay:
		return keepPolling
	case api.PhaseKindReady:
		if deleting {
			return keepPolling
		}
		return done
	case api.PhaseKindFailed:
		return stopFailed
	case api.PhaseKindStopped, api.PhaseKindLeaving:
		if deleting {
			return keepPolling
		}
		return stopStopped
	}
	return stopUnknown
}
