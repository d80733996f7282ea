// Command labels writes real labelled profiles for perftui's tests: a CPU
// profile whose samples carry pprof labels (route, tenant, worker), a heap
// profile (whose samples carry the numeric "bytes" label), and a goroutine
// profile of labelled goroutines.
//
//	go run . -out DIR
package main

import (
	"context"
	"crypto/sha256"
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"sort"
	"strings"
	"sync"
	"time"
)

var sink [][]byte

// hashWork burns CPU hashing, the route's "handler".
func hashWork(n int) [32]byte {
	var sum [32]byte
	buf := make([]byte, 4096)
	for i := 0; i < n; i++ {
		buf[i%len(buf)] = byte(i)
		sum = sha256.Sum256(buf)
	}
	return sum
}

// sortWork burns CPU sorting strings.
func sortWork(n int) int {
	words := make([]string, n)
	for i := range words {
		words[i] = fmt.Sprintf("w%07d", (i*7919)%n)
	}
	sort.Strings(words)
	return len(strings.Join(words[:10], ","))
}

// allocate keeps objects of several sizes alive, so the heap profile's
// "bytes" label takes several values.
func allocate(size, count int) {
	for i := 0; i < count; i++ {
		sink = append(sink, make([]byte, size))
	}
}

func handle(ctx context.Context, route string, d time.Duration) {
	end := time.Now().Add(d)
	for time.Now().Before(end) {
		switch route {
		case "/api/orders":
			hashWork(200)
		case "/api/users":
			sortWork(20000)
		default:
			hashWork(50)
			sortWork(5000)
		}
	}
}

func main() {
	out := flag.String("out", ".", "directory for the profiles")
	flag.Parse()
	runtime.MemProfileRate = 4096

	cpu, err := os.Create(filepath.Join(*out, "cpu_labels.pb.gz"))
	if err != nil {
		log.Fatal(err)
	}
	if err := pprof.StartCPUProfile(cpu); err != nil {
		log.Fatal(err)
	}
	var wg sync.WaitGroup
	work := []struct {
		route, tenant, worker string
		d                     time.Duration
	}{
		{"/api/orders", "acme", "pool-a", 1200 * time.Millisecond},
		{"/api/orders", "globex", "pool-b", 600 * time.Millisecond},
		{"/api/users", "acme", "pool-a", 900 * time.Millisecond},
		{"/healthz", "globex", "pool-b", 300 * time.Millisecond},
	}
	for _, w := range work {
		wg.Add(1)
		go func(route, tenant, worker string, d time.Duration) {
			defer wg.Done()
			labels := pprof.Labels("route", route, "tenant", tenant, "worker", worker)
			pprof.Do(context.Background(), labels, func(ctx context.Context) {
				handle(ctx, route, d)
			})
		}(w.route, w.tenant, w.worker, w.d)
	}
	// Unlabelled work too, as real programs have.
	hashWork(150000)
	wg.Wait()
	pprof.StopCPUProfile()
	cpu.Close()

	for _, s := range []struct{ size, count int }{{64, 2000}, {1024, 300}, {16384, 40}, {1 << 20, 3}} {
		allocate(s.size, s.count)
	}
	runtime.GC()
	heap, err := os.Create(filepath.Join(*out, "heap_labels.pb.gz"))
	if err != nil {
		log.Fatal(err)
	}
	if err := pprof.Lookup("heap").WriteTo(heap, 0); err != nil {
		log.Fatal(err)
	}
	heap.Close()

	// Goroutines parked under labels.
	block := make(chan struct{})
	var started sync.WaitGroup
	for i, l := range []struct{ route, worker string }{
		{"/api/orders", "pool-a"}, {"/api/orders", "pool-a"}, {"/api/orders", "pool-b"},
		{"/api/users", "pool-a"}, {"/healthz", "pool-b"},
	} {
		started.Add(1)
		go func(i int, route, worker string) {
			pprof.Do(context.Background(), pprof.Labels("route", route, "worker", worker), func(context.Context) {
				started.Done()
				<-block
			})
		}(i, l.route, l.worker)
	}
	started.Wait()
	g, err := os.Create(filepath.Join(*out, "goroutine_labels.pb.gz"))
	if err != nil {
		log.Fatal(err)
	}
	if err := pprof.Lookup("goroutine").WriteTo(g, 0); err != nil {
		log.Fatal(err)
	}
	g.Close()
	close(block)
	fmt.Println(len(sink))
}
