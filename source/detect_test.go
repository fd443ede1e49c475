package source

import (
	"strings"
	"testing"

	"github.com/errscope/errscope/model"
)

func TestDetect(t *testing.T) {
	sitecore := `{"ref": "3e06c2f4-5b1a-4c7e-9d2f-8a1b2c3d4e5f", "code":"409", "message":"Resource conflict"}` + "\n" +
		`{"ref": "0b6f1e2a-77c4-4e0b-a1d5-6c2f9e8d7b10", "code": 400, "message": "Validation error"}` + "\n"
	nested := `{"id": "r-1", "ts": "2026-01-02T03:04:05Z", "error": {"code": "E409", "message": "duplicate identity"}}` + "\n" +
		`{"id": "r-2", "ts": "2026-01-02T03:04:06Z", "error": {"code": "E500", "message": "server error"}}` + "\n"
	flat := `{"recordId": 7, "errorCode": "INVALID", "reason": "bad email", "status": 400}` + "\n"
	sc := Detection{Format: model.Sitecore.ID, Mapping: SitecoreMapping}
	cases := []struct {
		name string
		head string
		user Mapping
		want Detection
	}{
		{"sitecore", sitecore, Mapping{}, sc},
		{"sitecore seed placeholders", `{"ref": "<UUID>", "code":"<error_code>", "message":"<reason_for_failure>"}`, Mapping{}, sc},
		{"sitecore with bom and crlf", "\xef\xbb\xbf" + strings.ReplaceAll(sitecore, "\n", "\r\n"), Mapping{}, sc},
		{"sitecore after blank and garbage lines", "\n\n  \nExport started\n" + sitecore, Mapping{}, sc},
		{"sitecore whose first line is cut by the head", sitecore + `{"ref": "x", "code": "4`, Mapping{}, sc},
		{"empty", "", Mapping{}, sc},
		{"nested jsonl", nested, Mapping{}, Detection{Format: model.JSONLines.ID, Guessed: true,
			Mapping: Mapping{Ref: "id", Code: "error.code", Msg: "error.message"}}},
		{"flat jsonl", flat, Mapping{}, Detection{Format: model.JSONLines.ID, Guessed: true,
			Mapping: Mapping{Ref: "recordId", Code: "errorCode", Msg: "reason"}}},
		{"jsonl without a code", `{"key": "k1", "msg": "something"}`, Mapping{}, Detection{Format: model.JSONLines.ID, Guessed: true,
			Mapping: Mapping{Ref: "key", Msg: "msg"}}},
		{"user mapping on nested", nested, Mapping{Ref: "id", Code: "error.code", Msg: "error.message"},
			Detection{Format: model.JSONLines.ID, Mapping: Mapping{Ref: "id", Code: "error.code", Msg: "error.message"}}},
		{"user mapping overrides sitecore", sitecore, Mapping{Msg: "detail"},
			Detection{Format: model.JSONLines.ID, Mapping: Mapping{Ref: "ref", Code: "code", Msg: "detail"}}},
		{"protegrity array", `[{"bulk": []}]`, Mapping{}, Detection{Format: model.Protegrity.ID}},
		{"protegrity pretty", "{\n  \"protect\": {\n", Mapping{}, Detection{Format: model.Protegrity.ID}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := Detect([]byte(tc.head), tc.user); got != tc.want {
				t.Errorf("Detect = %+v, want %+v", got, tc.want)
			}
		})
	}
}

// A guessed mapping is the one the log is then read with.
func TestReadGuessedMapping(t *testing.T) {
	lines := []string{
		`{"id": "r-1", "error": {"code": "E409", "message": "duplicate identity"}}`,
		`{"id": 2, "error": {"code": 500, "message": "server error"}, "extra": [1]}`,
		`{"id": "r-3"}`,
		`not json`,
	}
	path := writeFile(t, "app.log", []byte(strings.Join(lines, "\n")+"\n"))
	_, res, recs, st := openAndRead(t, path, Mapping{})
	if res.Format != model.JSONLines.ID || !res.Guessed || res.Mapping != (Mapping{Ref: "id", Code: "error.code", Msg: "error.message"}) {
		t.Fatalf("Result %+v", res)
	}
	want := []got{
		{Line: 1, Ref: "r-1", Code: "E409", Msg: "duplicate identity"},
		{Line: 2, Ref: "2", Code: "500", Msg: "server error"},
		{Line: 3, Ref: "r-3"},
		{Line: 4, Bad: "not a JSON object"},
	}
	if len(recs) != len(want) {
		t.Fatalf("got %d records, want %d", len(recs), len(want))
	}
	for i, w := range want {
		r := recs[i]
		if r.Line != w.Line || r.Ref != w.Ref || r.Code != w.Code || r.Msg != w.Msg || r.Raw != lines[i] ||
			(w.Bad == "") != (r.Bad == "") || !strings.Contains(r.Bad, w.Bad) || r.Format != model.JSONLines.ID {
			t.Errorf("record %d = %+v, want %+v", i, r, w)
		}
	}
	checkRaw(t, recs, st)
}
