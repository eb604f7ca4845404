#!/usr/bin/env bash
# Changes to the exported Go API of the packages users import (api/ and
# wrapper/, or PKGS), between a git revision and the working tree, by
# golang.org/x/exp/cmd/apidiff (pinned in gen/go.mod). Breaking changes are
# listed under "Incompatible changes".
#
#   bash gen/apidiff.sh REV            # REV: any git revision (main, HEAD~1, v1.2.0)
#   bash gen/apidiff.sh -w DIR         # write the tree's export data to DIR (make sync's "before")
#   bash gen/apidiff.sh -from DIR      # compare the tree with export data written by -w
#
# Exit status: 0 when nothing breaks, 1 when something does, 2 on error.
set -uo pipefail
cd "$(dirname "$0")/.."
PKGS=${PKGS:-"api wrapper"}
GO=${GO:-go}
mkdir -p bin
$GO -C gen build -o ../bin/apidiff golang.org/x/exp/cmd/apidiff || exit 2
apidiff=$PWD/bin/apidiff

write() { # write DIR: export data of each package of the tree in the current directory
	for p in $PKGS; do "$apidiff" -w "$1/$p.export" "./$p" || return 2; done
}

compare() { # compare DIR: the working tree against the export data in DIR
	local rc=0
	for p in $PKGS; do
		echo "== exported API of $p/"
		if [ ! -f "$1/$p.export" ]; then echo "  (new package)"; continue; fi
		out=$("$apidiff" "$1/$p.export" "./$p") || return 2
		if [ -z "$out" ]; then echo "  no change"; continue; fi
		# Captured, not piped to grep -q: under pipefail, apidiff killed by
		# SIGPIPE once grep has seen a line would hide a breaking change.
		incompatible=$("$apidiff" -incompatible "$1/$p.export" "./$p") || return 2
		if [ -n "$incompatible" ]; then
			rc=1
			echo "  BREAKING: some changes below break code that uses $p/"
		fi
		printf '%s\n' "$out" | sed 's/^/  /'
	done
	return $rc
}

case "${1:-}" in
-w) write "$2" ;;
-from) compare "$2" ;;
"") echo "usage: bash gen/apidiff.sh REV | -w DIR | -from DIR" >&2; exit 2 ;;
*)
	rev=$1
	tmp=$(mktemp -d)
	trap 'rm -rf "$tmp"' EXIT
	mkdir "$tmp/tree" "$tmp/export"
	git archive "$rev" | tar -x -C "$tmp/tree" || { echo "apidiff: no revision $rev" >&2; exit 2; }
	(cd "$tmp/tree" && write "$tmp/export") || exit 2
	echo "(from $rev to the working tree)"
	compare "$tmp/export"
	;;
esac
