package ui

import (
	"go/ast"
	"go/build"
	"go/parser"
	"go/token"
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

// TestKeysMatchedByBinding: keys are matched with key.Matches against the
// key map, never by their string (a key matched by its string is one the
// hints do not know about). A function that takes a tea.KeyPressMsg never
// asks it for its String.
func TestKeysMatchedByBinding(t *testing.T) {
	fset := token.NewFileSet()
	pkg, err := build.Default.ImportDir(".", 0)
	if err != nil {
		t.Fatal(err)
	}
	funcs := 0
	for _, name := range pkg.GoFiles {
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			fn, ok := d.(*ast.FuncDecl)
			if !ok || fn.Body == nil {
				continue
			}
			keyParams := map[string]bool{}
			for _, p := range fn.Type.Params.List {
				if sel, ok := p.Type.(*ast.SelectorExpr); ok && sel.Sel.Name == "KeyPressMsg" {
					for _, n := range p.Names {
						keyParams[n.Name] = true
					}
				}
			}
			if len(keyParams) == 0 {
				continue
			}
			funcs++
			ast.Inspect(fn.Body, func(n ast.Node) bool {
				call, ok := n.(*ast.CallExpr)
				if !ok {
					return true
				}
				sel, ok := call.Fun.(*ast.SelectorExpr)
				if !ok {
					return true
				}
				if id, isID := sel.X.(*ast.Ident); isID && keyParams[id.Name] && (sel.Sel.Name == "String" || sel.Sel.Name == "Keystroke") {
					t.Errorf("%s: %s matches a key by its %s: use key.Matches with a binding of the key map", fset.Position(call.Pos()), fn.Name.Name, sel.Sel.Name)
				}
				return true
			})
		}
	}
	if funcs == 0 {
		t.Fatal("no function of ui takes a tea.KeyPressMsg: is the test looking at the ui package?")
	}
}
