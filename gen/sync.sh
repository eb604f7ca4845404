#!/usr/bin/env bash
# make sync: take a new version of one vendored upstream document.
#
#   bash gen/sync.sh FILE [DOCUMENT] [COMMIT] [DATE]
#   bash gen/sync.sh -recover        # what make generate runs first
#
# FILE is recognised as a version of one configured document by its
# operationIds (DOCUMENT names it instead). When FILE is that document
# already, nothing happens. Otherwise it reports, grouped: the drift by
# component, the operations upstream has that gen/normalize.yaml does not
# keep, and (after regenerating) the fragment's changes, those of the
# exported Go API of api/ and wrapper/ (breaking ones marked), and the texts
# of ours to write in gen/descriptions.yaml (make check-generate, so CI,
# fails until they are written; sync does not stop on them). COMMIT and
# DATE say where FILE comes from (spec/upstream/PROVENANCE.yaml).
#
# It is atomic, even when killed (kill -9 included): every step runs on a
# copy of the tree outside it, and only a sync that took the document
# swaps the files it changed in. The swap stages each file beside its
# place (FILE.sync-new), then writes .sync-journal listing them, then moves
# each into place and removes the journal. A sync killed before the journal
# exists leaves the tree as it was (the next sync or make generate removes
# the staged files); one killed after is finished by the next sync or make
# generate, which says so. If any step fails (the normalizer refuses the
# document, regeneration fails, the hand-written code no longer builds or
# vets, or with CHECK=test a test fails) nothing in the tree changes, and it
# says so. Exit status: 0 taken (or nothing to take), 2 stopped.
#
# SYNC_HOLD=recorded|swap (tests only) makes it wait at that point, to
# be killed there.
set -uo pipefail
cd "$(dirname "$0")/.."
root=$PWD
GO=${GO:-go}
journal=.sync-journal

# recover: finish the swap of a sync killed after writing its journal, or
# remove what one killed before it had staged.
recover() {
	if [ -f "$journal" ]; then
		local n=0 op f
		while read -r op f; do
			case $op in
			put) [ -f "$f.sync-new" ] && mv -f "$f.sync-new" "$f" ;;
			remove) rm -f "$f" ;;
			esac
			n=$((n + 1))
		done <"$journal"
		rm -f "$journal"
		echo "sync: a sync was killed while it swapped its $n file(s) in; finished the swap: the tree has the document that sync took (git status shows it)"
	fi
	local staged
	staged=$(find . -path ./.git -prune -o \( -name '*.sync-new' -o -name "$journal.tmp" \) -print)
	if [ -n "$staged" ]; then
		rm -f $staged
		echo "sync: removed $(wc -l <<<"$staged") file(s) a killed sync had staged before its swap; the tree is as it was before that sync"
	fi
}
if [ "${1:-}" = -recover ]; then
	recover
	exit 0
fi
recover

hold() {
	if [ "${SYNC_HOLD:-}" = "$1" ]; then
		echo "sync: holding at $1"
		sleep 600
	fi
}

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

# The copy: every file git tracks or would (not the ignored ones), at one
# place per tree, so that the Go build cache serves one sync after another.
work=${TMPDIR:-/tmp}/networking-sync-$(printf %s "$root" | sha256sum | cut -c1-12)
copy=$work/tree
save=$work/save
rm -rf "$work"
mkdir -p "$copy" "$save"
git ls-files -co --exclude-standard | while read -r f; do [ -e "$f" ] && printf '%s\n' "$f"; done >"$work/files"
tar -cf - -T "$work/files" | tar -C "$copy" -xf - || exit 2
done=0
finish() {
	if [ $done = 0 ]; then
		echo "sync: stopped; nothing in the tree changed (every step ran on a copy of it)"
	fi
	rm -rf "$work"
}
trap finish EXIT
cd "$copy"
mkdir -p bin
cp -p "$root"/bin/normalize "$root"/bin/drift bin/

cp spec/networking-v1.yaml "$save/previous-fragment.yaml"
(cd gen && ../bin/normalize -config normalize.yaml -record "$document=$file" -commit "$commit" -date "$date") || exit 2
hold recorded
echo "== drift of $document, by component (what changed upstream, for the operations kept)"
bin/drift -fragment spec/networking-v1.yaml -config gen/normalize.yaml -upstream "$document=$file"
[ $? -ge 2 ] && exit 2
bash gen/apidiff.sh -w "$save" || exit 2

echo "== regenerating"
$GO generate ./... || { echo "sync: the normalizer, oapi-codegen, gen/bounds or gen/handles refused $document (above)"; exit 2; }
echo "== the fragment's changes, by component, with the new definitions"
bin/normalize -changes-since "$save/previous-fragment.yaml" -changes-in spec/networking-v1.yaml
echo "== the hand-written code against the new api/"
$GO build ./... && $GO vet ./... || { echo "sync: the hand-written code does not build against the new api/ (files and elements above)"; exit 2; }
bash gen/apidiff.sh -from "$save"
[ $? -ge 2 ] && exit 2
if [ "${CHECK:-}" = test ]; then
	echo "== tests"
	# The resilience suite measures timing and faults, not the spec's shape.
	$GO test $($GO list ./... | grep -v '/resilience$') >"$save/test.log" 2>&1
	rc=$?
	grep -E '^(ok|FAIL|---|panic)|_test.go:[0-9]+:' "$save/test.log"
	[ $rc = 0 ] || { echo "sync: tests fail with the new document (above)"; exit 2; }
fi
# Our texts are not a reason to refuse upstream's document: it is taken,
# and what to write is said as a group (make check-generate fails until it
# is written, so CI does).
echo "== our texts to write (make undescribed)"
if (cd gen && ../bin/normalize -config normalize.yaml -undescribed); then
	echo "  none: every part of the fragment has a text of ours, and every key matches"
else
	echo "sync: note: make check-generate (CI) fails until gen/descriptions.yaml has the texts above and drops the keys that match nothing (see README, Descriptions)"
fi

# The swap: what the copy changed, staged beside its place, then the
# journal, then each moved in.
cd "$root"
find "$copy" -path "$copy/bin" -prune -o -type f -printf '%P\n' | sort >"$work/after"
git check-ignore --stdin <"$work/after" >"$work/ignored" || true
: >"$work/journal"
while read -r f; do
	grep -qxF -- "$f" "$work/ignored" && continue
	cmp -s "$copy/$f" "$f" && continue
	mkdir -p "$(dirname "$f")" && cp -p "$copy/$f" "$f.sync-new" || exit 2
	printf 'put %s\n' "$f" >>"$work/journal"
done <"$work/after"
sort "$work/files" | comm -23 - "$work/after" | while read -r f; do printf 'remove %s\n' "$f"; done >>"$work/journal"
cp "$work/journal" "$journal.tmp" && mv "$journal.tmp" "$journal" || exit 2
hold swap
while read -r op f; do
	case $op in
	put) mv -f "$f.sync-new" "$f" ;;
	remove) rm -f "$f" ;;
	esac
done <"$journal"
rm -f "$journal"
done=1
echo "sync: took $given as $vendored ($new); $(wc -l <"$work/journal") file(s) changed"
