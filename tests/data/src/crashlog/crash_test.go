// Tests that log, then crash: their `go test -v` output is a goroutine
// dump behind test log lines (see tests/data/README.md).
package crashlog

import (
	"os"
	"strconv"
	"testing"
)

func steps(t *testing.T) int {
	n, err := strconv.Atoi(os.Getenv("CRASHLOG_STEPS"))
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestCrashAfterLog(t *testing.T) {
	for i := 0; i < steps(t); i++ {
		t.Logf("step %d of the work took %d", i, i*7%1000)
	}
	var m map[string]int
	m["boom"]++
}
