// Command synthdiff is the corpus's synthlarge (../shared/corpus/src/cmd/
// synthlarge) with one more flag, -walkseed: the same made-up call graph
// (from -seed), walked with another random sequence. With -seed 1 -n 1000000
// and -walkseed 0 it writes cpu_large_synthetic.pb.gz's samples; with
// -walkseed 2, a second profile of the same program: the "after" of a 1M-
// sample diff for perftui's benchmarks.
//
// The original comment follows.
//
// Command synthlarge writes a SYNTHETIC, very large CPU profile: it is not
// the result of running anything. A deterministic random call graph of a
// made-up Go service (about 3000 functions in 40 packages, some recursion,
// some inlined leaves) is walked from a few root functions, and each distinct
// walk becomes one sample, until -n distinct samples exist. About a third of
// the samples carry a "handler" label. The file is encoded with
// internal/pbprof (standard library only) and gzipped like a runtime profile.
//
// Go 1.19's own profiler cannot produce a profile this size on a 2-core
// machine (about 500 samples per second), which is why this one is made up.
package main

import (
	"flag"
	"fmt"
	"log"
	"math/rand"
	"os"
	"strings"

	"perftui.test/corpus/internal/pbprof"
)

type fn struct {
	id       uint64
	name     string
	file     string
	start    int64
	layer    int
	callees  []int
	callLoc  []uint64 // location id of the call site for each callee
	selfLocs []uint64 // locations for samples that end in this function
}

func main() {
	out := flag.String("o", "cpu_large_synthetic.pb.gz", "output")
	n := flag.Int("n", 1200000, "distinct samples to write")
	seed := flag.Int64("seed", 1, "random seed")
	walkSeed := flag.Int64("walkseed", 0, "random seed of the walks (0: continue -seed's sequence)")
	flag.Parse()
	r := rand.New(rand.NewSource(*seed))
	st := pbprof.NewStrings()

	var pkgs []string
	for i := 0; i < 30; i++ {
		pkgs = append(pkgs, fmt.Sprintf("github.com/acme/shop/internal/svc%02d", i))
	}
	for i := 0; i < 10; i++ {
		pkgs = append(pkgs, fmt.Sprintf("github.com/acme/shop/pkg/lib%02d", i))
	}
	verbs := []string{"Get", "Put", "Handle", "Serve", "Encode", "Decode", "Read", "Write",
		"Lookup", "Update", "Flush", "Scan", "Parse", "Build", "Merge", "Apply", "Check", "Load"}
	nouns := []string{"Order", "Cart", "User", "Item", "Session", "Index", "Page", "Row",
		"Batch", "Token", "Event", "Price", "Stock", "Query", "Plan", "Cache"}
	types := []string{"Server", "Client", "Store", "Codec", "Pool", "Tree", "Queue", "conn"}

	const nfuncs = 3000
	const layers = 36
	funcs := make([]*fn, nfuncs)
	byLayer := make([][]int, layers)
	seen := map[string]bool{}
	for i := range funcs {
		var name string
		for {
			pkg := pkgs[r.Intn(len(pkgs))]
			base := verbs[r.Intn(len(verbs))] + nouns[r.Intn(len(nouns))]
			switch r.Intn(3) {
			case 0:
				name = pkg + "." + base
			case 1:
				name = pkg + ".(*" + types[r.Intn(len(types))] + ")." + base
			default:
				name = pkg + "." + types[r.Intn(len(types))] + "." + base
			}
			if r.Intn(10) == 0 {
				name += fmt.Sprintf(".func%d", 1+r.Intn(3))
			}
			if !seen[name] {
				seen[name] = true
				break
			}
		}
		pkg := name[:strings.LastIndex(name[:strings.IndexAny(name+"(", "(")], ".")]
		if i := strings.Index(pkg, ".("); i >= 0 {
			pkg = pkg[:i]
		}
		layer := i * layers / nfuncs
		funcs[i] = &fn{
			id:    uint64(i + 1),
			name:  name,
			file:  fmt.Sprintf("%s/file%d.go", pkg, r.Intn(12)),
			start: int64(10 + r.Intn(900)),
			layer: layer,
		}
		byLayer[layer] = append(byLayer[layer], i)
	}
	for i, f := range funcs {
		if f.layer == layers-1 {
			continue
		}
		k := 2 + r.Intn(5)
		for j := 0; j < k; j++ {
			l := f.layer + 1 + r.Intn(3)
			if l >= layers {
				l = layers - 1
			}
			f.callees = append(f.callees, byLayer[l][r.Intn(len(byLayer[l]))])
		}
		if r.Intn(20) == 0 { // direct recursion
			f.callees = append(f.callees, i)
		}
	}

	p := &pbprof.Profile{
		SampleType: []pbprof.ValueType{
			{Type: st.ID("samples"), Unit: st.ID("count")},
			{Type: st.ID("cpu"), Unit: st.ID("nanoseconds")},
		},
		PeriodType:    &pbprof.ValueType{Type: st.ID("cpu"), Unit: st.ID("nanoseconds")},
		Period:        10000000,
		TimeNanos:     1700000000000000000,
		DurationNanos: 3600 * 1000000000,
		Mapping: []pbprof.Mapping{{
			ID: 1, MemoryStart: 0x400000, MemoryLimit: 0x2400000, Filename: st.ID("/usr/local/bin/shop-server"),
			BuildID:      st.ID("5f0c2b1e9a7d4e3c8b6a5f4e3d2c1b0a9f8e7d6c"),
			HasFunctions: true, HasFilenames: true, HasLineNumbers: true, HasInlineFrames: true,
		}},
	}
	p.Comment = []int64{st.ID("SYNTHETIC profile written by corpus/src/cmd/synthlarge; not from a real run")}
	for _, f := range funcs {
		p.Function = append(p.Function, pbprof.Function{
			ID: f.id, Name: st.ID(f.name), SystemName: st.ID(f.name), Filename: st.ID(f.file), StartLine: f.start,
		})
	}
	addr := uint64(0x401000)
	newLoc := func(lines ...pbprof.Line) uint64 {
		id := uint64(len(p.Location) + 1)
		p.Location = append(p.Location, pbprof.Location{ID: id, MappingID: 1, Address: addr, Line: lines})
		addr += uint64(4 + r.Intn(60))
		return id
	}
	for _, f := range funcs {
		for j := range f.callees {
			f.callLoc = append(f.callLoc, newLoc(pbprof.Line{FunctionID: f.id, Line: f.start + int64(3*j+2)}))
		}
		for j := 0; j < 3; j++ {
			f.selfLocs = append(f.selfLocs, newLoc(pbprof.Line{FunctionID: f.id, Line: f.start + int64(40+j)}))
		}
		if len(f.callees) > 0 && r.Intn(4) == 0 { // a leaf callee inlined into f
			g := funcs[f.callees[0]]
			f.selfLocs = append(f.selfLocs, newLoc(
				pbprof.Line{FunctionID: g.id, Line: g.start + 5},
				pbprof.Line{FunctionID: f.id, Line: f.start + 2},
			))
		}
	}

	handlerKey := st.ID("handler")
	var handlers []int64
	for i := 0; i < 20; i++ {
		handlers = append(handlers, st.ID(fmt.Sprintf("/api/v1/%s", strings.ToLower(nouns[i%len(nouns)]+verbs[i%len(verbs)]))))
	}
	if *walkSeed != 0 {
		r = rand.New(rand.NewSource(*walkSeed))
	}
	roots := byLayer[0][:12]
	distinct := map[string]struct{}{}
	var stack []uint64
	var key []byte
	attempts := 0
	for len(p.Sample) < *n {
		attempts++
		if attempts > 20**n {
			log.Fatalf("only %d distinct samples after %d walks", len(p.Sample), attempts)
		}
		stack = stack[:0]
		f := funcs[roots[r.Intn(len(roots))]]
		for depth := 0; ; depth++ {
			if len(f.callees) == 0 || depth >= 63 || r.Float64() < 0.05 {
				stack = append(stack, f.selfLocs[r.Intn(len(f.selfLocs))])
				break
			}
			// Zipf-like preference for the first callees.
			j := 0
			for j < len(f.callees)-1 && r.Intn(2) == 0 {
				j++
			}
			stack = append(stack, f.callLoc[j])
			f = funcs[f.callees[j]]
		}
		var label int64 = -1
		if r.Intn(3) == 0 {
			label = handlers[r.Intn(len(handlers))]
		}
		key = key[:0]
		for _, id := range stack {
			key = append(key, byte(id), byte(id>>8), byte(id>>16))
		}
		key = append(key, byte(label), byte(label>>8))
		if _, dup := distinct[string(key)]; dup {
			continue
		}
		distinct[string(key)] = struct{}{}
		locs := make([]uint64, len(stack))
		for i, id := range stack { // leaf first
			locs[len(stack)-1-i] = id
		}
		count := int64(1)
		for r.Intn(4) == 0 {
			count++
		}
		s := pbprof.Sample{LocationID: locs, Value: []int64{count, count * 10000000}}
		if label >= 0 {
			s.Label = []pbprof.Label{{Key: handlerKey, Str: label}}
		}
		p.Sample = append(p.Sample, s)
	}
	p.StringTable = st.Table
	if err := p.WriteFile(*out); err != nil {
		log.Fatal(err)
	}
	fmt.Fprintf(os.Stderr, "%d samples (%d walks), %d locations, %d functions, %d uncompressed bytes\n",
		len(p.Sample), attempts, len(p.Location), len(p.Function), len(p.Marshal()))
}
