package normalize

// pass is one named step of deriving the fragment. Each reads and changes
// the normalizer's state; Derive runs them in the order passes gives and
// stops after the first that fails.
type pass struct {
	name string
	run  func(*normalizer)
}

// passes lists the steps in their order: the later ones rely on what the
// earlier ones made (the required lists land on components selected
// before, pruning drops what only request bodies' read-only properties
// reached, the server-filled marks, the kind aliases and the deviations go on what
// is left).
func passes(withDeviations bool) []pass {
	list := []pass{
		{"select operations", (*normalizer).selectOperations},
		{"overlay requirements", (*normalizer).applyRequired},
		{"prune", (*normalizer).prune},
		{"server-filled", (*normalizer).serverFilled},
		{"union kind aliases", (*normalizer).aliasKinds},
	}
	if withDeviations {
		list = append(list, pass{"deviations", (*normalizer).deviate})
	}
	return append(list,
		pass{"assemble", (*normalizer).assemble},
		pass{"strip prose", (*normalizer).stripAllProse},
		pass{"describe", (*normalizer).describe},
	)
}
