// A benchmark whose extra metric is better when higher: the hit rate of a
// small LRU cache over a skewed key stream. CACHE_SIZE picks the variant
// (the "change" shrinks the cache: lower hit rate, more misses).
package gatebench

import (
	"container/list"
	"fmt"
	"math/rand"
	"os"
	"runtime"
	"strconv"
	"testing"
)

func TestMain(m *testing.M) {
	// benchstat's unit metadata: the hit rate is better when higher.
	fmt.Println("Unit hit% better=higher")
	// GC pause per collection is exact: a benchmark that never collects
	// reports 0 every run, and 0 is not a sample with a spread.
	fmt.Println("Unit ns/GC assume=exact")
	os.Exit(m.Run())
}

type lru struct {
	cap   int
	order *list.List
	index map[int]*list.Element
}

func (c *lru) get(k int) bool {
	if e, ok := c.index[k]; ok {
		c.order.MoveToFront(e)
		return true
	}
	c.index[k] = c.order.PushFront(k)
	if c.order.Len() > c.cap {
		last := c.order.Back()
		c.order.Remove(last)
		delete(c.index, last.Value.(int))
	}
	return false
}

func size() int {
	if n, err := strconv.Atoi(os.Getenv("CACHE_SIZE")); err == nil {
		return n
	}
	return 512
}

func BenchmarkLookup(b *testing.B) {
	c := &lru{cap: size(), order: list.New(), index: map[int]*list.Element{}}
	r := rand.New(rand.NewSource(1))
	z := rand.NewZipf(r, 1.1, 1, 1<<16)
	hits := 0
	for i := 0; i < b.N; i++ {
		if c.get(int(z.Uint64())) {
			hits++
		}
	}
	b.ReportMetric(100*float64(hits)/float64(b.N), "hit%")
}

// BenchmarkSum allocates nothing, so no GC runs while it does and its
// ns/GC is 0 in every run.
func BenchmarkSum(b *testing.B) {
	xs := make([]int, 4096)
	for i := range xs {
		xs[i] = i
	}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	b.ResetTimer()
	total := 0
	for i := 0; i < b.N; i++ {
		for _, x := range xs {
			total += x
		}
	}
	b.StopTimer()
	runtime.ReadMemStats(&after)
	gcs := after.NumGC - before.NumGC
	pause := 0.0
	if gcs > 0 {
		pause = float64(after.PauseTotalNs-before.PauseTotalNs) / float64(gcs)
	}
	b.ReportMetric(pause, "ns/GC")
	if total == 42 {
		b.Log(total)
	}
}
