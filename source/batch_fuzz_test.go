package source

import (
	"bytes"
	"encoding/json"
	"testing"
)

// FuzzSetMode: on a line that is one JSON object, SetMode gives one JSON
// object whose mode is the one set and whose other top-level members are
// those of the line; the line end stays as it was. batchLine agrees with
// encoding/json on whether the line is an object.
//
//	go test ./source -run '^$' -fuzz FuzzSetMode -fuzztime 2m
func FuzzSetMode(f *testing.F) {
	for _, s := range []string{
		`{"ref":"a","schema":"guest","mode":"create","value":{"mode":"x"}}` + "\n",
		"\xef\xbb\xbf{ \"mode\" : \"insert\" , \"ref\" : \"b\" }\r\n",
		`{"ref":"c","mode":"a","mode":"b"}`,
		`{"m\u006fde":1,"ref":"d"}` + "\n",
		`{}`, `{"mode":null}`, "{\n", `[1]`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, line []byte) {
		b := body(line, true)
		ms, ref, why := batchLine(b, nil)
		var before map[string]json.RawMessage
		isObj := json.Unmarshal(b, &before) == nil && bytes.HasPrefix(bytes.TrimLeft(b, " \t\r\n"), []byte("{"))
		if (why == "" || why == `no "ref"` || why == `"ref" is not a string`) != isObj {
			t.Fatalf("batchLine %q (members %d, ref %q), encoding/json object %v", why, len(ms), ref, isObj)
		}
		if !isObj {
			return
		}
		out, _ := SetMode(nil, line, "upsert")
		ob := body(out, true)
		var after map[string]json.RawMessage
		if err := json.Unmarshal(ob, &after); err != nil {
			t.Fatalf("%q -> %q: %v", line, out, err)
		}
		if string(after["mode"]) != `"upsert"` {
			t.Fatalf("%q -> %q: mode %s", line, out, after["mode"])
		}
		delete(before, "mode")
		delete(after, "mode")
		if len(before) != len(after) {
			t.Fatalf("%q -> %q: members changed", line, out)
		}
		for k, v := range before {
			if !bytes.Equal(after[k], v) {
				t.Fatalf("%q -> %q: %s changed", line, out, k)
			}
		}
		if bytes.HasSuffix(line, []byte("\n")) != bytes.HasSuffix(out, []byte("\n")) || bytes.HasPrefix(line, bom) != bytes.HasPrefix(out, bom) {
			t.Fatalf("%q -> %q: line end or BOM changed", line, out)
		}
	})
}
