# A CPU-bound Ruby program profiled by stackprof (cpu mode, raw samples),
# written as the JSON stackprof's own `--json` report writes:
#   ruby work.rb ../../stackprof/work.cpu.json
require 'stackprof'
require 'json'

def fib(n) = n < 2 ? n : fib(n - 1) + fib(n - 2)

def sort_words(n)
  Array.new(n) { |i| "w#{(i * 7919) % n}" }.sort.size
end

def hash_loop(n)
  h = 0
  n.times { |i| h = (h * 31 + i) & 0xffffffff }
  h
end

profile = StackProf.run(mode: :cpu, interval: 1000, raw: true) do
  deadline = Process.clock_gettime(Process::CLOCK_MONOTONIC) + 2
  sink = 0
  while Process.clock_gettime(Process::CLOCK_MONOTONIC) < deadline
    sink += fib(20)
    sink += sort_words(20_000)
    sink += hash_loop(200_000)
  end
end
File.write(ARGV[0] || 'work.cpu.json', JSON.generate(profile))
