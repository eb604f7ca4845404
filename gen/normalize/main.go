// Command normalize derives the OpenAPI fragment that oapi-codegen types
// (spec/networking-v1.yaml) from the vendored upstream documents the
// configuration gen/normalize.yaml lists, and that configuration. The same
// inputs always give the same bytes, so CI can check that the fragment is
// what they produce.
//
//	go run ./normalize -config normalize.yaml -out ../spec/networking-v1.yaml
//
// -upstream NAME=FILE reads the document the configuration names NAME from
// FILE instead of its vendored copy (make drift and make sync use it).
//
// With -changes-since OLD it writes nothing and instead describes, part by
// part, how the fragment differs from OLD (make sync uses it).
//
// With -undescribed it writes nothing and instead lists the parts of the
// fragment that gen/descriptions.yaml has no text for, by the keys to add
// there, and the keys there that match nothing (make undescribed); it
// prints nothing and exits 0 when there are none, and exits 1 when there
// are (make check-generate fails then).
//
// With -recognise FILE it writes nothing and instead prints the name and
// vendored file of the configured document FILE is a version of, known by
// its operationIds (make sync uses it).
//
// With -record NAME=FILE -commit C -date D it copies FILE over the
// vendored document NAME and rewrites that document's entry of
// spec/upstream/PROVENANCE.yaml (repository path kept, commit, date and
// sha256 new); make sync uses it.
//
// -no-deviations leaves out the configured deviations; the result must then
// say what upstream says, which the drift test proves. Exit status: 0 when
// the fragment was written (or is unchanged), 1 when -undescribed lists
// something, 2 on any error.
package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/ccloud-go/networking/gen/internal/normalize"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	flags := flag.NewFlagSet("normalize", flag.ContinueOnError)
	flags.SetOutput(stderr)
	cfgPath := flags.String("config", "normalize.yaml", "the normalizer's configuration")
	var over overrides
	flags.Var(&over, "upstream", "NAME=FILE: read the configured document NAME from FILE (repeatable)")
	outPath := flags.String("out", "", "where to write the fragment (standard output when empty)")
	noDev := flags.Bool("no-deviations", false, "leave out the configured deviations")
	since := flags.String("changes-since", "", "instead of normalizing, describe how -changes-in differs from this earlier fragment")
	undescribed := flags.Bool("undescribed", false, "instead of writing the fragment, list the keys of gen/descriptions.yaml it lacks, and those it does not use")
	in := flags.String("changes-in", "../spec/networking-v1.yaml", "the fragment -changes-since compares")
	recognise := flags.String("recognise", "", "instead of normalizing, say which configured document FILE is a version of")
	record := flags.String("record", "", "NAME=FILE: instead of normalizing, vendor FILE as document NAME and record its provenance")
	commit := flags.String("commit", "", "with -record: the upstream commit FILE comes from (40 hex digits)")
	date := flags.String("date", "", "with -record: that commit's date (YYYY-MM-DD)")
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
	if *recognise != "" {
		raw, err := os.ReadFile(*recognise)
		if err != nil {
			fmt.Fprintln(stderr, "normalize:", err)
			return 2
		}
		d, err := cfg.Recognise(raw)
		if err != nil {
			fmt.Fprintf(stderr, "normalize: which document is %s a version of? %v\n", *recognise, err)
			return 2
		}
		fmt.Fprintln(stdout, d.Name, d.File)
		return 0
	}
	if *record != "" {
		if err := vendor(cfg, *record, *commit, *date); err != nil {
			fmt.Fprintln(stderr, "normalize:", err)
			return 2
		}
		return 0
	}
	upstream, err := cfg.ReadDocuments()
	if err != nil {
		fmt.Fprintln(stderr, "normalize:", err)
		return 2
	}
	for name, path := range over {
		if cfg.Document(name) == nil {
			fmt.Fprintf(stderr, "normalize: -upstream %s=%s: the configuration lists no document %s\n", name, path, name)
			return 2
		}
		if upstream[name], err = os.ReadFile(path); err != nil {
			fmt.Fprintln(stderr, "normalize:", err)
			return 2
		}
	}
	r, err := normalize.Derive(cfg, upstream, !*noDev)
	if err != nil {
		fmt.Fprintln(stderr, "normalize:", err)
		return 2
	}
	if *undescribed {
		if len(r.Undescribed)+len(r.Unused) == 0 {
			return 0
		}
		report(r, stdout)
		return 1
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

var (
	commitForm = regexp.MustCompile(`^[0-9a-f]{40}$`)
	dateForm   = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)
)

// vendor copies FILE over the vendored document NAME (record is
// NAME=FILE), byte for byte, and records where it came from.
func vendor(cfg *normalize.Config, record, commit, date string) error {
	name, file, _ := strings.Cut(record, "=")
	d := cfg.Document(name)
	if d == nil {
		return fmt.Errorf("-record %s: the configuration lists no document %s", record, name)
	}
	if !commitForm.MatchString(commit) || !dateForm.MatchString(date) {
		return fmt.Errorf("say where %s comes from: COMMIT=<the upstream commit, 40 hex digits> DATE=<its date, YYYY-MM-DD> (got %q, %q)", file, commit, date)
	}
	raw, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	target := cfg.Path(d)
	prov := filepath.Join(filepath.Dir(target), "PROVENANCE.yaml")
	old, err := normalize.ReadProvenance(prov, d.File)
	if err != nil {
		return err
	}
	sum := sha256.Sum256(raw)
	if err := os.WriteFile(target, raw, 0o644); err != nil {
		return err
	}
	return normalize.Record(prov, d.File, normalize.Provenance{Path: old.Path, Commit: commit, Date: date, SHA256: hex.EncodeToString(sum[:])})
}

// overrides are -upstream NAME=FILE flags.
type overrides map[string]string

func (o *overrides) String() string { return fmt.Sprint(map[string]string(*o)) }

func (o *overrides) Set(v string) error {
	name, path, ok := strings.Cut(v, "=")
	if !ok || name == "" || path == "" {
		return fmt.Errorf("want NAME=FILE, a document the configuration names and the file to read it from")
	}
	if *o == nil {
		*o = overrides{}
	}
	(*o)[name] = path
	return nil
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
	if len(r.Undescribed) > 0 {
		fmt.Fprintf(w, "%d part(s) of the fragment have no text of ours. Add each key below to gen/descriptions.yaml,\n"+
			"in the section it names (schemas: Name.property: Your text.), written in our own words; or a\n"+
			"pattern that covers several (schemas: \"*.property\": ...). Then run make generate.\n", len(r.Undescribed))
		for _, k := range r.Undescribed {
			fmt.Fprintln(w, "  "+k)
		}
	}
	if len(r.Unused) > 0 {
		fmt.Fprintf(w, "%d key(s) of gen/descriptions.yaml match nothing in the fragment (a typo, or a part that is gone): fix or remove them.\n", len(r.Unused))
		for _, k := range r.Unused {
			fmt.Fprintln(w, "  "+k)
		}
	}
}
