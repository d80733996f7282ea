package runbench

import "testing"

var sink uint64

func input() []byte {
	b := make([]byte, 4096)
	for i := range b {
		b[i] = byte(i * 31)
	}
	return b
}

func BenchmarkSteady(b *testing.B) {
	in := input()
	for i := 0; i < b.N; i++ {
		sink += Steady(in)
	}
}

func BenchmarkSlowed(b *testing.B) {
	in := input()
	for i := 0; i < b.N; i++ {
		sink += Slowed(in)
	}
}
