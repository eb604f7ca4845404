# Everyday tasks. Every tool is fetched through the Go module proxy at a
# pinned version, so a machine with only Go installed can run all of them.
# The generator and its checkers live in their own module, gen/ (gen/go.mod),
# so that nothing they need enters the module graph of a program importing
# this one.

SHELL           := /bin/bash
.SHELLFLAGS     := -o pipefail -c
GO              ?= go
STATICCHECK     := honnef.co/go/tools/cmd/staticcheck@v0.8.2
# The upstream documents are listed in gen/normalize.yaml (documents:).
UPSTREAM        ?=
DOCUMENT        ?=
COMMIT          ?=
DATE            ?=
FRAGMENT        := spec/networking-v1.yaml
NORMALIZE_CONF  := gen/normalize.yaml
FUZZTIME        ?= 60s
BENCHCOUNT      ?= 10
BENCHSTAT       := golang.org/x/perf/cmd/benchstat@v0.0.0-20260908200009-22c9c6c9d4da
REDOCLY         := @redocly/cli@2.77.0

.PHONY: all generate check-generate lint test test-go-line readme evidence settle-table drift sync apidiff history interop undescribed upstream-changes fuzz bench FORCE

all: generate lint test

## generate: derive the fragment from the upstream documents (gen/normalize), then api/*.gen.go from it.
## First it finishes, or undoes, a make sync that was killed (gen/sync.sh -recover).
generate:
	@bash gen/sync.sh -recover
	$(GO) generate ./...

## check-generate: fail when regeneration (upstream -> fragment -> api/) or `go mod tidy` would change anything,
## or when a part of the fragment has no text of ours (make undescribed).
check-generate: generate
	@changed="$$(git status --porcelain)"; \
	if [ -n "$$changed" ]; then \
		echo "regeneration changed the tree (run make generate and commit):"; \
		echo "$$changed"; git --no-pager diff --stat; exit 1; \
	fi
	$(GO) mod tidy -diff
	cd gen && $(GO) mod tidy -diff
	@$(MAKE) --no-print-directory undescribed || { echo "make undescribed: the parts above need a text in gen/descriptions.yaml (see README, Descriptions)"; exit 1; }

## lint: gofmt, go vet and staticcheck.
lint:
	@unformatted="$$(gofmt -l $$(git ls-files '*.go'))"; \
	if [ -n "$$unformatted" ]; then echo "gofmt would change: $$unformatted"; exit 1; fi
	$(GO) vet ./...
	$(GO) run $(STATICCHECK) ./...
	cd gen && $(GO) vet ./... && $(GO) run $(STATICCHECK) ./...

## test: every test; the root module's with the race detector; the
## resilience suite runs once, printing its figures (make evidence). gen/'s
## tests run without it: the generator starts no goroutine (checked here), so
## the detector has nothing to find there and made them five times slower.
test:
	$(GO) test -race $$($(GO) list ./... | grep -v '/resilience$$')
	@if grep -rn --include='*.go' -E '^\s*go [A-Za-z_(]' gen; then \
		echo "gen/ starts goroutines now (above): run its tests with -race again (Makefile, test)"; exit 1; fi
	cd gen && $(GO) test ./...
	@$(MAKE) --no-print-directory evidence

## test-go-line: the tests (without the race detector) under the Go release
## go.mod's go line declares, fetched through the module proxy: the oldest Go a
## consumer may build with is the one that must work. The resilience suite is
## left to make test: its figures are about load, not the Go release, and one
## run of them is enough. -short: the long waits (settle windows, rate
## windows) are the same code on either release, and make test runs them.
test-go-line:
	GOTOOLCHAIN=go$$($(GO) list -m -f '{{.GoVersion}}') $(GO) test -short $$($(GO) list ./... | grep -v '/resilience$$')

## readme: build every Go snippet of README.md as a reader would, each in a
## fresh module outside the tree (a whole program after the README's `go get`
## commands; the fragments depending on this clone by a replace and `go mod
## tidy`, as the Install section says). Needs the module proxy, so not a test.
readme:
	cd gen && $(GO) run ./readme -readme ../README.md -module ..

## evidence: the contention tests, the fault-injection suite (and its kinds that RetryPolicy.UnseenIsUnknown
## changes, run with it), and the late-store table, with their figures.
evidence:
	$(GO) test -race -count=1 -v ./resilience \
		| grep -E '^(contention:|many clients:|fault suite[: ]|late stores:|  [^ ].* ops=|  \||    e\.g\.)|^(--- |ok|FAIL|panic)|Error|_test.go:'

## settle-table: the whole late-store table (D = 0.5, 1.5, 3 and 6 s, 20 creates a
## cell; also 12 s, and 6 s under MaxSettle 3 s; about two minutes);
## make test runs two Ds with 6 creates a cell. UNSEEN=1: with RetryPolicy.UnseenIsUnknown.
UNSEEN ?=
settle-table:
	$(GO) test -count=1 -v ./resilience -run '^TestLateStores$$' -settle-table $(if $(UNSEEN),-unseen-is-unknown) \
		| grep -E '^(late stores:|  \||    e\.g\.)|^(--- |ok|FAIL|panic)|Error|_test.go:'

## drift: compare the fragment with the upstream documents, grouped by component:
## every vendored one, or UPSTREAM=FILE (the document it is a version of is
## recognised by its operations; DOCUMENT=name says which instead). It also
## lists the operations upstream has that gen/normalize.yaml does not keep.
## The checker's status is 0 (no drift), 1 (drift) or 2 (error); make shows it as
## "Error 1" or "Error 2" (make itself always exits 2 on failure), and
## bin/drift, built here, returns it as is to scripts.
drift: bin/drift
	bin/drift -fragment $(FRAGMENT) -config $(NORMALIZE_CONF) $(if $(UPSTREAM),-upstream "$(if $(DOCUMENT),$(DOCUMENT)=)$(UPSTREAM)")

bin/drift bin/normalize: FORCE
	cd gen && $(GO) build -o ../$@ ./$(notdir $@)

## sync: take UPSTREAM=FILE as the new version of the vendored document it is
## a version of (recognised by content; DOCUMENT=name overrides), with
## COMMIT= and DATE= saying where it comes from (spec/upstream/PROVENANCE.yaml).
## Reports drift by component, operations not kept, the fragment's changes,
## the exported Go API's (breaking ones marked) and the texts of ours to write
## (not a stop; check-generate fails until written); a no-op when FILE is the
## vendored document already. Atomic, even under kill -9: it works on a copy
## and swaps the changed files in through a journal that the next sync or
## make generate finishes. CHECK=test also runs the tests before keeping anything.
sync:
	bash gen/sync.sh "$(UPSTREAM)" "$(DOCUMENT)" "$(COMMIT)" "$(DATE)"

## apidiff: changes to the exported Go API of api/ and wrapper/ between REV
## (default HEAD) and the working tree, breaking ones marked (apidiff, pinned
## in gen/go.mod). Exit status 1 when something breaks.
REV ?= HEAD
apidiff:
	bash gen/apidiff.sh $(REV)

## undescribed: list the parts of the fragment without a text of ours (the keys
## to add to gen/descriptions.yaml), and the keys there that match nothing;
## prints nothing, and succeeds, when there are none (check-generate runs it).
undescribed:
	@cd gen && $(GO) run ./normalize -config normalize.yaml -undescribed

FORCE:

## interop: other tools accept the fragment: Redocly's linter (npm, pinned, strict
## rules in gen/redocly.yaml) finds nothing, and code ogen (pinned in
## gen/interop/ogen.mod) generates from it compiles.
interop:
	npx --yes $(REDOCLY) lint $(FRAGMENT) --config gen/redocly.yaml --format=stylish
	bash gen/interop/ogen.sh $(FRAGMENT)

## history: replay every real version of every document (HISTORY= a clone of
## github.com/confluentinc/ccloud-sdk-go-v2), oldest to newest, through make sync
## CHECK=test on scratch copies, and print a table: carried through, or stopped
## naming what to change (slow; not in CI; skipped without HISTORY).
HISTORY ?=
history:
	HISTORY="$(HISTORY)" bash gen/history.sh

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
