// Command normalize derives the OpenAPI fragment that oapi-codegen types
// (spec/networking-v1.yaml) from the vendored upstream document and the
// configuration gen/normalize.yaml. The same inputs always give the same
// bytes, so CI can check that the fragment is what they produce.
//
//	go run ./normalize -config normalize.yaml -upstream ../spec/upstream/networking-v1.openapi.yaml -out ../spec/networking-v1.yaml
//
// With -changes-since OLD it writes nothing and instead describes, part by
// part, how the fragment differs from OLD (make sync uses it).
//
// With -undescribed it writes nothing and instead lists the parts of the
// fragment that gen/descriptions.yaml has no text for, by the keys to add
// there, and the keys there that match nothing (make undescribed).
//
// -no-deviations leaves out the configured deviations; the result must then
// say what upstream says, which the drift test proves. Exit status: 0 when
// the fragment was written (or is unchanged), 2 on any error.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/ccloud-go/networking/gen/internal/normalize"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	flags := flag.NewFlagSet("normalize", flag.ContinueOnError)
	flags.SetOutput(stderr)
	cfgPath := flags.String("config", "normalize.yaml", "the normalizer's configuration")
	upPath := flags.String("upstream", "../spec/upstream/networking-v1.openapi.yaml", "the upstream OpenAPI document")
	outPath := flags.String("out", "", "where to write the fragment (standard output when empty)")
	noDev := flags.Bool("no-deviations", false, "leave out the configured deviations")
	since := flags.String("changes-since", "", "instead of normalizing, describe how -changes-in differs from this earlier fragment")
	undescribed := flags.Bool("undescribed", false, "instead of writing the fragment, list the keys of gen/descriptions.yaml it lacks, and those it does not use")
	in := flags.String("changes-in", "../spec/networking-v1.yaml", "the fragment -changes-since compares")
	if err := flags.Parse(args); err != nil || flags.NArg() > 0 {
		return 2
	}
	if *since != "" {
		return changes(*since, *in, stdout, stderr)
	}
	cfg, err := normalize.LoadConfig(*cfgPath)
	if err != nil {
		fmt.Fprintln(stderr, "normalize:", err)
		return 2
	}
	upstream, err := os.ReadFile(*upPath)
	if err != nil {
		fmt.Fprintln(stderr, "normalize:", err)
		return 2
	}
	r, err := normalize.Derive(cfg, upstream, !*noDev)
	if err != nil {
		fmt.Fprintln(stderr, "normalize:", err)
		return 2
	}
	if *undescribed {
		report(r, stdout)
		return 0
	}
	out := r.Fragment
	if *outPath == "" {
		_, _ = stdout.Write(out)
		return 0
	}
	if old, err := os.ReadFile(*outPath); err == nil && bytes.Equal(old, out) {
		return 0
	}
	if err := os.WriteFile(*outPath, out, 0o644); err != nil {
		fmt.Fprintln(stderr, "normalize:", err)
		return 2
	}
	return 0
}

func changes(oldPath, newPath string, stdout, stderr io.Writer) int {
	oldDoc, err := os.ReadFile(oldPath)
	if err != nil {
		fmt.Fprintln(stderr, "normalize:", err)
		return 2
	}
	newDoc, err := os.ReadFile(newPath)
	if err != nil {
		fmt.Fprintln(stderr, "normalize:", err)
		return 2
	}
	text, err := normalize.Changes(oldDoc, newDoc)
	if err != nil {
		fmt.Fprintln(stderr, "normalize:", err)
		return 2
	}
	if text == "" {
		text = "no change to the fragment\n"
	}
	_, _ = io.WriteString(stdout, text)
	return 0
}

// report lists what gen/descriptions.yaml lacks and what it holds in vain.
func report(r *normalize.Result, w io.Writer) {
	fmt.Fprintf(w, "%d part(s) of the fragment without a description of ours (keys for gen/descriptions.yaml):\n", len(r.Undescribed))
	for _, k := range r.Undescribed {
		fmt.Fprintln(w, "  "+k)
	}
	if len(r.Unused) > 0 {
		fmt.Fprintf(w, "%d key(s) of gen/descriptions.yaml that match nothing in the fragment:\n", len(r.Unused))
		for _, k := range r.Unused {
			fmt.Fprintln(w, "  "+k)
		}
	}
}
