// Command typical writes the CPU profile of an ordinary Go service's kind
// of work for about 10,000 samples: two workers encoding and decoding JSON,
// matching regular expressions, compressing, hashing, sorting and
// formatting, until -seconds have passed (at pprof's 100 Hz, two busy
// workers make 200 samples a second).
package main

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"regexp"
	"runtime/pprof"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

type order struct {
	ID       int               `json:"id"`
	Customer string            `json:"customer"`
	Items    []item            `json:"items"`
	Tags     map[string]string `json:"tags"`
	Placed   time.Time         `json:"placed"`
}

type item struct {
	SKU   string  `json:"sku"`
	Qty   int     `json:"qty"`
	Price float64 `json:"price"`
}

var (
	emailRe = regexp.MustCompile(`^[a-z0-9._%+-]+@[a-z0-9.-]+\.[a-z]{2,}$`)
	skuRe   = regexp.MustCompile(`^SKU-(\d{4})-([A-Z]{3})$`)
)

func makeOrders(seed, n int) []order {
	orders := make([]order, n)
	for i := range orders {
		items := make([]item, 1+(seed+i)%7)
		for j := range items {
			items[j] = item{
				SKU:   fmt.Sprintf("SKU-%04d-%s", (seed*31+i*7+j)%10000, []string{"ABC", "XYZ", "QRS"}[j%3]),
				Qty:   1 + (i+j)%5,
				Price: float64((seed+i*j)%10000) / 100,
			}
		}
		orders[i] = order{
			ID:       seed*n + i,
			Customer: fmt.Sprintf("user%d@example%d.com", i, seed%13),
			Items:    items,
			Tags:     map[string]string{"region": strconv.Itoa(i % 5), "tier": strconv.Itoa(i % 3)},
			Placed:   time.Unix(int64(1_700_000_000+i*60), 0).UTC(),
		}
	}
	return orders
}

func handle(seed int) int {
	orders := makeOrders(seed, 200)
	body, err := json.Marshal(orders)
	if err != nil {
		log.Fatal(err)
	}
	var decoded []order
	if err := json.Unmarshal(body, &decoded); err != nil {
		log.Fatal(err)
	}
	valid := 0
	for _, o := range decoded {
		if emailRe.MatchString(o.Customer) {
			valid++
		}
		for _, it := range o.Items {
			if m := skuRe.FindStringSubmatch(it.SKU); m != nil {
				valid += len(m[1])
			}
		}
	}
	sort.Slice(decoded, func(a, b int) bool {
		if decoded[a].Customer != decoded[b].Customer {
			return decoded[a].Customer < decoded[b].Customer
		}
		return decoded[a].ID < decoded[b].ID
	})
	var report strings.Builder
	for _, o := range decoded {
		total := 0.0
		for _, it := range o.Items {
			total += float64(it.Qty) * it.Price
		}
		fmt.Fprintf(&report, "%d\t%s\t%.2f\t%s\n", o.ID, o.Customer, total, o.Placed.Format(time.RFC3339))
	}
	var zipped bytes.Buffer
	zw := gzip.NewWriter(&zipped)
	if _, err := io.WriteString(zw, report.String()); err != nil {
		log.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		log.Fatal(err)
	}
	sum := sha256.Sum256(zipped.Bytes())
	return valid + int(sum[0])
}

func main() {
	out := flag.String("out", "cpu_typical.pb.gz", "where to write the CPU profile")
	seconds := flag.Float64("seconds", 52, "how long to work")
	workers := flag.Int("workers", 2, "how many workers")
	flag.Parse()
	f, err := os.Create(*out)
	if err != nil {
		log.Fatal(err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		log.Fatal(err)
	}
	deadline := time.Now().Add(time.Duration(*seconds * float64(time.Second)))
	var wg sync.WaitGroup
	results := make([]int, *workers)
	for w := 0; w < *workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for seed := w; time.Now().Before(deadline); seed += *workers {
				results[w] += handle(seed)
			}
		}(w)
	}
	wg.Wait()
	pprof.StopCPUProfile()
	if err := f.Close(); err != nil {
		log.Fatal(err)
	}
	fmt.Println(results)
}
