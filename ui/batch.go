package ui

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/errscope/errscope/model"
)

// batchRecMsg is the uploaded record of the record the detail shows, read
// off the update loop.
type batchRecMsg struct {
	index int // the record of the store it is for
	view  batchView
}

// batchView is the uploaded record as the detail shows it.
type batchView struct {
	File  string
	Done  bool // the index is built (else the record is being looked for)
	Found bool
	Null  bool // the record's ref is "null": no line to find
	Rec   model.BatchRecord
	Err   string
}

// loadBatch reads the uploaded record of record i.
func (a *App) loadBatch(i int) tea.Cmd {
	if a.batch == nil || a.snap == nil {
		return nil
	}
	b, row := a.batch, a.snap.Row(i)
	a.detail.SetBatch(batchRecMsg{index: i, view: batchView{File: b.Stats().Name}})
	return func() tea.Msg {
		v := batchView{File: b.Stats().Name, Done: true}
		if row.Ref == "null" {
			v.Null = true
			return batchRecMsg{index: i, view: v}
		}
		rec, ok, err := b.Record(row.Ref)
		v.Found, v.Rec = ok, rec
		if err != nil {
			v.Err = err.Error()
		}
		return batchRecMsg{index: i, view: v}
	}
}

// SetBatch takes the uploaded record of the record shown (a late one, for
// another record, is dropped).
func (d *detail) SetBatch(msg batchRecMsg) {
	if msg.index != d.rec {
		return
	}
	v := msg.view
	d.info.Batch = &v
	if v.Found {
		d.info.Advice = model.BatchAdvice(d.info.Format, d.info.Code, d.info.Msg, v.Rec)
	}
	d.layout()
}

// maxValueLines folds a long value: the rest is in the batch file.
const maxValueLines = 40

// render lays the uploaded record out with the detail's add and field.
func (v *batchView) render(width int, st *Styles, add func(...string), field func(name, value string)) {
	p := model.Printable
	add(st.Bold.Render("Uploaded record") + st.Dim.Render("  "+p(v.File)))
	say := func(style func(...string) string, s string) {
		for _, l := range wrap(s, max(width-2, 10)) {
			add("  " + style(l))
		}
	}
	switch {
	case v.Null:
		say(st.Warning.Render, "The ref is null: the service could not parse this line of the batch file (not one minified JSON object), so it cannot be joined. errscope summary --input BATCH names the lines that are not.")
		return
	case !v.Done:
		say(st.Dim.Render, "looking it up… (the batch file is being indexed)")
		return
	case v.Err != "":
		say(st.FilterErr.Render, p(v.Err))
		return
	case !v.Found:
		say(st.Warning.Render, "This ref is not in the batch file: was it another upload?")
		return
	}
	r := v.Rec
	field("line", model.Thousands(r.Line))
	field("ref", p(r.Ref))
	field("schema", p(r.Schema))
	mode := p(r.Mode)
	if !r.HasMode {
		mode = st.Dim.Render("(none)")
	}
	field("mode", mode)
	var pretty bytes.Buffer
	if json.Indent(&pretty, r.Value, "", "  ") != nil {
		pretty.Reset()
		pretty.Write(r.Value)
	}
	vl := strings.Split(pretty.String(), "\n")
	more := 0
	if len(vl) > maxValueLines {
		more = len(vl) - maxValueLines
		vl = vl[:maxValueLines]
	}
	label := st.Header.Render(fit("value", 10)) + " "
	for k, l := range vl {
		l = cell(l, max(width-11, 10))
		if k == 0 {
			add(label + l)
		} else {
			add(strings.Repeat(" ", 11) + l)
		}
	}
	if more > 0 {
		add(strings.Repeat(" ", 11) + st.Dim.Render(fmt.Sprintf("… %s more lines (line %s of the batch file)", model.Thousands(int64(more)), model.Thousands(r.Line))))
	}
}
