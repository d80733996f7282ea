package sweep

import (
	"fmt"
	"testing"
)

func values(n int) []int {
	xs := make([]int, n)
	for i := range xs {
		xs[i] = (i * 7919) % (n/2 + 1)
	}
	return xs
}

func BenchmarkSum(b *testing.B) {
	for _, n := range []int{10, 100, 1000, 10000, 100000} {
		xs := values(n)
		b.Run(fmt.Sprintf("size=%d", n), func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				Sum(xs)
			}
		})
	}
}

func BenchmarkDedupe(b *testing.B) {
	for _, n := range []int{10, 100, 1000, 10000} {
		xs := values(n)
		b.Run(fmt.Sprintf("size=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				Dedupe(xs)
			}
		})
	}
}

func BenchmarkHashParallel(b *testing.B) {
	block := make([]byte, 4096)
	b.SetBytes(int64(len(block)))
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			HashBlock(block)
		}
	})
}
