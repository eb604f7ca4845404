package normalize

import (
	"fmt"
	"maps"
	"slices"
	"strings"
)

// OperationIDs lists the operationIds an OpenAPI document declares, sorted.
func OperationIDs(raw []byte) ([]string, error) {
	doc, err := decode(raw)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, item := range asMap(doc["paths"]) {
		for _, m := range methods {
			if id := asString(asMap(asMap(item)[m])["operationId"]); id != "" {
				out = append(out, id)
			}
		}
	}
	slices.Sort(out)
	return out, nil
}

// Recognise says which configured document raw is a version of, by its
// content: the document whose vendored copy and configured operations
// share the most operationIds with it. It fails, saying why, when no
// document shares one or two share as many.
func (c *Config) Recognise(raw []byte) (*Document, error) {
	ids, err := OperationIDs(raw)
	if err != nil {
		return nil, err
	}
	vendored, err := c.ReadDocuments()
	if err != nil {
		return nil, err
	}
	score := map[string]int{}
	for _, d := range c.Documents {
		known := map[string]bool{}
		for _, op := range d.Operations {
			known[op] = true
		}
		if v, err := OperationIDs(vendored[d.Name]); err == nil {
			for _, op := range v {
				known[op] = true
			}
		}
		for _, id := range ids {
			if known[id] {
				score[d.Name]++
			}
		}
	}
	best, tied := "", false
	for _, d := range c.Documents {
		switch {
		case score[d.Name] > score[best]:
			best, tied = d.Name, false
		case best != "" && score[d.Name] == score[best]:
			tied = true
		}
	}
	if best == "" || score[best] == 0 {
		return nil, fmt.Errorf("it shares no operationId with any configured document (%s); name one with DOCUMENT=", strings.Join(c.names(), ", "))
	}
	if tied {
		var at []string
		for _, name := range slices.Sorted(maps.Keys(score)) {
			if score[name] == score[best] {
				at = append(at, name)
			}
		}
		return nil, fmt.Errorf("it shares %d operationIds with each of %s; name one with DOCUMENT=", score[best], strings.Join(at, " and "))
	}
	return c.Document(best), nil
}

func (c *Config) names() []string {
	var out []string
	for _, d := range c.Documents {
		out = append(out, d.Name)
	}
	return out
}
