// Command contention writes real mutex and block profiles (protobuf, as
// net/http/pprof serves them): goroutines fighting over a mutex, an RWMutex
// and a channel, some of the waiting inlined into its callers.
package main

import (
	"flag"
	"log"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"sync"
	"time"
)

var (
	mu    sync.Mutex
	rw    sync.RWMutex
	count int
)

func hotLock(n int) {
	for i := 0; i < n; i++ {
		mu.Lock()
		count++
		time.Sleep(20 * time.Microsecond)
		mu.Unlock()
	}
}

func reader(n int) {
	for i := 0; i < n; i++ {
		rw.RLock()
		time.Sleep(10 * time.Microsecond)
		rw.RUnlock()
	}
}

func writer(n int) {
	for i := 0; i < n; i++ {
		rw.Lock()
		time.Sleep(50 * time.Microsecond)
		rw.Unlock()
	}
}

// send is small enough to be inlined into producer.
func send(ch chan<- int, v int) { ch <- v }

func producer(ch chan<- int, n int) {
	for i := 0; i < n; i++ {
		send(ch, i)
	}
	close(ch)
}

func slowConsumer(ch <-chan int) {
	for range ch {
		time.Sleep(100 * time.Microsecond)
	}
}

func main() {
	dir := flag.String("out", ".", "directory for mutex.pb.gz and block.pb.gz")
	flag.Parse()
	runtime.SetMutexProfileFraction(1)
	runtime.SetBlockProfileRate(1)
	var wg sync.WaitGroup
	for i := 0; i < 4; i++ {
		wg.Add(3)
		go func() { defer wg.Done(); hotLock(300) }()
		go func() { defer wg.Done(); reader(400) }()
		go func() { defer wg.Done(); writer(100) }()
	}
	ch := make(chan int)
	wg.Add(2)
	go func() { defer wg.Done(); producer(ch, 2000) }()
	go func() { defer wg.Done(); slowConsumer(ch) }()
	wg.Wait()
	for _, name := range []string{"mutex", "block"} {
		f, err := os.Create(filepath.Join(*dir, name+".pb.gz"))
		if err != nil {
			log.Fatal(err)
		}
		if err := pprof.Lookup(name).WriteTo(f, 0); err != nil {
			log.Fatal(err)
		}
		if err := f.Close(); err != nil {
			log.Fatal(err)
		}
	}
}
