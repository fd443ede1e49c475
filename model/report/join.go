package report

import (
	"fmt"
	"io"

	"github.com/errscope/errscope/model"
)

// BatchJSON is how the records of a view met the uploaded batch file
// (`summary --input`): how many of their refs the file has, how many it
// has not, the records with ref "null", and the file's lines that are not
// one-line JSON objects (the lines the service answered with ref null).
type BatchJSON struct {
	Name            string   `json:"name"`
	Lines           int64    `json:"lines"`
	Records         int64    `json:"records"`
	Refs            int      `json:"refs"` // distinct refs of the view, null left out
	Found           int      `json:"found"`
	Missing         int      `json:"missing"`
	MissingExamples []string `json:"missing_examples,omitempty"`
	Null            int64    `json:"null_refs"`
	BadLines        int64    `json:"bad_lines"`
	BadLineNumbers  []int64  `json:"bad_line_numbers,omitempty"`
	Duplicates      int64    `json:"duplicate_refs"`
	Error           string   `json:"error"`

	stats model.BatchStats
}

// JoinBatch looks the refs of the records idx names up in the batch file
// (its index built).
func JoinBatch(snap *model.Snapshot, idx []int32, b model.Batch) *BatchJSON {
	st := b.Stats()
	j := &BatchJSON{Name: model.Printable(st.Name), Lines: st.Lines, Records: st.Records, BadLines: st.Bad, Duplicates: st.Dups, stats: st}
	if st.Err != nil {
		j.Error = model.Printable(st.Err.Error())
	}
	for _, l := range st.BadLines {
		j.BadLineNumbers = append(j.BadLineNumbers, l.Line)
	}
	set := model.NewRefSet()
	for _, i := range idx {
		r := snap.Row(int(i))
		switch {
		case r.Type == model.TypeBad || r.Ref == "":
		case r.Ref == "null":
			j.Null++
		default:
			set.Add([]byte(r.Ref))
		}
	}
	j.Refs = set.Len()
	set.Each(func(ref []byte) {
		if b.Has(string(ref)) {
			j.Found++
		} else if j.Missing++; len(j.MissingExamples) < 5 {
			j.MissingExamples = append(j.MissingExamples, model.Printable(string(ref)))
		}
	})
	return j
}

// Note is the join in a sentence, as export says it too.
func (j *BatchJSON) Note() string {
	return JoinNote(0, j.Null, j.Found, j.Missing, j.MissingExamples, j.stats)
}

// writeHead writes the lines that say what a summary covers: the query of
// its view and the join with the batch file.
func writeHead(w io.Writer, s Summary, md func(string) string) {
	if s.Query != "" {
		fmt.Fprintf(w, "query: %s (the records of this view only)\n", md(s.Query))
	}
	if s.Batch != nil {
		fmt.Fprintln(w, md(s.Batch.Note()))
	}
	if s.Query != "" || s.Batch != nil {
		fmt.Fprintln(w)
	}
}
