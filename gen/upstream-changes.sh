#!/usr/bin/env bash
# Applies each of the five upstream changes issue 9 measured to the snapshot
# of a scratch copy of this repository, regenerates everything, and runs the
# tests that should notice: each change either flows through (everything
# passes) or fails with messages naming the file to change, shown here.
# Slow (a regeneration and a test run per change): run by hand, via
# `make upstream-changes`, not in CI.
set -uo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
go build -C gen -o "$root/bin/upstreamchange" ./upstreamchange || exit 2
bin/upstreamchange -list | while IFS= read -r change; do
	work="$(mktemp -d)"
	git ls-files -co --exclude-standard | tar -cf - -T - | tar -C "$work" -xf -
	echo "== $change"
	bin/upstreamchange -change "$change" -snapshot "$work/spec/upstream/networking-v1.openapi.yaml" || exit 2
	(
		cd "$work"
		if ! go generate ./... >gen.log 2>&1; then echo "regeneration fails:"; tail -5 gen.log; exit 0; fi
		if ! go vet ./... >build.log 2>&1; then echo "does not compile, the compiler names the files:"; grep -E '^[a-z].*\.go:[0-9]+' build.log | sort -u | head -8; exit 0; fi
		if go test ./conformance ./fake ./wrapper >test.log 2>&1; then
			echo "flows through: regenerated, and conformance, fake and wrapper tests pass"
		else
			echo "tests fail:"; grep -E '^\s+conformance_test.go|^\s+[a-z_]+_test.go:[0-9]+:|^--- FAIL|fix fake' test.log | grep -v '^\s*$' | cut -c1-240 | head -8
		fi
	)
	rm -rf "$work"
done
