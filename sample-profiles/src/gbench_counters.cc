// Google Benchmark program used to make sample-profiles/bench-formats/
// gbench_counters.json and gbench_aggregates_*.json: FNV-1a hashing with user counters, and one
// benchmark argument that fails with SkipWithError. GB_ROUNDS (default 1)
// hashes each buffer that many times, so a second run is measurably slower.
//   g++ -O2 gbench_counters.cc -lbenchmark -lpthread -o gbench_counters
//   ./gbench_counters --benchmark_repetitions=6 --benchmark_min_time=0.05 --benchmark_format=json > gbench_counters.json
//   ./gbench_counters --benchmark_repetitions=6 --benchmark_min_time=0.05 --benchmark_report_aggregates_only=true \
//       --benchmark_format=json > gbench_aggregates_before.json
//   GB_ROUNDS=2 ./gbench_counters ... (the same) > gbench_aggregates_after.json
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>

static int rounds() {
  const char* r = std::getenv("GB_ROUNDS");
  return r ? std::atoi(r) : 1;
}

static uint64_t fnv1a(const std::vector<uint8_t>& b) {
  uint64_t h = 1469598103934665603ull;
  for (uint8_t c : b) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

static void BM_Hash(benchmark::State& state) {
  const size_t n = static_cast<size_t>(state.range(0));
  if (n == 0) {
    state.SkipWithError("empty input: nothing to hash");
    return;
  }
  std::vector<uint8_t> buf(n);
  for (size_t i = 0; i < n; i++) buf[i] = static_cast<uint8_t>(i * 31);
  const int r = rounds();
  uint64_t buckets = 0;
  for (auto _ : state) {
    for (int k = 0; k < r; k++) {
      uint64_t h = fnv1a(buf);
      benchmark::DoNotOptimize(h);
      buckets += h & 1;
    }
  }
  state.SetBytesProcessed(state.iterations() * n * r);
  // Counters of each kind: a plain value, a per-second rate and a
  // per-iteration average.
  state.counters["buffers"] = static_cast<double>(n);
  state.counters["hashes"] = benchmark::Counter(static_cast<double>(state.iterations() * r),
                                                benchmark::Counter::kIsRate);
  state.counters["odd"] = benchmark::Counter(static_cast<double>(buckets),
                                             benchmark::Counter::kAvgIterations);
}
BENCHMARK(BM_Hash)->Arg(0)->Arg(64)->Arg(4096);

BENCHMARK_MAIN();
