#!/usr/bin/env bash
# Memory and time of `perftui bench` against benchstat on a file in which
# each of N configuration keys starts a new configuration (docs/PERFORMANCE.md,
# "Thousands of configuration keys"). Usage: benches/many_keys.sh [N...]
# Needs GNU time (/usr/bin/time), benchstat on PATH or in ~/go/bin, and a
# release build (cargo build --release).
set -euo pipefail
cd "$(dirname "$0")/.."
perftui=target/release/perftui
benchstat=$(command -v benchstat || echo "$HOME/go/bin/benchstat")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for n in "${@:-1000 2000 4000 8000}"; do
  for ((i = 0; i < n; i++)); do
    printf 'key%05d: value%d\nBenchmarkParse-2 \t 1000 \t %d ns/op\n' "$i" "$i" $((1000 + i % 7))
  done > "$tmp/keys$n.txt"
  size=$(wc -c < "$tmp/keys$n.txt")
  p=$( { /usr/bin/time -f '%e %M' "$perftui" bench "$tmp/keys$n.txt" > "$tmp/p.txt"; } 2>&1 | tail -1)
  b=$( { /usr/bin/time -f '%e %M' "$benchstat" "$tmp/keys$n.txt" > "$tmp/b.txt"; } 2>&1 | tail -1)
  same=$(cmp -s "$tmp/p.txt" "$tmp/b.txt" && echo same || echo DIFFERENT)
  echo "keys=$n bytes=$size perftui: ${p% *} s ${p#* } KB  benchstat: ${b% *} s ${b#* } KB  output $same"
done
