#!/usr/bin/env bash
# Does another generator accept the fragment? ogen (pinned in ogen.mod)
# generates a client and server from it in a temporary module, and the
# result must compile. Usage: gen/interop/ogen.sh spec/networking-v1.yaml
set -euo pipefail
fragment="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
here="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp "$here/ogen.mod" "$work/go.mod"
cp "$here/ogen.sum" "$work/go.sum"
cd "$work"
# ogen v1.25.0 writes Equal methods for the items of uniqueItems arrays and
# compares oneOf values with !=, which does not compile once a variant holds
# a slice (peering and attachment routes, network zone maps). Only the list
# answers' data arrays reach such unions; ogen reads a copy without their
# uniqueItems, and every other keyword is checked as it is.
awk '/^        data:$/ { indata = 1 }
	indata && /^          uniqueItems: true$/ { next }
	/^        [a-z_]+:$/ && !/^        data:$/ { indata = 0 }
	{ print }' "$fragment" > fragment.yaml
if ! go tool ogen -target ogenapi -package ogenapi -clean fragment.yaml 2>ogen.log; then
	cat ogen.log
	echo "ogen: could not generate code from $1"
	exit 1
fi
go build ./ogenapi
echo "ogen: $(ls ogenapi | wc -l) files generated from $1 compile ($(grep -c WARN ogen.log || true) warnings, such as non-canonical header names)"
