#!/usr/bin/env bash
# Writes target/folded2m.folded: 2,000,000 folded lines, about 43 MB, the
# size of the folded file issue 22 names (a reading benchmark, not a
# profile of anything). Its lines are the two- and three-frame windows, in
# turn, of every stack of the real 60k-sample deep-recursion profile
# (tests/data/pprof/cpu_large_real.pb.gz folded by `perftui fold`), each
# with a count of 1: real frame names, and the duplication of a real
# folded file (many lines share a stack, which the reader merges).
set -euo pipefail
cd "$(dirname "$0")/../.."
OUT=target/folded2m.folded
if [ -f "$OUT" ]; then
    exit 0
fi
cargo build --release -q
target/release/perftui fold tests/data/pprof/cpu_large_real.pb.gz |
    awk -v want=2000000 '
    {
        n = split($1, f, ";")
        for (i = 1; i < n && lines < want; i++) {
            w = (lines % 2 == 0) ? 2 : 3
            if (i + w - 1 > n) w = n - i + 1
            s = f[i]
            for (j = 1; j < w; j++) s = s ";" f[i + j]
            print s, 1
            lines++
        }
    }
    END { if (lines < want) { print "only " lines " lines" > "/dev/stderr"; exit 1 } }' >"$OUT.tmp"
mv "$OUT.tmp" "$OUT"
