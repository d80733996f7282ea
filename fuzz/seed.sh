#!/bin/sh
# Seeds each fuzz target's corpus from the repository's real files.
set -e
cd "$(dirname "$0")"
mkdir -p corpus/profile corpus/bench_text corpus/bench_json corpus/analyses corpus/patterns
for f in ../tests/data/pprof/*.pb.gz ../tests/data/pprof/*.txt ../tests/data/bad/*.pb.gz ../assets/*.pb.gz; do
  [ -f "$f" ] && [ "$(wc -c < "$f")" -lt 200000 ] && cp "$f" corpus/profile/
done
head -c 100000 ../tests/data/perf/cpuparse.perf-script.txt > corpus/profile/perf-script-head.txt
for f in ../tests/data/gperftools/* ../tests/data/perf/perfwork-*.txt ../tests/data/speedscope/*.json ../tests/data/dhat/*.json ../tests/data/race/*.txt ../tests/data/callgrind/* ../tests/data/node/*.cpuprofile ../tests/data/node/*.trace.json ../tests/data/samply/*.syms.json ../tests/data/stackprof/*.json ../tests/data/detect/*.txt; do
  [ -f "$f" ] && head -c 100000 "$f" > "corpus/profile/$(basename "$f")"
done
cp ../tests/data/bench/*.txt ../tests/data/bad/bench_*.txt ../tests/data/charts/*.txt corpus/bench_text/ 2>/dev/null || true
for f in ../sample-profiles/bench-formats/*.json ../sample-profiles/bench-formats/go_test_json.txt; do
  tail -c +2 "$f" > "corpus/bench_json/$(basename "$f")"
done
# analyses: a variant byte, then a profile.
for f in corpus/profile/*; do
  printf '\005' | cat - "$f" > "corpus/analyses/$(basename "$f")"
done
# patterns: what the tests type.
i=0
for p in '\Q(*parser).parse\E' '^\w+\.\w+$' '[[(]' 'a{1000}' '(?i)parse|Write' 'route=/api/orders' 'bytes=1kb:16kb' ':64kb' '1mb:' 'pool-a,pool-b' '[[:alpha:]]+' '(?P<f>x)\b'; do
  i=$((i+1)); printf '%s' "$p" > "corpus/patterns/seed$i"
done
zcat ../tests/data/samply/work.json.gz | head -c 100000 > corpus/profile/samply-work.json
zcat ../tests/data/node/work.v8log.json.gz | head -c 100000 > corpus/profile/v8log-head.json
