//go:build !after

package sweep

// Dedupe keeps the first occurrence of each value: compares each value with
// every kept one (quadratic).
func Dedupe(xs []int) []int {
	var out []int
	for _, x := range xs {
		seen := false
		for _, y := range out {
			if x == y {
				seen = true
				break
			}
		}
		if !seen {
			out = append(out, x)
		}
	}
	return out
}
