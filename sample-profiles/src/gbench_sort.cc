// Google Benchmark program used to make sample-profiles/gbench_sort.json:
// std::sort against std::stable_sort on shuffled integers, at three sizes.
//   g++ -O2 gbench_sort.cc -lbenchmark -lpthread -o gbench_sort
//   ./gbench_sort --benchmark_repetitions=10 --benchmark_format=json > gbench_sort.json
#include <algorithm>
#include <random>
#include <vector>

#include <benchmark/benchmark.h>

static std::vector<int> shuffled(size_t n) {
  std::vector<int> v(n);
  for (size_t i = 0; i < n; i++) v[i] = static_cast<int>(i);
  std::mt19937 rng(42);
  std::shuffle(v.begin(), v.end(), rng);
  return v;
}

static void BM_Sort(benchmark::State& state) {
  const auto input = shuffled(state.range(0));
  for (auto _ : state) {
    auto v = input;
    std::sort(v.begin(), v.end());
    benchmark::DoNotOptimize(v.data());
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_Sort)->Arg(100)->Arg(10000);

static void BM_StableSort(benchmark::State& state) {
  const auto input = shuffled(state.range(0));
  for (auto _ : state) {
    auto v = input;
    std::stable_sort(v.begin(), v.end());
    benchmark::DoNotOptimize(v.data());
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_StableSort)->Arg(100)->Arg(10000);

BENCHMARK_MAIN();
