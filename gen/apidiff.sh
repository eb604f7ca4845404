#!/usr/bin/env bash
# Prints the incompatible changes to the exported API of api/ and wrapper/
# since a base commit (default HEAD~1, the previous commit of main), with
# golang.org/x/exp/cmd/apidiff at the version the Makefile pins. Before v1
# an incompatible change is allowed, so this prints and never fails on one;
# it fails only when it cannot compare.
set -euo pipefail
cd "$(dirname "$0")/.."

base=${1:-HEAD~1}
apidiff=${APIDIFF:?set APIDIFF to the pinned apidiff (make apidiff does)}
go=${GO:-go}
module=$($go list -m)

if ! rev=$(git rev-parse --verify -q "$base^{commit}"); then
	echo "apidiff: no commit $base to compare with (a shallow clone?); nothing compared"
	exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/old"
git archive "$rev" | tar -x -C "$tmp/old"

for pkg in api wrapper; do
	echo "== $pkg: incompatible changes since $(git rev-parse --short "$rev")"
	if [ ! -d "$tmp/old/$pkg" ]; then
		echo "(new package)"
		continue
	fi
	(cd "$tmp/old" && $go run "$apidiff" -w "$tmp/$pkg.export" "$module/$pkg")
	out=$($go run "$apidiff" -incompatible "$tmp/$pkg.export" "$module/$pkg")
	echo "${out:-none}"
done
