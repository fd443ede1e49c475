package ui

import (
	"regexp"
	"strings"
	"testing"

	"github.com/charmbracelet/x/exp/golden"

	"github.com/errscope/errscope/model"
)

// The largest error type opens with its patterns; → opens a pattern's
// values, enter on a value filters to the records with that value in that
// place (as many as the row says), ← closes; the detail shows the record's
// pattern; the foot of the pane says what to do about the cursor's type.
func TestGroupsPatterns(t *testing.T) {
	a := loaded(t, 120, 40, sample)
	out := shown(a)
	for _, want := range []string{"▾ Resource conflict", "Resource conflict: id", "▸ Validation error", "What to do: Re-send the failing records"} {
		if !strings.Contains(out, want) {
			t.Errorf("first screen lacks %q:\n%s", want, out)
		}
	}
	keys(t, a, "tab", "j", "j")
	if g, _ := a.groups.Current(); g.level != 1 || !strings.HasPrefix(g.label, "Resource conflict: identity '<*>'") {
		t.Fatalf("cursor on %+v", g)
	}
	// With a pattern under the cursor, its values show at the foot.
	if out := shown(a); !strings.Contains(out, "<1> email 42 · loyalty_id 40 · phone 36") {
		t.Errorf("the pattern's values are not shown:\n%s", out)
	}
	keys(t, a, "l", "j")
	v, _ := a.groups.Current()
	if v.level != 2 || !strings.HasPrefix(v.label, "<1> ") {
		t.Fatalf("cursor on %+v", v)
	}
	value := strings.TrimPrefix(v.label, "<1> ")
	golden.RequireEqual(t, a.groups.View())
	keys(t, a, "enter")
	want := `code:409 pattern:"Resource conflict: identity '` + value + `' already exists"`
	if a.filter.Text() != want {
		t.Fatalf("filter %q, want %q", a.filter.Text(), want)
	}
	if m := regexp.MustCompile(`([0-9,]+) of 5,000 records`).FindStringSubmatch(shown(a)); m == nil || m[1] != model.Thousands(v.count) {
		t.Errorf("the value's row says %d records; the table shows %v", v.count, m)
	}
	keys(t, a, "enter")
	if out := shown(a); !strings.Contains(out, "pattern    Resource conflict: identity '<*>' already exists") {
		t.Errorf("the detail lacks the pattern:\n%s", out)
	}
	keys(t, a, "esc", "tab", "h")
	if g, _ := a.groups.Current(); g.level != 1 || g.open {
		t.Errorf("← on a value: cursor on %+v, want its pattern, closed", g)
	}
	keys(t, a, "h")
	if g, _ := a.groups.Current(); g.level != 0 || g.open || a.groups.Len() != 7 {
		t.Errorf("← on a pattern: cursor on %+v, %d rows; want its error type, closed, 7 rows", g, a.groups.Len())
	}
}
