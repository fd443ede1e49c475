package ui

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/errscope/errscope/model"
)

// TestFoldGroupTitle: the group of the codes past the first 10,000 error
// types is titled as summary titles it, "N other codes", not "other codes".
func TestFoldGroupTitle(t *testing.T) {
	var b strings.Builder
	for i := range model.MaxKinds + 50 {
		fmt.Fprintf(&b, `{"ref":"r%d","code":"C%d","message":"m"}`+"\n", i, i)
	}
	log := filepath.Join(t.TempDir(), "ids.log")
	if err := os.WriteFile(log, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	a := loaded(t, 160, 20, log)
	out := shown(a)
	if !strings.Contains(out, "50 other codes") {
		t.Errorf("the fold group is not titled \"50 other codes\":\n%s", out)
	}
}
