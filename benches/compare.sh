#!/usr/bin/env bash
# End-to-end comparison of `perftui top` with `go tool pprof -top` and with
# plain `gzip -dc`, on the same files in the same run (docs/PERFORMANCE.md),
# then the table of issue 22's performance targets, each as a ratio taken
# in that same run.
#
#   benches/compare.sh            both
#   benches/compare.sh reference  against pprof only
#   benches/compare.sh targets    the targets' table only
#
# Needs: hyperfine, GNU time, Go (`apt-get install -y hyperfine time golang-go`);
# for the targets also tmux, flamelens (`cargo install flamelens --locked`)
# and benchstat (`go install golang.org/x/perf/cmd/benchstat@latest`), each
# row left out with a message when its tool is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release -q
P=target/release/perftui
CORPUS=../shared/corpus/pprof
reference() {
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
}

# Issue 22's targets, measured together so that every ratio is of one run.
targets() {
    local synth=target/synth/before.pb.gz after=target/synth/after.pb.gz
    local real=tests/data/pprof/cpu_large_real.pb.gz typical=tests/data/pprof/cpu_typical.pb.gz
    local folded=target/folded2m.folded real_folded=target/cpu_large_real.folded
    local out
    out=$(mktemp -d)
    benches/synthdiff/gen.sh
    benches/folded2m/gen.sh
    "$P" fold "$real" >"$real_folded"
    [ -f target/bench-100k-old.txt ] || cargo bench -q --bench bench_report -- --test >/dev/null
    local ff="env PERFTUI_FIRST_FRAME=1 $P"
    local cmds=(
        "$P top -n 30 $synth"
        "$ff open --snapshot 160x48 $synth"
        "$ff open --snapshot 160x48 $real"
        "$ff open --snapshot 160x48 $typical"
        "$ff open --snapshot 160x48 $folded"
        "$P top -n 30 --diff-base $synth $after"
        "$ff diff --snapshot 160x48 $synth $after"
        "$P bench target/bench-100k-old.txt"
    )
    if command -v benchstat >/dev/null; then
        cmds+=("benchstat target/bench-100k-old.txt")
    else
        echo "leaving out benchstat: not installed" >&2
    fi
    hyperfine -N --warmup 1 --runs "${RUNS:-5}" --export-json "$out/times.json" "${cmds[@]}" >&2
    /usr/bin/time -f "%M" -o "$out/rss-open" "$P" open --snapshot 160x48 "$synth" >/dev/null
    /usr/bin/time -f "%M" -o "$out/rss-first" env PERFTUI_FIRST_FRAME=1 "$P" open --snapshot 160x48 "$synth" >/dev/null
    /usr/bin/time -f "%M" -o "$out/rss-folded" "$P" open --snapshot 160x48 "$folded" >/dev/null
    if command -v flamelens >/dev/null && command -v tmux >/dev/null; then
        RUNS=9 benches/flamelens.sh "$real_folded" main.p7 | tee "$out/flamelens" >&2
    else
        echo "leaving out flamelens: it or tmux is not installed" >&2
    fi
    python3 - "$out" "$P" <<'PY'
import json, os, statistics, sys
out, p = sys.argv[1], sys.argv[2]
times = {r["command"]: r for r in json.load(open(f"{out}/times.json"))["results"]}
def t(cmd):
    for c, r in times.items():
        if c.endswith(cmd) or c == cmd:
            return r["mean"]
    return None
def rss(name):
    return int(open(f"{out}/{name}").read().split()[-1]) / 1024
synth, after = "target/synth/before.pb.gz", "target/synth/after.pb.gz"
rows = []
def row(what, value, against, ratio, goal, met):
    rows.append((what, value, against, ratio, goal, "met" if met else "NOT met"))
top = t(f"top -n 30 {synth}")
first = t(f"open --snapshot 160x48 {synth}")
row("first frame, 1M samples", f"{first*1e3:.0f} ms", f"perftui top {top*1e3:.0f} ms",
    f"{first/top:.2f}x", "<= 1.3x", first / top <= 1.3)
for name, f in [("60k deep samples", "tests/data/pprof/cpu_large_real.pb.gz"),
                ("typical 10k samples", "tests/data/pprof/cpu_typical.pb.gz")]:
    v = t(f"open --snapshot 160x48 {f}")
    row(f"first frame, {name}", f"{v*1e3:.0f} ms", "100 ms", f"{v/0.1:.2f}x", "<= 1x", v <= 0.1)
m = rss("rss-open")
row("peak RSS of open, 1M samples (whole tree)", f"{m:.0f} MB", "250 MB", f"{m/250:.2f}x", "<= 1x", m <= 250)
fl = t("open --snapshot 160x48 target/folded2m.folded")
row("folded 2M lines / 44 MB, first frame", f"{fl:.2f} s", "1.5 s", f"{fl/1.5:.2f}x", "<= 1x", fl <= 1.5)
m = rss("rss-folded")
row("folded 2M lines, peak RSS (whole tree)", f"{m:.0f} MB", "300 MB", f"{m/300:.2f}x", "<= 1x", m <= 300)
dtop = t(f"top -n 30 --diff-base {synth} {after}")
d = t(f"diff --snapshot 160x48 {synth} {after}")
row("diff first frame, 2 x 1M samples", f"{d*1e3:.0f} ms", f"top --diff-base {dtop*1e3:.0f} ms",
    f"{d/dtop:.2f}x", "<= 1.5x", d / dtop <= 1.5)
b = t("bench target/bench-100k-old.txt")
bs = t("benchstat target/bench-100k-old.txt")
row("perftui bench, 100k lines", f"{b*1e3:.0f} ms",
    f"benchstat {bs*1e3:.0f} ms" if bs else "300 ms",
    f"{b/bs:.2f}x" if bs else f"{b/0.3:.2f}x", "<= 300 ms", b <= 0.3)
if os.path.exists(f"{out}/flamelens"):
    runs = {"perftui": [], "flamelens": []}
    for line in open(f"{out}/flamelens"):
        w = line.split()
        if w and w[0] in runs:
            runs[w[0]].append((float(w[3]), int(w[7]) / 1024))
    pt = statistics.median(x for x, _ in runs["perftui"])
    ft = statistics.median(x for x, _ in runs["flamelens"])
    pm = max(m for _, m in runs["perftui"])
    fm = max(m for _, m in runs["flamelens"])
    row("first frame in tmux, real profile folded", f"{pt:.2f} s", f"flamelens {ft:.2f} s",
        f"{ft/pt:.1f}x sooner", ">= 5x sooner", ft / pt >= 5)
    row("peak RSS in tmux, the same", f"{pm:.0f} MB", f"flamelens {fm:.0f} MB",
        f"{pm/fm:.2f}x", "<= 0.33x", pm / fm <= 1 / 3)
widths = [max(len(r[i]) for r in rows + [("target", "perftui", "against", "ratio", "goal", "")]) for i in range(6)]
def line(cells):
    print("| " + " | ".join(c.ljust(w) for c, w in zip(cells, widths)) + " |")
line(("target", "perftui", "against", "ratio", "goal", ""))
print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
for r in rows:
    line(r)
PY
    rm -rf "$out"
}

case "${1:-all}" in
    reference) reference ;;
    targets) targets ;;
    all)
        reference
        targets
        ;;
    *)
        echo "usage: benches/compare.sh [reference|targets]" >&2
        exit 2
        ;;
esac
