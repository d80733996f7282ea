#!/usr/bin/env bash
# The readers of issue 17 against each format's own reporting tool, on the
# same real files in the same run (docs/PERFORMANCE.md, "Other formats").
# Needs: hyperfine, Go 1.19 (`apt-get install -y hyperfine golang-1.19`),
# node, ruby with ruby-stackprof, valgrind (callgrind_annotate).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release -q
P=$PWD/target/release/perftui
D=tests/data
GO119=/usr/lib/go-1.19/bin/go
RUNS=${RUNS:-10}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# gperftools' binary CPU profile: go tool pprof reads it too.
hyperfine -N --warmup 2 --runs "$RUNS" --export-markdown "$tmp/gperftools.md" \
    "$P top -n 30 $D/gperftools/perfwork.prof" \
    "$GO119 tool pprof -top -nodecount=30 $D/gperftools/perfwork.prof"

# callgrind: callgrind_annotate's function table.
hyperfine -N --warmup 2 --runs "$RUNS" --export-markdown "$tmp/callgrind.md" \
    "$P top -n 30 $D/callgrind/perfwork.callgrind.out" \
    "callgrind_annotate $D/callgrind/perfwork.callgrind.out"

# stackprof: its own text report of the same JSON.
hyperfine -N --warmup 2 --runs "$RUNS" --export-markdown "$tmp/stackprof.md" \
    "$P top -n 30 $D/stackprof/work.cpu.json" \
    "stackprof $D/stackprof/work.cpu.json --text"

# V8's tick log: node --prof-process reports from the raw log (made here,
# now), perftui from its preprocessed form (as stored in tests/data).
(cd "$tmp" && node --prof "$OLDPWD/$D/src/node/work.js" >/dev/null && mv isolate*.log v8.log)
hyperfine -N --warmup 1 --runs "$RUNS" --export-markdown "$tmp/v8log.md" \
    "$P top -n 30 $D/node/work.v8log.json.gz" \
    "node --prof-process $tmp/v8.log"

for f in "$tmp"/*.md; do
    echo "== $(basename "$f" .md)"
    cat "$f"
done
