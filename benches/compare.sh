#!/usr/bin/env bash
# End-to-end comparison of `perftui top` with `go tool pprof -top` and with
# plain `gzip -dc`, on the same files in the same run (docs/PERFORMANCE.md).
# Needs: hyperfine, GNU time, Go (`apt-get install -y hyperfine time golang-go`).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release -q
P=target/release/perftui
CORPUS=../shared/corpus/pprof
files=(tests/data/pprof/cpu_large_real.pb.gz)
if [ -f "$CORPUS/cpu_large_synthetic.pb.gz" ]; then
    files+=("$CORPUS/cpu_large_synthetic.pb.gz")
else
    echo "skipping cpu_large_synthetic.pb.gz: ../shared/corpus is absent" >&2
fi
for f in "${files[@]}"; do
    echo "== $f"
    hyperfine -N --warmup 1 --runs "${RUNS:-5}" --export-markdown "/tmp/perftui-$(basename "$f").md" \
        "gzip -dc $f" \
        "$P top -n 30 $f" \
        "go tool pprof -top -nodecount=30 $f"
    for cmd in "gzip -dc $f" "$P top -n 30 $f" "go tool pprof -top -nodecount=30 $f"; do
        /usr/bin/time -f "peak RSS %M KB  ($cmd)" $cmd >/dev/null
    done
done

# Time to first frame of the explorer: `open --snapshot` loads, analyses and
# renders the first screen exactly as the interactive start does, then
# prints it instead of waiting for keys.
for f in "${files[@]}"; do
    echo "== open $f"
    hyperfine -N --warmup 1 --runs "${RUNS:-5}" --export-markdown "/tmp/perftui-open-$(basename "$f").md" \
        "$P open --snapshot 160x48 $f" \
        "go tool pprof -top $f"
    /usr/bin/time -f "peak RSS %M KB  (perftui open)" $P open --snapshot 160x48 "$f" >/dev/null
done

# Time to first frame of `perftui diff` against `go tool pprof -top
# -diff_base` on the same pair: the corpus before/after pair, and two
# 1M-sample profiles (cpu_large_synthetic.pb.gz and a second walk of the
# same made-up program, written by benches/synthdiff/gen.sh).
diff_pairs=("tests/data/pprof/cpu_before.pb.gz tests/data/pprof/cpu_after.pb.gz")
if benches/synthdiff/gen.sh; then
    diff_pairs+=("$CORPUS/cpu_large_synthetic.pb.gz target/synth/after.pb.gz")
fi
for pair in "${diff_pairs[@]}"; do
    read -r before after <<<"$pair"
    echo "== diff $before $after"
    hyperfine -N --warmup 1 --runs "${DIFF_RUNS:-${RUNS:-5}}" \
        --export-markdown "/tmp/perftui-diff-$(basename "$after").md" \
        "$P diff --snapshot 160x48 $before $after" \
        "go tool pprof -top -diff_base $before $after"
    /usr/bin/time -f "peak RSS %M KB  (perftui diff)" $P diff --snapshot 160x48 "$before" "$after" >/dev/null
    /usr/bin/time -f "peak RSS %M KB  (pprof -diff_base)" go tool pprof -top -diff_base "$before" "$after" >/dev/null
done
