package ui

import (
	"go/build"
	"strings"
	"testing"
)

// TestImportsModelOnly: the screen reads no logs and writes no reports; of
// this module's packages, ui's own code imports model alone
// (ARCHITECTURE.md).
func TestImportsModelOnly(t *testing.T) {
	pkg, err := build.Default.ImportDir(".", 0)
	if err != nil {
		t.Fatal(err)
	}
	const module = "github.com/errscope/errscope"
	for _, imp := range pkg.Imports {
		if (imp == module || strings.HasPrefix(imp, module+"/")) && imp != module+"/model" {
			t.Errorf("ui imports %s: ui may import %s/model only; reading belongs in source, writing reports in model/report", imp, module)
		}
	}
	if len(pkg.Imports) == 0 {
		t.Fatal("no imports found: is the test looking at the ui package?")
	}
}
