package wrapper

// Phases of status.phase, as the networking v1 resources spell them.
const (
	PhaseProvisioning   = "PROVISIONING"
	PhasePendingAccept  = "PENDING_ACCEPT"
	PhaseReady          = "READY"
	PhaseFailed         = "FAILED"
	PhaseInError        = "ERROR"
	PhaseDeprovisioning = "DEPROVISIONING"
	PhaseDisconnecting  = "DISCONNECTING"
	PhaseDisconnected   = "DISCONNECTED"
	PhaseExpired        = "EXPIRED"
	PhaseInactive       = "INACTIVE"
	// A resting phase: made, and waiting for something else to exist (a
	// gateway for an access point, a DNS forwarder for a Kafka cluster, a
	// private link attachment for a connection). WaitReady returns there.
	PhaseCreated               = "CREATED"
	PhaseWaitingForConnections = "WAITING_FOR_CONNECTIONS"
	// Running, with trouble (unreachable DNS resolvers, a partial failure).
	PhaseDegraded = "DEGRADED"
)

// phaseKind is what a phase means to a waiter.
type phaseKind int

const (
	phaseUnknown  phaseKind = iota
	phaseOnTheWay           // changing, towards READY: wait
	phaseReady              // the goal of WaitReady
	phaseFailed             // failed: no waiter goes on
	phaseStopped            // will not become READY by itself: WaitReady stops, WaitDeleted waits
	phaseLeaving            // being removed: WaitReady stops, WaitDeleted waits
)

// phaseKinds classifies every phase value the networking v1 document lists
// for any resource (x-extensible-enum of status.phase). A spec-derived test
// fails when upstream lists one that is missing here.
var phaseKinds = map[string]phaseKind{
	PhaseProvisioning:   phaseOnTheWay,
	PhasePendingAccept:  phaseOnTheWay, // waits for the other side to accept
	PhaseReady:          phaseReady,
	PhaseFailed:         phaseFailed,
	PhaseInError:        phaseFailed,
	PhaseDeprovisioning: phaseLeaving,
	PhaseDisconnecting:  phaseLeaving,
	PhaseDisconnected:   phaseStopped,
	PhaseExpired:        phaseStopped,
	PhaseInactive:       phaseStopped,
	// What the documents say of these: "gateway exists without an Access
	// Point"; "It will automatically become ready once a Kafka cluster is
	// provisioned"; "waiting for connections". Each is as far as the
	// resource goes by itself, and it can be used (an access point made in
	// the gateway, a connection to the attachment): WaitReady's goal.
	PhaseCreated:               phaseReady,
	PhaseWaitingForConnections: phaseReady,
	PhaseDegraded:              phaseStopped,
}

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
	switch phaseKinds[phase] {
	case phaseOnTheWay:
		return keepPolling
	case phaseReady:
		if deleting {
			return keepPolling
		}
		return done
	case phaseFailed:
		return stopFailed
	case phaseStopped, phaseLeaving:
		if deleting {
			return keepPolling
		}
		return stopStopped
	}
	return stopUnknown
}
