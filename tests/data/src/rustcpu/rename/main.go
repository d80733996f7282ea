// Command rename rewrites the function names of a profile the way other
// producers write them, to check that perftui reads them as pprof does:
//
//	-mode=system-only  Name empty, only the mangled SystemName (as symbolizers
//	                   that do not demangle write them)
//	-mode=same         SystemName set to the demangled Name (as producers that
//	                   write one name in both fields do)
package main

import (
	"flag"
	"log"
	"os"

	"github.com/google/pprof/profile"
)

func main() {
	mode := flag.String("mode", "same", "system-only or same")
	in := flag.String("in", "", "profile to read")
	out := flag.String("out", "", "profile to write")
	flag.Parse()
	f, err := os.Open(*in)
	if err != nil {
		log.Fatal(err)
	}
	p, err := profile.Parse(f)
	if err != nil {
		log.Fatal(err)
	}
	for _, fn := range p.Function {
		switch *mode {
		case "system-only":
			if fn.SystemName != "" {
				fn.Name = ""
			}
		case "same":
			fn.SystemName = fn.Name
		default:
			log.Fatalf("unknown mode %q", *mode)
		}
	}
	w, err := os.Create(*out)
	if err != nil {
		log.Fatal(err)
	}
	if err := p.Write(w); err != nil {
		log.Fatal(err)
	}
	if err := w.Close(); err != nil {
		log.Fatal(err)
	}
}
