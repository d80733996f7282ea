#!/usr/bin/env bash
# Command to first frame for a merged fleet profile against the same file
# opened here, in one hyperfine run (docs/PERFORMANCE.md, "Fleet").
#
# Starts the Parca of .ci/parca.sh on a free loopback port with in-memory
# storage, pushes real CPU profiles (the typical one; two hosts of one job,
# merged by the server; the deep 60k-sample one), then times `open
# --snapshot` of each as a parca:// query and as the files, and `top` of the
# large one both ways. Needs hyperfine and Go.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release -q
P=$PWD/target/release/perftui
PARCA=$(bash .ci/parca.sh)
dir=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null; rm -rf "$dir"' EXIT
printf 'object_storage:\n  bucket:\n    type: FILESYSTEM\n    config:\n      directory: ./data\n' >"$dir/parca.yaml"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
(cd "$dir" && exec "$PARCA" --config-path=parca.yaml --http-address="127.0.0.1:$port" \
    --debuginfod-upstream-servers= --profile-share-server=127.0.0.1:1 \
    --debuginfo-cache-dir=debuginfo >parca.log 2>&1) &
pid=$!
store="parca://127.0.0.1:$port"
# Ready when it answers; not `| grep -q`, whose early exit fails the
# pipeline under pipefail.
until [[ "$("$P" top "$store" 2>&1)" == *"no query"* ]]; do sleep 0.2; done
data=tests/data/pprof
"$P" push "$store" --label job=typical "$data/cpu_typical.pb.gz"
"$P" push "$store" --label job=large "$data/cpu_large_real.pb.gz"
"$P" push "$store" --label job=api --label host=a "$data/cpu_before.pb.gz"
"$P" push "$store" --label job=api --label host=b "$data/cpu_after.pb.gz"
q() { echo "$store?query=process_cpu:cpu:nanoseconds:cpu:nanoseconds:delta{job=\"$1\"}&from=2000-01-01T00:00:00Z"; }
ff="env PERFTUI_FIRST_FRAME=1 $P"
hyperfine -N --warmup 2 --runs "${RUNS:-20}" \
    "$ff open --snapshot 160x48 $data/cpu_typical.pb.gz" \
    "$ff open --snapshot 160x48 '$(q typical)'" \
    "$ff open --snapshot 160x48 $data/cpu_before.pb.gz $data/cpu_after.pb.gz" \
    "$ff open --snapshot 160x48 '$(q api)'" \
    "$ff open --snapshot 160x48 $data/cpu_large_real.pb.gz" \
    "$ff open --snapshot 160x48 '$(q large)'" \
    "$P top -n 30 $data/cpu_large_real.pb.gz" \
    "$P top -n 30 '$(q large)'"
