// Command upstreamchange applies one of the five upstream changes issue 9
// measured (package internal/upstreamchanges) to a snapshot file in place;
// gen/upstream-changes.sh uses it on scratch copies of the repository.
//
//	go run ./upstreamchange -list
//	go run ./upstreamchange -change "new phase" -snapshot path/to/networking-v1.openapi.yaml
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/ccloud-go/networking/gen/internal/upstreamchanges"
)

func main() {
	name := flag.String("change", "", "the change to apply")
	path := flag.String("snapshot", "", "the snapshot to edit in place")
	list := flag.Bool("list", false, "print the changes' names, one a line")
	flag.Parse()
	if *list {
		for _, c := range upstreamchanges.Five {
			fmt.Println(c.Name)
		}
		return
	}
	for _, c := range upstreamchanges.Five {
		if c.Name != *name {
			continue
		}
		raw, err := os.ReadFile(*path)
		if err == nil {
			var edited string
			if edited, err = c.Apply(string(raw)); err == nil {
				err = os.WriteFile(*path, []byte(edited), 0o644)
			}
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "upstreamchange:", err)
			os.Exit(2)
		}
		return
	}
	fmt.Fprintf(os.Stderr, "upstreamchange: no change named %q (see -list)\n", *name)
	os.Exit(2)
}
