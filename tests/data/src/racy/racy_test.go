// Tests with data races, run with -race to make real race reports (see
// tests/data/README.md).
package racy

import (
	"sync"
	"testing"
)

type counter struct{ n int }

//go:noinline
func (c *counter) bump() { c.n++ }

//go:noinline
func (c *counter) read() int { return c.n }

func TestCounterRace(t *testing.T) {
	c := &counter{}
	var wg sync.WaitGroup
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; j < 100; j++ {
				c.bump()
			}
		}()
	}
	_ = c.read()
	wg.Wait()
}

var cache = map[string]int{}

//go:noinline
func store(k string) { cache[k] = len(k) }

func TestMapRace(t *testing.T) {
	done := make(chan bool)
	go func() { store("a"); done <- true }()
	_ = cache["a"]
	<-done
}
