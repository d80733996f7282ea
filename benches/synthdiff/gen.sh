#!/usr/bin/env bash
# Writes target/synth/{before,after}.pb.gz: two 1M-sample synthetic CPU
# profiles of the same made-up program (see main.go), for the diff
# benchmark. Needs Go and ../shared/corpus/src (for its pbprof encoder).
set -euo pipefail
cd "$(dirname "$0")/../.."
SRC=../shared/corpus/src
if [ ! -d "$SRC" ]; then
    echo "skipping: $SRC is absent (the generator needs its internal/pbprof)" >&2
    exit 2
fi
OUT=target/synth
mkdir -p "$OUT"
if [ -f "$OUT/after.pb.gz" ] && [ -f "$OUT/before.pb.gz" ]; then
    exit 0
fi
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cp -r "$SRC"/. "$WORK"/
mkdir -p "$WORK/cmd/synthdiff"
cp benches/synthdiff/main.go "$WORK/cmd/synthdiff/"
(cd "$WORK" && go build -trimpath -o synthdiff ./cmd/synthdiff)
"$WORK/synthdiff" -n 1000000 -o "$OUT/before.pb.gz"
"$WORK/synthdiff" -n 1000000 -walkseed 2 -o "$OUT/after.pb.gz"
