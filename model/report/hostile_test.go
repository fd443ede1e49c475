package report

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/errscope/errscope/model"
)

// Every CSV cell that a spreadsheet would take for a formula starts with '.
func TestCSVFormulaCells(t *testing.T) {
	snap, srcs := snapshot(t, "import.gz", "=cmd|' /C calc'!A0", "+1", "-2", "@SUM(A1)", "\tx", "\rx", "409")
	var b bytes.Buffer
	if err := CSV(&b, Build(snap, srcs)); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	rows, err := csv.NewReader(&b).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows[1:] {
		for _, c := range r {
			if c != "" && strings.IndexByte("=+-@\t\r", c[0]) >= 0 {
				t.Errorf("cell %q starts a formula", c)
			}
		}
	}
	if !strings.Contains(out, `'=cmd|' /C calc'!A0`) || !strings.Contains(out, `\tx`) {
		t.Errorf("csv:\n%s", out)
	}
}

// The text summary's columns line up however wide the codes draw (emoji,
// CJK, combining marks), and a long code is cut with an ellipsis, not
// padded to its length.
func TestTextColumnsAlign(t *testing.T) {
	long := strings.Repeat("x", 1<<20)
	snap, srcs := snapshot(t, "import.gz", "日本語コード", "e\u0301\u0301", "😀😀", "409", long)
	var b bytes.Buffer
	if err := Text(&b, Build(snap, srcs), model.DefaultCatalog()); err != nil {
		t.Fatal(err)
	}
	if b.Len() > 4<<10 {
		t.Fatalf("the text summary of five groups is %d bytes", b.Len())
	}
	lines := strings.Split(b.String(), "\n")
	var table []string
	for i, l := range lines {
		if strings.HasPrefix(l, "CODE") {
			table = lines[i:]
		}
	}
	for i, l := range table {
		if l == "" { // the patterns follow the table
			table = table[:i]
			break
		}
	}
	if len(table) != 6 {
		t.Fatalf("table %q", table)
	}
	// The TYPE column starts at the same cell on every row.
	col := func(l string) int { return ansi.StringWidth(l[:strings.Index(l, "  error")]) }
	want := ansi.StringWidth(table[0][:strings.Index(table[0], "  TYPE")])
	for _, l := range table[1:] {
		if got := col(l); got != want {
			t.Errorf("row %q: TYPE at cell %d, header at %d", l, got, want)
		}
	}
	if !strings.Contains(b.String(), strings.Repeat("x", maxCodeCells-1)+"…") {
		t.Errorf("the long code is not cut with an ellipsis:\n%s", b.String())
	}
}

// Counts take the right plural.
func TestPlurals(t *testing.T) {
	snap, srcs := snapshot(t, "import.gz", "409")
	var b bytes.Buffer
	if err := Text(&b, Build(snap, srcs), model.DefaultCatalog()); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "1 record,") && !strings.Contains(b.String(), "1 record\n") ||
		!strings.Contains(b.String(), "1 record (1 error)") || strings.Contains(b.String(), "1 records") {
		t.Errorf("text:\n%s", b.String())
	}
}
