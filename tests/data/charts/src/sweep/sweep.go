// Package sweep has benchmarks for perftui's chart tests: a linear sum over
// four decades of sizes, a dedupe that is quadratic before and linear after
// (build tag "after"), and a parallel hash for -cpu scaling.
package sweep

import "crypto/sha256"

// Sum adds the values.
func Sum(xs []int) int {
	s := 0
	for _, x := range xs {
		s += x
	}
	return s
}

// HashBlock hashes one block, as the parallel benchmark does per iteration.
func HashBlock(b []byte) [32]byte {
	return sha256.Sum256(b)
}
