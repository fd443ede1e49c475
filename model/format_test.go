package model

import (
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"testing"
)

func TestFormatsDeclaredOnce(t *testing.T) {
	if got := FormatIDs(); !slices.Equal(got, []string{"sitecore", "protegrity", "jsonl"}) {
		t.Errorf("FormatIDs = %q: the ids are in summary's JSON contract", got)
	}
	cat := DefaultCatalog()
	for _, f := range Formats() {
		if FormatOf(f.ID) != f {
			t.Errorf("FormatOf(%q) is not the declared format", f.ID)
		}
		if got := cat.FormatName(f.ID); got != f.Name {
			t.Errorf("catalog names %s %q, the format %q", f.ID, got, f.Name)
		}
	}
	if !slices.Equal(cat.Formats(), FormatIDs()) {
		t.Errorf("catalog formats %q, want %q", cat.Formats(), FormatIDs())
	}
	for _, e := range cat.Entries("") {
		if !slices.Contains(FormatIDs(), e.Format) {
			t.Errorf("catalog entry %s %s names a format errscope does not declare", e.Format, e.Code)
		}
	}
	if f := FormatOf("acme"); f.ID != "acme" || f.Name != "acme" || len(f.Detail(Row{Ref: "r", Code: "1", Msg: "m"})) != 3 {
		t.Errorf("FormatOf an unknown id = %+v", f)
	}
}

// TestCatalogFileCannotRespellAFormat: a catalog file names formats errscope
// does not declare; a declared format keeps its one name.
func TestCatalogFileCannotRespellAFormat(t *testing.T) {
	path := filepath.Join(t.TempDir(), "cat.json")
	data := `{"formats": {"protegrity": "Protegrity bulk response", "acme": "ACME log"}, "entries": [{"format": "acme", "code": "1", "title": "t", "type": "error"}]}`
	if err := os.WriteFile(path, []byte(data), 0o600); err != nil {
		t.Fatal(err)
	}
	cat := DefaultCatalog()
	if err := cat.Merge(path); err != nil {
		t.Fatal(err)
	}
	if got := cat.FormatName("protegrity"); got != Protegrity.Name {
		t.Errorf("FormatName(protegrity) = %q, want %q", got, Protegrity.Name)
	}
	if got := cat.FormatName("acme"); got != "ACME log" {
		t.Errorf("FormatName(acme) = %q", got)
	}
	if got := cat.Formats(); !slices.Equal(got, append(FormatIDs(), "acme")) {
		t.Errorf("Formats = %q", got)
	}
}

func TestFormatDetail(t *testing.T) {
	type F = DetailField
	for _, tc := range []struct {
		f    *Format
		row  Row
		want []F
	}{
		{Protegrity, Row{Ref: "resp.json#2:7/3", Code: "22", Type: TypeError, Op: "protect", Msg: "Data too short"},
			[]F{{"document", "resp.json#2", false}, {"bulk id", "7", false}, {"data id", "3", false}, {"operation", "protect", false},
				{"returntype", "error", false}, {"returncode", "22  (/rest-v1/returncodes/id/22)", false}, {"message", "Data too short", true}}},
		{Protegrity, Row{Ref: "7", Code: "warning", Type: TypeWarning},
			[]F{{"bulk id", "7", false}, {"returntype", "warning", false}, {"returncode", "none (a warning item carries no return code)", false}}},
		{Protegrity, Row{Ref: "7/1", Code: "bulk-error", Type: TypeError},
			[]F{{"bulk id", "7", false}, {"data id", "1", false}, {"returntype", "error", false}, {"returncode", "bulk-error", false}}},
		// A data id that is a string with a colon in it, in a log of one
		// document: no document part.
		{Protegrity, Row{Ref: "7/ab:cd", Code: "22", Type: TypeError},
			[]F{{"bulk id", "7", false}, {"data id", "ab:cd", false}, {"returntype", "error", false}, {"returncode", "22  (/rest-v1/returncodes/id/22)", false}}},
		{Protegrity, Row{Ref: "2:7/ab:cd", Code: "22", Type: TypeError},
			[]F{{"document", "2", false}, {"bulk id", "7", false}, {"data id", "ab:cd", false}, {"returntype", "error", false}, {"returncode", "22  (/rest-v1/returncodes/id/22)", false}}},
		{Sitecore, Row{Ref: "3e06", Code: "409", Msg: ""},
			[]F{{"ref", "3e06", true}, {"code", "409", false}, {"message", "", true}}},
		{JSONLines, Row{Ref: "r-1", Code: "E409", Op: "upsert", Msg: "dup"},
			[]F{{"ref", "r-1", true}, {"code", "E409", false}, {"operation", "upsert", false}, {"message", "dup", true}}},
	} {
		if got := tc.f.Detail(tc.row); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s.Detail(%+v) =\n%+v\nwant\n%+v", tc.f.ID, tc.row, got, tc.want)
		}
	}
}

func TestFormatCodesAndLabels(t *testing.T) {
	for in, want := range map[string]string{"/rest-v1/returncodes/id/22": "22", "22": "22", "409": "409", "/rest-v1/returncodes/": "/rest-v1/returncodes/"} {
		if got := NormalizeCode(in); got != want {
			t.Errorf("NormalizeCode(%q) = %q, want %q", in, got, want)
		}
	}
	if Protegrity.OnWire("22") != "/rest-v1/returncodes/id/22" || Protegrity.OnWire("warning") != "" || Sitecore.OnWire("409") != "" {
		t.Error("OnWire")
	}
	m := "ref=id code=error.code message=error.message"
	for _, tc := range []struct {
		f       *Format
		guessed bool
		want    string
	}{{Sitecore, false, "Sitecore CDP error log"}, {JSONLines, false, "JSON lines (" + m + ")"}, {JSONLines, true, "JSON lines, guessed " + m}} {
		if got := tc.f.Label(m, tc.guessed); got != tc.want {
			t.Errorf("%s.Label(guessed %v) = %q, want %q", tc.f.ID, tc.guessed, got, tc.want)
		}
	}
}
