package recursive

import "testing"

var sink int
var sink64 uint64

func BenchmarkEval(b *testing.B) {
	s := Nested(16)
	b.SetBytes(int64(len(s)))
	for i := 0; i < b.N; i++ {
		sink += Eval(s)
	}
}

func BenchmarkWalk(b *testing.B) {
	t := Tree(40)
	for i := 0; i < b.N; i++ {
		sink64 ^= Walk(t, uint64(i))
	}
}
