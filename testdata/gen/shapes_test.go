package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/errscope/errscope/model"
)

// A log of a few hundred records, over a hundred distinct messages from a
// dozen shapes, shows one pattern per shape, each variable part with the
// counts of the values the generator wrote.
func TestShapesMineToPatterns(t *testing.T) {
	var buf bytes.Buffer
	w := bufio.NewWriter(&buf)
	truth := newShapeTruth()
	genShaped(w, 800, 7, false, map[string]int{}, truth)
	w.Flush()

	cat := model.DefaultCatalog()
	miners := map[string]*model.Miner{}
	distinct := map[string]bool{}
	sc := bufio.NewScanner(&buf)
	for sc.Scan() {
		var rec struct{ Code, Message string }
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			t.Fatal(err)
		}
		e := cat.Lookup("sitecore", rec.Code, rec.Message)
		if e == nil {
			t.Fatalf("the catalog knows no %s for %q", rec.Code, rec.Message)
		}
		kind := rec.Code + " " + e.Title
		if miners[kind] == nil {
			miners[kind] = model.NewMiner()
		}
		miners[kind].Add(rec.Message, 1)
		distinct[rec.Message] = true
	}
	if len(distinct) < 100 {
		t.Fatalf("%d distinct messages, want over a hundred", len(distinct))
	}

	var patterns []model.Pattern
	for _, m := range miners {
		patterns = append(patterns, m.Patterns(1000)...)
	}
	if len(patterns) != len(sitecoreShapes) {
		var texts []string
		for _, p := range patterns {
			texts = append(texts, p.Text)
		}
		t.Fatalf("%d patterns, want %d:\n%s", len(patterns), len(sitecoreShapes), strings.Join(texts, "\n"))
	}
	for si, s := range sitecoreShapes {
		want := strings.ReplaceAll(s.text, "%s", model.Wildcard)
		var p *model.Pattern
		for i := range patterns {
			if patterns[i].Text == want {
				p = &patterns[i]
			}
		}
		if p == nil {
			t.Errorf("no pattern %q", want)
			continue
		}
		if p.Count != int64(truth.records[si]) {
			t.Errorf("%q: %d records, want %d", want, p.Count, truth.records[si])
		}
		if len(p.Params) != len(s.slots) {
			t.Errorf("%q: %d variable parts, want %d", want, len(p.Params), len(s.slots))
			continue
		}
		for k, prm := range p.Params {
			got := map[string]int{}
			for _, v := range prm.Top {
				got[v.Value] = int(v.Count)
			}
			if prm.Other != 0 || fmt.Sprint(got) != fmt.Sprint(truth.values[si][k]) {
				t.Errorf("%q, part %d: %v (other %d), want %v", want, k, got, prm.Other, truth.values[si][k])
			}
		}
	}
}
