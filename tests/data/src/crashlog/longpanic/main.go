// A crash whose first line (the panic message) is longer than 64 KiB.
package main

import "strings"

func main() {
	panic(strings.Repeat("x", 65537))
}
