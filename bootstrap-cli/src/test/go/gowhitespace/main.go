// Command gowhitespace prints Go's white space: every code point for which unicode.IsSpace is true
// (the set strings.TrimSpace trims, and so the set ecs-init trims from each line of ecs.config).
// Its output is committed as
// bootstrap-cli/src/test/resources/dev/ecsbootstrap/fragment/go-unicode-isspace.txt, which
// GoWhiteSpaceTest compares with GoWhiteSpace over all code points; the build does not need Go.
//
// Regenerate with:
//
//	go run bootstrap-cli/src/test/go/gowhitespace/main.go \
//	  > bootstrap-cli/src/test/resources/dev/ecsbootstrap/fragment/go-unicode-isspace.txt
package main

import (
	"fmt"
	"runtime"
	"unicode"
)

func main() {
	fmt.Printf("# unicode.IsSpace of %s (Unicode %s), over U+0000..U+10FFFF: one code point a line, hex.\n",
		runtime.Version(), unicode.Version)
	fmt.Println("# Made by bootstrap-cli/src/test/go/gowhitespace/main.go (go run ... > this file).")
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if unicode.IsSpace(r) {
			fmt.Printf("%04X\n", r)
		}
	}
}
