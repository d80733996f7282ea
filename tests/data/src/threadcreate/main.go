// Creates OS threads (goroutines locked to threads, blocked in syscalls)
// and prints the threadcreate profile, debug=1 (see tests/data/README.md).
package main

import (
	"os"
	"runtime"
	"runtime/pprof"
	"sync"
	"time"
)

func pinned(wg *sync.WaitGroup) {
	runtime.LockOSThread()
	time.Sleep(20 * time.Millisecond)
	wg.Done()
}

func main() {
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go pinned(&wg)
	}
	wg.Wait()
	pprof.Lookup("threadcreate").WriteTo(os.Stdout, 1)
	pprof.Lookup("threadcreate").WriteTo(mustCreate("threadcreate.pb.gz"), 0)
}

func mustCreate(name string) *os.File {
	f, err := os.Create(name)
	if err != nil {
		panic(err)
	}
	return f
}
