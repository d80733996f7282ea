#!/usr/bin/env bash
# Pastes 10,000 characters into the explorer's search prompt in a real
# terminal (tmux, private socket) and prints the seconds until perftui
# answers (the prompt confirmed, "no match" on the status bar) and
# perftui's peak RSS. Usage, from the repository's root:
#   scripts/paste-into-search.sh [BINARY] [TIMEOUT_SECONDS]
# (BINARY defaults to target/release/perftui; build it first.)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bin=$(realpath "${1:-$root/target/release/perftui}")
limit=${2:-120}
sock=perftui-paste-$$
cd "$root/tests/data"
tmux -L "$sock" -f /dev/null new-session -d -x 120 -y 30 "$bin open pprof/cpu_before.pb.gz"
trap 'tmux -L "$sock" kill-server 2>/dev/null || true' EXIT
until tmux -L "$sock" capture-pane -p | grep -q main.main.func1; do sleep 0.1; done
pane=$(tmux -L "$sock" display -p '#{pane_pid}')
pid=$(pgrep -P "$pane" | head -1 || true)
pid=${pid:-$pane}
tmux -L "$sock" send-keys /
sleep 0.5
tmux -L "$sock" set-buffer -b big "$(python3 -c 'print("jsonish." * 1250, end="")')"
start=$(date +%s.%N)
# -p: as a bracketed paste when the program asked for it, as keys otherwise.
tmux -L "$sock" paste-buffer -p -b big
tmux -L "$sock" send-keys Enter
peak=0
result="answered"
until tmux -L "$sock" capture-pane -p | grep -q "no match"; do
    hwm=$(awk '/VmHWM/{print $2}' "/proc/$pid/status" 2>/dev/null || true)
    peak=${hwm:-$peak}
    if (($(echo "$(date +%s.%N) - $start > $limit" | bc))); then
        result="no answer"
        break
    fi
    sleep 0.2
done
hwm=$(awk '/VmHWM/{print $2}' "/proc/$pid/status" 2>/dev/null || true)
peak=${hwm:-$peak}
printf '%s after %.2f s, peak RSS %d MiB\n' "$result" "$(echo "$(date +%s.%N) - $start" | bc)" $((peak / 1024))
