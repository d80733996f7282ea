#!/bin/sh
# Makes the references of tests/it/pprof_reports.rs: each line below is
# "reference file | go tool pprof arguments". Run from tests/data/ with
# Go 1.19.8's pprof (Debian's golang-1.19), TZ unset (UTC):
#   sh reference/pprof-reports.sh /usr/lib/go-1.19/bin/go
# Standard output goes to the file; standard error (when pprof wrote any) to
# the file with .stderr appended.
set -eu
GO=${1:-go}
while IFS='|' read -r name args; do
    name=$(echo "$name" | tr -d ' ')
    [ -z "$name" ] && continue
    case "$name" in \#*) continue ;; esac
    # shellcheck disable=SC2086
    if ! eval "\"$GO\" tool pprof $args" >"reference/$name" 2>"reference/$name.stderr"; then
        echo "$name: exit $?" >&2
    fi
    [ -s "reference/$name.stderr" ] || rm -f "reference/$name.stderr"
done <<'CASES'
peek.cpu_labels.main.txt             | -peek 'main\.' pprof/cpu_labels.pb.gz
peek.cpu_before.cum.txt              | -cum -peek 'jsonish' pprof/cpu_before.pb.gz
peek.cpu_labels.lines.txt            | -lines -peek 'main' pprof/cpu_labels.pb.gz
peek.cpu_labels.focus=sha256.txt     | -focus=sha256 -peek 'runtime' pprof/cpu_labels.pb.gz
peek.cpu_after.diff_base.txt         | -diff_base=pprof/cpu_before.pb.gz -peek 'main' pprof/cpu_after.pb.gz
peek.heap_labels.alloc_space.txt     | -sample_index=alloc_space -peek '.' pprof/heap_labels.pb.gz
peek.goroutine_labels.txt            | -peek '.' pprof/goroutine_labels.pb.gz
peek.cpu_recursive.txt               | -peek 'recursive' pprof/cpu_recursive.pb.gz
peek.cpu_rust.txt                    | -peek 'rustcpu' pprof/cpu_rust.pb.gz
peek.cpu_large_real.txt              | -peek '\Qmain.p\E[0-3]$' pprof/cpu_large_real.pb.gz
CASES
