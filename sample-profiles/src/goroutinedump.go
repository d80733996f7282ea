// Writes a goroutine profile (debug=1 text) of a process with N workers
// blocked on a channel and M sleepers: the run-directory sample data.
package main

import (
	"flag"
	"os"
	"runtime/pprof"
	"sync"
	"time"
)

func worker(ch chan int, wg *sync.WaitGroup) {
	wg.Done()
	<-ch
}

func sleeper(wg *sync.WaitGroup) {
	wg.Done()
	time.Sleep(time.Hour)
}

func main() {
	workers := flag.Int("workers", 8, "goroutines blocked on a channel")
	sleepers := flag.Int("sleepers", 2, "goroutines sleeping")
	out := flag.String("o", "goroutine.txt", "output file")
	flag.Parse()
	ch := make(chan int)
	var wg sync.WaitGroup
	wg.Add(*workers + *sleepers)
	for i := 0; i < *workers; i++ {
		go worker(ch, &wg)
	}
	for i := 0; i < *sleepers; i++ {
		go sleeper(&wg)
	}
	wg.Wait()
	time.Sleep(50 * time.Millisecond)
	f, err := os.Create(*out)
	if err != nil {
		panic(err)
	}
	defer f.Close()
	if err := pprof.Lookup("goroutine").WriteTo(f, 1); err != nil {
		panic(err)
	}
}
