package source

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/errscope/errscope/model"
)

// selectLogs writes logs of every format, with bad lines, successes,
// warnings and null refs, into dir.
func selectLogs(t *testing.T, dir string) []string {
	t.Helper()
	g := newLineFor(11)
	var sc []byte
	for i := 0; i < 3000; i++ {
		sc = g.append(sc)
		switch i % 500 {
		case 7:
			sc = append(sc, `{"ref":"null","code":"400","message":"Failed to parse import line"}`+"\n"...)
		case 9:
			sc = append(sc, "not json at all\n"...)
		case 11:
			sc = append(sc, `{"ref":"UPPER-Case-Ref","code":409,"message":"Resource conflict"}`+"\n"...)
		case 13:
			sc = append(sc, `{"ref":"x1","code":"777","message":"Something new"}`+"\n"...)
		}
	}
	pg := `[{"protect":{"bulk":{"id":1,"returntype":"warning","data":[
 {"id":1,"returncode":"/rest-v1/returncodes/id/6","returntype":"success","message":"Data protect operation was successful"},
 {"id":2,"returncode":"/rest-v1/returncodes/id/22","returntype":"error","message":"Data is too short to be protected/unprotected"},
 {"id":3,"returntype":"warning","message":"Policy about to expire"}]}}},
 {"unprotect":{"bulk":{"id":2,"returntype":"error","data":[
 {"id":1,"returncode":"/rest-v1/returncodes/id/9","returntype":"error","message":"Unprotect failed"},
 {"id":2,"returncode":"/rest-v1/returncodes/id/8","returntype":"success","message":"Data unprotect operation was successful"}]}}}]`
	jl := `{"id":"a1","error":{"code":"E1","message":"boom"}}` + "\n" + `{"id":"a2","error":{"code":"E2","message":"bang"}}` + "\n" + `{"id":"a3","error":{"message":"no code"}}` + "\n"
	names := []string{"first-import.log", "second-import.log", "prot.json", "other.jsonl"}
	for i, data := range []string{string(sc), string(sc[:len(sc)/3]), pg, jl} {
		if err := os.WriteFile(filepath.Join(dir, names[i]), []byte(data), 0o600); err != nil {
			t.Fatal(err)
		}
		names[i] = filepath.Join(dir, names[i])
	}
	return names
}

// selectSink records, per query, whether each record is selected.
type selectSink struct {
	sels  []*model.Selector
	hits  [][]int32
	n     int32
	kinds []string // code/title/type of each record, as the last selector saw it
}

func (s *selectSink) Add(r *model.Rec) {
	for k, sel := range s.sels {
		if sel.Match(r) {
			s.hits[k] = append(s.hits[k], s.n)
		}
	}
	code, title, typ := s.sels[len(s.sels)-1].Last()
	s.kinds = append(s.kinds, code+"/"+title+"/"+typ.String())
	s.n++
}

func TestSelectorAgreesWithFilter(t *testing.T) {
	names := selectLogs(t, t.TempDir())
	queries := []string{
		"", "code:409", "-code:500", "code:409,404", `code:""`, "code:6", "code:22", "-code:409 -code:400",
		"type:all", "type:bad", "type:success", "type:warning,error", "-type:error", "returncode:9",
		"op:protect", "-op:unprotect", "format:protegrity", "format:sitecore,jsonl", "title:conflict",
		`title:"not found"`, "title:unknown", "file:second", "-file:first", "file:IMPORT",
		"ref:3", "ref:3,4 -ref:3a", "-ref:a", "ref:upper", "ref:null", "-conflict", "code:400 -identity -failed",
		"type:bad -broken", "code:e1",
		`pattern:"Resource conflict"`, `-pattern:"Resource conflict"`, `pattern:"Validation error: undefined attribute '<*>'"`,
		`pattern:"<*> <*> <*>"`, `code:400 pattern:"Failed to parse import <*>"`,
	}
	st := model.NewStore(testCatalog)
	sink := &selectSink{hits: make([][]int32, len(queries))}
	srcName := func(i int) string { return st.Snapshot().Sources()[i] }
	for _, qs := range queries {
		q, err := model.ParseQuery(qs)
		if err != nil {
			t.Fatal(qs, err)
		}
		sel, ok := model.NewSelector(q, testCatalog, srcName)
		if !ok {
			t.Fatalf("%q: not streamable", qs)
		}
		sink.sels = append(sink.sels, sel)
	}
	results := load(context.Background(), names[:3], st, tee{st, sink}, Mapping{}, FetchOptions{}, Hooks{})
	results = append(results, load(context.Background(), names[3:], st, tee{st, sink}, Mapping{Ref: "id", Code: "error.code", Msg: "error.message"}, FetchOptions{}, Hooks{})...)
	for _, r := range results {
		if r.Err != nil {
			t.Fatal(r.Err)
		}
	}
	snap := st.Snapshot()
	for i, got := range sink.kinds {
		k := snap.Kinds()[snap.Row(i).Kind]
		if want := k.Code + "/" + k.Title + "/" + k.Type.String(); got != want {
			t.Errorf("record %d: Last() %s, store %s", i, got, want)
		}
	}
	for k, qs := range queries {
		q, _ := model.ParseQuery(qs)
		want, err := snap.Compile(q).Scan(context.Background(), snap, 0, snap.Len(), nil)
		if err != nil {
			t.Fatal(err)
		}
		got := sink.hits[k]
		if len(want) == 0 || (len(want) == snap.Len()) != (qs == "type:all") {
			t.Errorf("%q selects %d of %d: not a test", qs, len(want), snap.Len())
		}
		if len(got) != len(want) {
			t.Errorf("%q: streamed %d, filter %d", qs, len(got), len(want))
			continue
		}
		for i := range got {
			if got[i] != want[i] {
				t.Errorf("%q: record %d streamed, filter has %d", qs, got[i], want[i])
				break
			}
		}
	}
	if _, ok := model.NewSelector(&model.Query{Words: []string{"conflict"}}, testCatalog, srcName); ok {
		t.Error("a query with words cannot be streamed")
	}
}
