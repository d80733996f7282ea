// Package runbench is the package `perftui run`'s test puts into a git
// repository of two commits: the second sets slowedRounds to 2, so
// BenchmarkSlowed does twice the work and the other benchmarks the same.
package runbench

// slowedRounds is how many times Slowed hashes its input.
const slowedRounds = 1

func fnv(b []byte) uint64 {
	h := uint64(14695981039346656037)
	for _, c := range b {
		h ^= uint64(c)
		h *= 1099511628211
	}
	return h
}

// Steady hashes its input once.
func Steady(b []byte) uint64 { return fnv(b) }

// Slowed hashes its input slowedRounds times.
func Slowed(b []byte) uint64 {
	var h uint64
	for i := 0; i < slowedRounds; i++ {
		h ^= fnv(b)
		b[0]++
	}
	return h
}
