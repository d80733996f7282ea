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
top.cpu_before.unit=ms.txt           | -top -unit=ms pprof/cpu_before.pb.gz
top.heap.unit=MB.txt                 | -top -unit=MB pprof/heap.pb.gz
top.heap_labels.unit=kb.txt          | -top -unit=kb pprof/heap_labels.pb.gz
top.cpu_before.nodefraction=0.05.txt | -top -nodefraction=0.05 pprof/cpu_before.pb.gz
top.cpu_before.nodefraction=0.txt    | -top -nodefraction=0 pprof/cpu_before.pb.gz
top.cpu_labels.edgefraction=0.2.txt  | -top -edgefraction=0.2 pprof/cpu_labels.pb.gz
top.cpu_before.show_from=jsonish.txt | -top -show_from=jsonish pprof/cpu_before.pb.gz
top.cpu_labels.show_from=handle,tagfocus.txt | -top -show_from=main.handle -tagfocus=route=/api/orders pprof/cpu_labels.pb.gz
top.cpu_before.noinlines.txt         | -top -noinlines pprof/cpu_before.pb.gz
top.cpu_before.noinlines.lines.txt   | -top -noinlines -lines pprof/cpu_before.pb.gz
top.cpu_before.addresses.txt         | -top -addresses -nodecount=20 pprof/cpu_before.pb.gz
top.cpu_labels.addresses.noinlines.txt | -top -addresses -noinlines -nodecount=20 pprof/cpu_labels.pb.gz
top.heap.addresses.txt               | -top -addresses pprof/heap.pb.gz
top.goroutine.addresses.cum.txt      | -top -addresses -cum -nodecount=10 pprof/goroutine.pb.gz
top.mutex.txt                        | -top pprof/mutex.pb.gz
top.mutex.mean.txt                   | -top -mean pprof/mutex.pb.gz
top.block.txt                        | -top pprof/block.pb.gz
top.block.mean.txt                   | -top -mean pprof/block.pb.gz
top.cpu_labels.relative_percentages.txt | -top -relative_percentages -focus=sha256 pprof/cpu_labels.pb.gz
top.cpu_after.drop_negative.txt      | -top -drop_negative -diff_base=pprof/cpu_before.pb.gz pprof/cpu_after.pb.gz
peek.block.mean.txt                  | -mean -peek Lock pprof/block.pb.gz
peek.mutex.txt                       | -peek . pprof/mutex.pb.gz
peek.cpu_labels.unit=s.txt           | -unit=s -peek . pprof/cpu_labels.pb.gz
list.cpu_labels.main.txt             | -list '^main\.' pprof/cpu_labels.pb.gz
list.cpu_labels.hash,handle.txt      | -list 'main.hashWork|main.handle' pprof/cpu_labels.pb.gz
list.cpu_recursive.txt               | -list 'recursive' pprof/cpu_recursive.pb.gz
list.heap_labels.main.txt            | -sample_index=alloc_space -list '^main\.' pprof/heap_labels.pb.gz
list.mutex.main.txt                  | -list '^main\.' pprof/mutex.pb.gz
list.block.main.mean.txt             | -mean -list '^main\.' pprof/block.pb.gz
list.goroutine_labels.main.txt       | -list '^main\.' pprof/goroutine_labels.pb.gz
list.cpu_labels.unit=ms.focus.txt    | -unit=ms -focus=sortWork -list '^main\.' pprof/cpu_labels.pb.gz
list.cpu_labels.noinlines.txt        | -noinlines -list '^main\.' pprof/cpu_labels.pb.gz
list.cpu_before.source_path.txt      | -source_path=src/corpus -trim_path=perftui.test/corpus -list 'jsonish.*parse' pprof/cpu_before.pb.gz
list.cpu_before.not_found.txt        | -list 'jsonish.*Parse$' pprof/cpu_before.pb.gz
top.cpu_labels.tagroot=route,tenant.txt | -top -tagroot=route,tenant pprof/cpu_labels.pb.gz
top.heap_labels.tagleaf=bytes.txt    | -top -tagleaf=bytes pprof/heap_labels.pb.gz
top.cpu_labels.tagroot,tagleaf.cum.txt | -top -cum -tagroot=worker -tagleaf=route pprof/cpu_labels.pb.gz
peek.cpu_labels.tagroot=worker.txt   | -peek pool -tagroot=worker pprof/cpu_labels.pb.gz
top.cpu_labels.tagroot,focus.txt     | -top -tagroot=route -focus=/api/orders pprof/cpu_labels.pb.gz
traces.goroutine_labels.tagroot.txt  | -traces -tagroot=route pprof/goroutine_labels.pb.gz
top.heap_labels.tagleaf=bytes.unit=kb.txt | -top -tagleaf=bytes -unit=kb pprof/heap_labels.pb.gz
CASES

# Exports: "reference file | go tool pprof arguments": pprof writes the
# profile with -proto, and the reference is its -top of that file (what
# `perftui export` must also read back as).
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
while IFS='|' read -r name args; do
    name=$(echo "$name" | tr -d ' ')
    [ -z "$name" ] && continue
    eval "\"$GO\" tool pprof -proto $args" >"$tmp" 2>/dev/null
    "$GO" tool pprof -top "$tmp" >"reference/$name" 2>/dev/null
done <<'CASES'
export.cpu_before+cpu_after.top.txt  | pprof/cpu_before.pb.gz pprof/cpu_after.pb.gz
export.cpu_before.focus,hide.top.txt | -focus=jsonish -hide=runtime pprof/cpu_before.pb.gz
export.cpu_labels.tagfocus.top.txt   | -tagfocus=route=/api/orders pprof/cpu_labels.pb.gz
export.cpu_labels.show_from,taghide.top.txt | -show_from=handle -taghide=tenant pprof/cpu_labels.pb.gz
export.cpu_after.diff_base.top.txt   | -diff_base=pprof/cpu_before.pb.gz pprof/cpu_after.pb.gz
export.cpu_after.base,ignore.top.txt | -ignore=Walk -base=pprof/cpu_before.pb.gz pprof/cpu_after.pb.gz
export.allocs.normalize.top.txt      | -normalize -diff_base=pprof/heap.pb.gz pprof/allocs.pb.gz
export.heap_labels.top.txt           | pprof/heap_labels.pb.gz
export.goroutine_labels.top.txt      | pprof/goroutine_labels.pb.gz
export.mutex.top.txt                 | pprof/mutex.pb.gz
export.cpu_rust_same_names.top.txt   | pprof/cpu_rust_same_names.pb.gz
export.cpu_labels.tagroot.top.txt    | -tagroot=route pprof/cpu_labels.pb.gz
CASES
