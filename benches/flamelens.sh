#!/usr/bin/env bash
# First frame and peak memory of perftui and flamelens on the same folded
# file, each in a real terminal (tmux, 160x48), in the same run
# (docs/PERFORMANCE.md, issue 22). Needs tmux and flamelens
# (`cargo install flamelens --locked`).
#
#   benches/flamelens.sh FOLDED_FILE NEEDLE
#
# NEEDLE is text the first frame of both shows (a frame's name). The
# folded file of the 1M-sample profile is made with
#   perftui fold ../shared/corpus/pprof/cpu_large_synthetic.pb.gz > /tmp/large.folded
set -euo pipefail
cd "$(dirname "$0")/.."
file=$1
needle=$2
cargo build --release -q
P=$PWD/target/release/perftui
measure() {
    local name=$1 cmd=$2
    local sock="perftui-bench-$name-$$"
    local start end pid hwm
    start=$(date +%s.%N)
    tmux -L "$sock" -f /dev/null new-session -d -x 160 -y 48 "$cmd"
    until tmux -L "$sock" capture-pane -p 2>/dev/null | grep -qF "$needle"; do
        sleep 0.02
    done
    end=$(date +%s.%N)
    # The program is the pane's process (tmux runs the command directly).
    pid=$(tmux -L "$sock" display-message -p '#{pane_pid}')
    sleep 1
    hwm=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status")
    tmux -L "$sock" kill-server
    printf '%-10s first frame %6.3f s   peak RSS %7d KB\n' "$name" "$(echo "$end - $start" | bc)" "$hwm"
}
for _ in $(seq "${RUNS:-3}"); do
    measure perftui "exec $P open --max-size 4G $file"
    measure flamelens "exec flamelens $file"
done
