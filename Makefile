# Everyday tasks. Every tool is fetched through the Go module proxy at a
# pinned version, so a machine with only Go installed can run all of them.
# The generator and its checkers live in their own module, gen/ (gen/go.mod),
# so that nothing they need enters the module graph of a program importing
# this one.

SHELL           := /bin/bash
.SHELLFLAGS     := -o pipefail -c
GO              ?= go
STATICCHECK     := honnef.co/go/tools/cmd/staticcheck@v0.8.2
SNAPSHOT        := spec/upstream/networking-v1.openapi.yaml
UPSTREAM        ?= $(SNAPSHOT)
FRAGMENT        := spec/networking-v1.yaml
NORMALIZE_CONF  := gen/normalize.yaml
FUZZTIME        ?= 60s
BENCHCOUNT      ?= 10
BENCHSTAT       := golang.org/x/perf/cmd/benchstat@v0.0.0-20260908200009-22c9c6c9d4da
REDOCLY         := @redocly/cli@2.77.0

.PHONY: all generate check-generate lint test evidence settle-table drift sync interop undescribed upstream-changes fuzz bench FORCE

all: generate lint test

## generate: derive the fragment from the upstream snapshot (gen/normalize), then api/*.gen.go from it.
generate:
	$(GO) generate ./...

## check-generate: fail when regeneration (upstream -> fragment -> api/) or `go mod tidy` would change anything.
check-generate: generate
	@changed="$$(git status --porcelain)"; \
	if [ -n "$$changed" ]; then \
		echo "regeneration changed the tree (run make generate and commit):"; \
		echo "$$changed"; git --no-pager diff --stat; exit 1; \
	fi
	$(GO) mod tidy -diff
	cd gen && $(GO) mod tidy -diff

## lint: gofmt, go vet and staticcheck.
lint:
	@unformatted="$$(gofmt -l $$(git ls-files '*.go'))"; \
	if [ -n "$$unformatted" ]; then echo "gofmt would change: $$unformatted"; exit 1; fi
	$(GO) vet ./...
	$(GO) run $(STATICCHECK) ./...
	cd gen && $(GO) vet ./... && $(GO) run $(STATICCHECK) ./...

## test: every test, with the race detector (the root module and gen/); the
## resilience suite runs once, printing its figures (make evidence).
test:
	$(GO) test -race $$($(GO) list ./... | grep -v '/resilience$$')
	cd gen && $(GO) test -race ./...
	@$(MAKE) --no-print-directory evidence

## evidence: the contention test and the fault-injection suite, with their figures.
evidence:
	$(GO) test -race -count=1 -v ./resilience \
		| grep -E '^(contention:|fault suite:|late stores:|  [^ ].* ops=|  \||    e\.g\.)|^(--- |ok|FAIL|panic)|Error|_test.go:'

## settle-table: the whole late-store table (D = 0.5, 1.5, 3 and 6 s, 20 creates a
## cell; about a minute); make test runs two Ds with 6 creates a cell.
settle-table:
	$(GO) test -count=1 -v ./resilience -run '^TestLateStores$$' -settle-table \
		| grep -E '^(late stores:|  \||    e\.g\.)|^(--- |ok|FAIL|panic)|Error|_test.go:'

## drift: compare the fragment with an upstream document (UPSTREAM=path), grouped by component.
## The checker's status is 0 (no drift), 1 (drift) or 2 (error); make shows it as
## "Error 1" or "Error 2" (make itself always exits 2 on failure), and
## bin/drift, built here, returns it as is to scripts.
drift: bin/drift
	bin/drift -fragment $(FRAGMENT) -upstream $(UPSTREAM) -config $(NORMALIZE_CONF)

bin/drift bin/normalize: FORCE
	cd gen && $(GO) build -o ../$@ ./$(notdir $@)

## sync: replace the upstream snapshot with UPSTREAM (and its PROVENANCE), say
## what changed, grouped by schema with the new definitions, and regenerate.
sync: bin/drift bin/normalize
	@test -f "$(UPSTREAM)" || { echo "sync: UPSTREAM=$(UPSTREAM) is not a file"; exit 2; }
	@new=$$(sha256sum "$(UPSTREAM)" | cut -d' ' -f1); \
	old=$$(sha256sum $(SNAPSHOT) | cut -d' ' -f1); \
	if [ "$$new" = "$$old" ]; then echo "sync: $(UPSTREAM) is the snapshot already ($$new)"; fi; \
	echo "== what changed upstream, for the operations the fragment keeps"; \
	bin/drift -fragment $(FRAGMENT) -upstream "$(UPSTREAM)" -config $(NORMALIZE_CONF); rc=$$?; \
	if [ $$rc -ge 2 ]; then exit $$rc; fi; \
	cp $(FRAGMENT) bin/previous-fragment.yaml; \
	if [ "$$new" != "$$old" ]; then \
		cp "$(UPSTREAM)" $(SNAPSHOT); \
		printf '%s\n' \
			"# Where networking-v1.openapi.yaml (beside this file) came from. It is kept" \
			"# byte for byte as received; \`make sync UPSTREAM=FILE\` rewrites both files." \
			"source: $(UPSTREAM)" "date: $$(date -u +%Y-%m-%d)" "sha256: $$new" > spec/upstream/PROVENANCE; \
	fi; \
	echo "== regenerating"; \
	$(GO) generate ./... || exit 2; \
	echo "== the fragment's changes, by component, with the new definitions"; \
	bin/normalize -changes-since bin/previous-fragment.yaml -changes-in $(FRAGMENT)

## undescribed: list the parts of the fragment without a text of ours (the keys
## to add to gen/descriptions.yaml), and the keys there that match nothing.
undescribed:
	cd gen && $(GO) run ./normalize -config normalize.yaml -upstream ../$(SNAPSHOT) -undescribed

FORCE:

## interop: other tools accept the fragment: Redocly's linter (npm, pinned, strict
## rules in gen/redocly.yaml) finds nothing, and code ogen (pinned in
## gen/interop/ogen.mod) generates from it compiles.
interop:
	npx --yes $(REDOCLY) lint $(FRAGMENT) --config gen/redocly.yaml --format=stylish
	bash gen/interop/ogen.sh $(FRAGMENT)

## upstream-changes: apply each of issue 9's five upstream changes to a scratch copy,
## regenerate, and show which tests notice (slow; not in CI).
upstream-changes:
	bash gen/upstream-changes.sh

## fuzz: run every fuzz target for FUZZTIME each (default 60s).
FUZZ_TARGETS := ./wrapper:FuzzErrorBody ./wrapper:FuzzRateLimitHeaders ./wrapper:FuzzNextLink ./wrapper:FuzzCloudUnion ./fake:FuzzPageToken
fuzz:
	@set -e; for t in $(FUZZ_TARGETS); do \
		pkg=$${t%%:*}; name=$${t##*:}; \
		echo "== $$name ($$pkg) for $(FUZZTIME)"; \
		$(GO) test $$pkg -run '^$$' -fuzz "^$$name\$$" -fuzztime $(FUZZTIME) 2>&1 | grep -E 'execs:|PASS|FAIL|panic|---' | tail -2; \
	done

## bench: the three clients side by side (medians of BENCHCOUNT runs, ratios to the floor).
bench:
	$(GO) test ./bench -run '^$$' -bench . -benchmem -count $(BENCHCOUNT) | tee bench.out
	$(GO) run $(BENCHSTAT) -col /client -filter '-.name:AllPeakHeap' bench.out
	$(GO) run $(BENCHSTAT) -filter '.name:AllPeakHeap' bench.out
