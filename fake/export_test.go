package fake

// BreakAnswersForTest makes every later answer drop status.phase, which the
// spec requires, so that tests can see response validation refuse it.
func BreakAnswersForTest(s *Server) { s.breakAnswers = true }
