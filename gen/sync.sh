#!/usr/bin/env bash
# make sync: take a new version of one vendored upstream document.
#
#   bash gen/sync.sh FILE [DOCUMENT] [COMMIT] [DATE]
#
# FILE is recognised as a version of one configured document by its
# operationIds (DOCUMENT names it instead). When FILE is that document
# already, nothing happens. Otherwise it reports, grouped: the drift by
# component, the operations upstream has that gen/normalize.yaml does not
# keep, and (after regenerating) the fragment's changes and those of the
# exported Go API of api/ and wrapper/, breaking ones marked. COMMIT and
# DATE say where FILE comes from (spec/upstream/PROVENANCE.yaml).
#
# It is atomic: if any step fails (the normalizer refuses the document,
# regeneration fails, the hand-written code no longer builds or vets, or
# with CHECK=test a part lacks a text of ours or a test fails) every file it
# touched is restored, and it
# says so. Exit status: 0 taken (or nothing to take), 2 stopped.
set -uo pipefail
cd "$(dirname "$0")/.."
GO=${GO:-go}
file=${1:-}
document=${2:-}
commit=${3:-}
date=${4:-}
[ -f "$file" ] || { echo "sync: UPSTREAM=$file is not a file"; exit 2; }
given=$file
file=$(cd "$(dirname "$file")" && pwd)/$(basename "$file")
mkdir -p bin
for tool in normalize drift; do (cd gen && $GO build -o ../bin/$tool ./$tool) || exit 2; done

if [ -z "$document" ]; then
	read -r document _ < <(cd gen && ../bin/normalize -config normalize.yaml -recognise "$file") || exit 2
	[ -n "$document" ] || exit 2
	echo "sync: $given is a version of $document (recognised by its operations; DOCUMENT= overrides)"
fi
vendored=spec/upstream/$(grep -A1 "name: $document\$" gen/normalize.yaml | sed -n 's/^ *file: //p')
[ -f "$vendored" ] || { echo "sync: gen/normalize.yaml lists no document $document"; exit 2; }
new=$(sha256sum "$file" | cut -d' ' -f1)
if [ "$new" = "$(sha256sum "$vendored" | cut -d' ' -f1)" ]; then
	echo "sync: $given is $vendored already ($new); nothing to do"
	exit 0
fi

# Every file sync may touch, saved first: the document, its provenance, the
# fragment and every generated file of api/ (a generated file that appears
# is removed again on a stop).
touched=("$vendored" spec/upstream/PROVENANCE.yaml spec/networking-v1.yaml api/*.gen.go)
save=$(mktemp -d)
for f in "${touched[@]}"; do mkdir -p "$save/$(dirname "$f")" && cp -p "$f" "$save/$f"; done
done=0
restore() {
	if [ $done = 0 ]; then
		for f in api/*.gen.go; do [ -f "$save/$f" ] || rm -f "$f"; done
		for f in "${touched[@]}"; do cp -p "$save/$f" "$f"; done
		echo "sync: stopped; every file it touched is as it was (${touched[*]})"
	fi
	rm -rf "$save"
}
trap restore EXIT

echo "== drift of $document, by component (what changed upstream, for the operations kept)"
bin/drift -fragment spec/networking-v1.yaml -config gen/normalize.yaml -upstream "$document=$file"
[ $? -ge 2 ] && exit 2
cp spec/networking-v1.yaml "$save/previous-fragment.yaml"
bash gen/apidiff.sh -w "$save" || exit 2

(cd gen && ../bin/normalize -config normalize.yaml -record "$document=$file" -commit "$commit" -date "$date") || exit 2
echo "== regenerating"
$GO generate ./... || { echo "sync: the normalizer or oapi-codegen refused $document (above)"; exit 2; }
echo "== the fragment's changes, by component, with the new definitions"
bin/normalize -changes-since "$save/previous-fragment.yaml" -changes-in spec/networking-v1.yaml
echo "== the hand-written code against the new api/"
$GO build ./... && $GO vet ./... || { echo "sync: the hand-written code does not build against the new api/ (files and elements above)"; exit 2; }
bash gen/apidiff.sh -from "$save"
[ $? -ge 2 ] && exit 2
if [ "${CHECK:-}" = test ]; then
	echo "== our texts (make undescribed, which make check-generate runs)"
	(cd gen && $GO run ./normalize -config normalize.yaml -undescribed) || { echo "sync: gen/descriptions.yaml lacks texts for the new document, or holds some for what it dropped (above)"; exit 2; }
	echo "== tests"
	# The resilience suite measures timing and faults, not the spec's shape.
	$GO test $($GO list ./... | grep -v '/resilience$') >"$save/test.log" 2>&1
	rc=$?
	grep -E '^(ok|FAIL|---|panic)|_test.go:[0-9]+:' "$save/test.log"
	[ $rc = 0 ] || { echo "sync: tests fail with the new document (above)"; exit 2; }
fi
done=1
echo "sync: took $given as $vendored ($new)"
