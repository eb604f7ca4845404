package fake

// BreakAnswersForTest makes every later answer drop status.phase, which the
// spec requires, so that tests can see response validation refuse it.
func BreakAnswersForTest(s *Server) { s.breakAnswers = true }

// FingerprintForTest is the query fingerprint page tokens are bound to,
// for a list of display names.
func FingerprintForTest(names []string) string {
	return filter{env: "env-1", names: names}.fingerprint(kindNLS)
}
