// Command emptyheap writes a heap profile whose default sample type
// (inuse_space) is zero everywhere: everything it allocated was freed before
// the last collection, as in the heap profile of a finished job
// (golang/go#24443). perftui's tests use it to check that reports print what
// pprof prints for such a profile.
package main

import (
	"flag"
	"log"
	"os"
	"runtime"
	"runtime/pprof"
	"strings"
)

var sink []string

func build(n int) []string {
	out := make([]string, 0, n)
	for i := 0; i < n; i++ {
		out = append(out, strings.Repeat("x", 64+i%512))
	}
	return out
}

func churn() {
	for round := 0; round < 20; round++ {
		sink = build(2000)
	}
	sink = nil
}

func main() {
	out := flag.String("out", "heap_empty_inuse.pb.gz", "where to write the heap profile")
	flag.Parse()
	runtime.MemProfileRate = 4096
	churn()
	runtime.GC()
	runtime.GC()
	f, err := os.Create(*out)
	if err != nil {
		log.Fatal(err)
	}
	if err := pprof.WriteHeapProfile(f); err != nil {
		log.Fatal(err)
	}
	if err := f.Close(); err != nil {
		log.Fatal(err)
	}
}
