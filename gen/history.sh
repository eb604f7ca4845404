#!/usr/bin/env bash
# make history: replay upstream's real history. Each published version of
# each document gen/normalize.yaml lists, oldest to newest, goes through
# `make sync CHECK=test` on a scratch copy of this tree (one per document,
# versions taken in turn as a user would), and each gets one row:
#
#   carried  sync took it: regenerated, built, vetted, tests green, and
#            `make drift` against that same version is clean; its last
#            column says how many texts of ours it leaves to write in
#            gen/descriptions.yaml and how many keys there now match nothing
#            (make check-generate, so CI, fails until they are written;
#            sync does not stop on them);
#   stopped  sync refused it and the scratch tree is exactly as before; the
#            row names the file and element to change (the first messages);
#   BROKEN   anything else (sync took it but drift against itself is not
#            clean, or a stop left files changed): a bug of the chain.
#
# HISTORY is a git clone of github.com/confluentinc/ccloud-sdk-go-v2 (bare
# or not): git clone https://github.com/confluentinc/ccloud-sdk-go-v2.
# Without it the target says so and does nothing. Slow (a regeneration and
# a test run per version): run by hand, not in CI.
set -uo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
HISTORY=${HISTORY:-}
if [ -z "$HISTORY" ] || ! git -C "$HISTORY" rev-parse --git-dir >/dev/null 2>&1; then
	echo "history: skipped: set HISTORY to a git clone of github.com/confluentinc/ccloud-sdk-go-v2"
	echo "         (git clone https://github.com/confluentinc/ccloud-sdk-go-v2; make history HISTORY=ccloud-sdk-go-v2)"
	exit 0
fi
only=${DOCUMENTS:-}  # a few document names, to replay only those
logs=${LOGS:-}       # a directory to keep each version's make sync output in
work=$(mktemp -d)
trap '[ -n "$logs" ] && mkdir -p "$logs" && cp "$work"/*.log "$logs"/ 2>/dev/null; rm -rf "$work"' EXIT
table=$work/table
printf '| document | version | commit | date | outcome | texts to write |\n| --- | --- | --- | --- | --- | --- |\n' >"$table"
bad=0

# stopped_by LOG: what stopped a sync, from its output: the normalizer's
# messages, gen/bounds' or gen/handles', the compiler's, or the failing
# tests' (which name the file to change); the first two of them.
stopped_by() {
	local after
	after=$(sed -n '/^== regenerating/,$p' "$1")
	if grep -q 'cannot normalize' <<<"$after"; then
		sed -n '/cannot normalize/,/^[^ ]/p' <<<"$after" | grep '^  ' | sed 's/^ *//' | head -2 | paste -sd'/' -
	elif grep -qE '^(bounds|handles): ' <<<"$after"; then
		grep -E '^(bounds|handles): ' <<<"$after" | head -2 | paste -sd'/' -
	elif grep -qE '\.go:[0-9]+:[0-9]+: ' <<<"$after"; then
		grep -E '\.go:[0-9]+:[0-9]+: ' <<<"$after" | head -2 | paste -sd'/' -
	elif grep -q '^--- FAIL' <<<"$after"; then
		{
			grep '^--- FAIL' <<<"$after" | sed 's/ (.*//' | head -2
			grep -E '_test\.go:[0-9]+: [^ ]' <<<"$after" | sed 's/^ *//' | head -1
		} | paste -sd'/' -
	else
		grep -E '^sync:' "$1" | tail -2 | paste -sd' ' -
	fi | cut -c1-300 | sed 's/|/\\|/g'
}

# texts LOG: what a sync that took a version leaves to write in
# gen/descriptions.yaml (its "our texts to write" group).
texts() {
	local write stale
	write=$(grep -oE '^[0-9]+ part\(s\) of the fragment have no text' "$1" | cut -d' ' -f1)
	stale=$(grep -oE '^[0-9]+ key\(s\) of gen/descriptions.yaml match nothing' "$1" | cut -d' ' -f1)
	if [ -z "$write$stale" ]; then echo "none"; else echo "${write:-0} to write, ${stale:-0} keys matching nothing"; fi
}

# name file path: every configured document, with its path upstream.
docs=$(awk '/^  - name: /{name=$3} /^    file: /{print name, $2}' gen/normalize.yaml)
while read -r name file; do
	[ -n "$only" ] && [[ " $only " != *" $name "* ]] && continue
	path=$(awk -v f="$file" '$0=="  - file: "f{on=1; next} /^  - file: /{on=0} on && /^    path: /{print $2}' spec/upstream/PROVENANCE.yaml)
	[ -n "$path" ] || { echo "history: no path upstream for $file in spec/upstream/PROVENANCE.yaml"; exit 2; }
	scratch=$work/$name
	mkdir -p "$scratch"
	git ls-files -co --exclude-standard | tar -cf - -T - | tar -C "$scratch" -xf -
	(cd "$scratch" && git init -q && git add -A && git -c user.name=history -c user.email=history@localhost commit -qm start) || exit 2
	git -C "$HISTORY" log --reverse --format='%H %ad' --date=short -- "$path" | while read -r commit date; do
		version=$(git -C "$HISTORY" show "$commit:$path" | awk '/^  version:/{print $2; exit}')
		git -C "$HISTORY" show "$commit:$path" >"$work/upstream.yaml" || exit 2
		echo "== $name $version ${commit:0:8} $date"
		log=$work/$name-${commit:0:8}.log
		(cd "$scratch" && make -s sync UPSTREAM="$work/upstream.yaml" COMMIT="$commit" DATE="$date" CHECK=test) >"$log" 2>&1
		rc=$?
		written=""
		if [ $rc = 0 ]; then
			written=$(texts "$log")
			if (cd "$scratch" && make -s drift UPSTREAM="$work/upstream.yaml" DOCUMENT="$name") >>"$log" 2>&1; then
				outcome="carried: regenerated, built, vetted, tests green; drift against itself clean"
				grep -q 'nothing to do' "$log" && outcome="carried: the vendored version (sync is a no-op); drift against itself clean"
				breaking=$(grep -c '^  BREAKING' "$log")
				[ "$breaking" -gt 0 ] && outcome="$outcome; apidiff marks breaking changes ($(grep -A3 '^  Incompatible changes:' "$log" | grep '^  - ' | head -2 | sed 's/^  - //' | paste -sd';' -))"
				(cd "$scratch" && git add -A && git -c user.name=history -c user.email=history@localhost commit -q --allow-empty -m "$name $commit") || exit 2
			else
				outcome="BROKEN: synced, but drift against the same version: $(grep -E '^  ' "$log" | tail -2 | paste -sd' ' -)"
			fi
		elif [ -n "$(cd "$scratch" && git status --porcelain)" ]; then
			outcome="BROKEN: stopped, but left files changed: $(cd "$scratch" && git status --porcelain | head -3 | paste -sd' ' -)"
			(cd "$scratch" && git checkout -q . && git clean -qfd)
		else
			why=$(stopped_by "$log")
			outcome="stopped, nothing changed: $why"
		fi
		case $outcome in BROKEN*) echo "$outcome" >"$work/bad.$name.${commit:0:8}" ;; esac
		echo "   $outcome${written:+ (texts: $written)}"
		printf '| %s | %s | %s | %s | %s | %s |\n' "$name" "$version" "${commit:0:8}" "$date" "$outcome" "$written" >>"$table"
	done
done <<<"$docs"
echo
cat "$table"
if ls "$work"/bad.* >/dev/null 2>&1; then exit 1; fi
