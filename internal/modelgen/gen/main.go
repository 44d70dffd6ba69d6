// Command gen writes the generated model code of the package in the
// current directory (see package modelgen). The root package runs it with
// go generate.
package main

import (
	"fmt"
	"os"

	"github.com/tribehr/tribehr-go/internal/modelgen"
)

func main() {
	if err := modelgen.Write("."); err != nil {
		fmt.Fprintln(os.Stderr, "modelgen:", err)
		os.Exit(1)
	}
}
