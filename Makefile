# Everyday tasks. Every tool is fetched through the Go module proxy at a
# pinned version, so a machine with only Go installed can run all of them.

GO              ?= go
STATICCHECK     := honnef.co/go/tools/cmd/staticcheck@v0.8.2
UPSTREAM        ?= spec/upstream/networking-v1.openapi.yaml
FRAGMENT        := spec/networking-v1.yaml
FUZZTIME        ?= 60s
BENCHCOUNT      ?= 10
BENCHSTAT       := golang.org/x/perf/cmd/benchstat@v0.0.0-20260908200009-22c9c6c9d4da

.PHONY: all generate check-generate lint test evidence drift fuzz bench

all: generate lint test

## generate: rewrite api/*.gen.go from the spec fragment.
generate:
	$(GO) generate ./...

## check-generate: fail when regeneration or `go mod tidy` would change anything.
check-generate: generate
	@changed="$$(git status --porcelain)"; \
	if [ -n "$$changed" ]; then \
		echo "regeneration changed the tree (run make generate and commit):"; \
		echo "$$changed"; git --no-pager diff --stat; exit 1; \
	fi
	$(GO) mod tidy -diff

## lint: gofmt, go vet and staticcheck.
lint:
	@unformatted="$$(gofmt -l $$(git ls-files '*.go'))"; \
	if [ -n "$$unformatted" ]; then echo "gofmt would change: $$unformatted"; exit 1; fi
	$(GO) vet ./...
	$(GO) run $(STATICCHECK) ./...

## test: every test, with the race detector.
test:
	$(GO) test -race ./...

## evidence: the contention test and the fault-injection suite, with their figures.
evidence:
	$(GO) test -race -count=1 -v -run 'TestRateLimitContention|TestFaultInjection' ./resilience \
		| grep -E '^(contention:|fault suite:|  [^ ].* ops=)|^(--- |ok|FAIL|PASS)'

## drift: compare the fragment with an upstream document (UPSTREAM=path).
drift:
	$(GO) run ./gen/drift -fragment $(FRAGMENT) -upstream $(UPSTREAM)

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
