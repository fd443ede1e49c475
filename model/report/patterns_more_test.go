package report

import (
	"strings"
	"testing"
)

// TestPatternsMore: past the patterns listed, text and Markdown say how many
// more there are and how many records they hold.
func TestPatternsMore(t *testing.T) {
	s := Summary{Groups: []GroupJSON{{Format: "sitecore", Code: "400", Title: "Validation error", Type: "error", Count: 28}}}
	for i := range 7 {
		s.Patterns = append(s.Patterns, PatternJSON{Format: "sitecore", Code: "400", Title: "Validation error",
			Pattern: "shape " + string(rune('a'+i)), Count: int64(7 - i)})
	}
	var text, md strings.Builder
	patternsText(&text, s)
	if err := patternsMarkdown(&md, s); err != nil {
		t.Fatal(err)
	}
	// The last two hold 2 + 1 records.
	if !strings.Contains(text.String(), "\n  and 2 patterns more, 3 records\n") {
		t.Errorf("text:\n%s", text.String())
	}
	if !strings.Contains(md.String(), "\n- and 2 patterns more, 3 records\n") {
		t.Errorf("markdown:\n%s", md.String())
	}
}
