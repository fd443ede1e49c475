package report

import (
	"bytes"
	"strings"
	"testing"

	"github.com/errscope/errscope/model"
)

func TestExportSaySingular(t *testing.T) {
	var b bytes.Buffer
	r := ExportResult{Selected: 1, Null: 1, Written: 1, Found: 1, Batch: model.BatchStats{Name: "b.gz", Lines: 1, Bad: 1, Dups: 1, BadLines: []model.BadBatchLine{{Line: 1}}}}
	r.Say(&b, "", "", true)
	for _, bad := range []string{"1 records", "1 lines", "1 selected refs", "1 records have"} {
		if strings.Contains(b.String(), bad) {
			t.Errorf("%q in:\n%s", bad, b.String())
		}
	}
	if !strings.Contains(b.String(), "1 record selected") || !strings.Contains(b.String(), "1 line written") {
		t.Errorf("not in the singular:\n%s", b.String())
	}
}
