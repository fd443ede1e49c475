// Command loghub measures errscope's pattern miner on Loghub-2k
// (github.com/logpai/loghub): for each dataset, the lines of
// <Dataset>/<Dataset>_2k.log_structured.csv (its Content column) are the
// messages of one error type, and the patterns found are compared with the
// labelled templates (its EventId column). It prints the grouping accuracy of
// each dataset and their mean: a line is grouped right when its pattern holds
// exactly the lines of its true template.
//
//	go run ./testdata/loghub [-v DATASET] /path/to/loghub
//
// The data stays outside this repository (its licence asks for a citation:
// Jieming Zhu et al., "Loghub: A Large Collection of System Log Datasets for
// AI-driven Log Analytics", ISSRE 2023).
package main

import (
	"encoding/csv"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"

	"github.com/errscope/errscope/model"
)

var datasets = []string{
	"HDFS", "Hadoop", "Spark", "Zookeeper", "BGL", "HPC", "Thunderbird", "Windows",
	"Linux", "Android", "HealthApp", "Apache", "Proxifier", "OpenSSH", "OpenStack", "Mac",
}

func main() {
	verbose := flag.String("v", "", "print the wrongly grouped patterns of this dataset")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: go run ./testdata/loghub [-v DATASET] /path/to/loghub")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() != 1 {
		flag.Usage()
		os.Exit(2)
	}
	root := flag.Arg(0)
	var sum float64
	fmt.Printf("%-12s %8s %9s %9s\n", "dataset", "accuracy", "templates", "patterns")
	for _, d := range datasets {
		path := filepath.Join(root, d, d+"_2k.log_structured.csv")
		contents, events, err := read(path)
		if err != nil {
			fmt.Fprintf(os.Stderr, "loghub: %v (is %s a checkout of github.com/logpai/loghub?)\n", err, root)
			os.Exit(1)
		}
		m := model.NewMiner()
		pred := make([]int, len(contents))
		for i, c := range contents {
			pred[i] = m.Add(c, 1)
		}
		for i := range pred {
			pred[i] = m.Resolve(pred[i])
		}
		ga, wrong := accuracy(pred, events)
		sum += ga
		fmt.Printf("%-12s %8.3f %9d %9d\n", d, ga, count(events), m.Len())
		if *verbose == d {
			show(m, contents, pred, events, wrong)
		}
	}
	fmt.Printf("%-12s %8.3f\n", "mean", sum/float64(len(datasets)))
}

func read(path string) (contents, events []string, err error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	r := csv.NewReader(f)
	head, err := r.Read()
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %v", path, err)
	}
	ci, ei := -1, -1
	for i, h := range head {
		switch h {
		case "Content":
			ci = i
		case "EventId":
			ei = i
		}
	}
	if ci < 0 || ei < 0 {
		return nil, nil, fmt.Errorf("%s: no Content and EventId columns", path)
	}
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return contents, events, nil
		}
		if err != nil {
			return nil, nil, fmt.Errorf("%s: %v", path, err)
		}
		contents = append(contents, rec[ci])
		events = append(events, rec[ei])
	}
}

func count(events []string) int {
	seen := map[string]bool{}
	for _, e := range events {
		seen[e] = true
	}
	return len(seen)
}

// accuracy is the grouping accuracy (Zhu et al., ICSE-SEIP 2019): the share
// of lines whose pattern holds exactly the lines of their true template. It
// also returns the patterns that do not.
func accuracy(pred []int, events []string) (float64, []int) {
	byPred := map[int]map[string]int{}
	byEvent := map[string]int{}
	size := map[int]int{}
	for i, p := range pred {
		if byPred[p] == nil {
			byPred[p] = map[string]int{}
		}
		byPred[p][events[i]]++
		byEvent[events[i]]++
		size[p]++
	}
	right := 0
	var wrong []int
	for p, evs := range byPred {
		ok := false
		if len(evs) == 1 {
			for e := range evs {
				ok = byEvent[e] == size[p]
			}
		}
		if ok {
			right += size[p]
		} else {
			wrong = append(wrong, p)
		}
	}
	sort.Ints(wrong)
	return float64(right) / float64(len(pred)), wrong
}

func show(m *model.Miner, contents []string, pred []int, events []string, wrong []int) {
	for _, p := range wrong {
		pt := m.Pattern(p, 3)
		fmt.Printf("\n#%d %d lines: %s\n", p, pt.Count, pt.Text)
		evs := map[string]int{}
		ex := map[string]string{}
		for i := range pred {
			if pred[i] == p {
				evs[events[i]]++
				ex[events[i]] = contents[i]
			}
		}
		for e, n := range evs {
			fmt.Printf("    %s ×%d  e.g. %s\n", e, n, ex[e])
		}
	}
}
