package source

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"unicode/utf8"
)

// normalize is s as encoding/json would decode it: each byte that is not
// part of valid UTF-8 becomes U+FFFD, one for each byte (a range over a
// string does the same; strings.ToValidUTF8 would make one of a run).
func normalize(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		b.WriteRune(r)
	}
	return b.String()
}

// scanWhole is scanObject on a whole line: an object and white space only.
func scanWhole(line []byte) ([]member, bool) {
	ms, end, err := scanObject(line, 0, nil)
	if err != nil {
		return ms, false
	}
	return ms, skipWS(line, end) == len(line)
}

// jsonObject is what encoding/json says: line is valid JSON and an object.
func jsonObject(line []byte) bool {
	trim := bytes.TrimLeft(line, " \t\r\n")
	return json.Valid(line) && len(trim) > 0 && trim[0] == '{'
}

func TestScanObjectAgreesWithEncodingJSON(t *testing.T) {
	valid := []string{
		`{}`,
		" \t\r\n{ \t\r\n} \t\r\n",
		`{"a":1}`,
		`{"ref": "3e06c2f4-5b1a-4c7e-9d2f-8a1b2c3d4e5f", "code":"409", "message":"Resource conflict"}`,
		`{"a":[1,2,{"b":null}],"c":true,"d":false,"e":-0.5e+10,"f":0,"g":-0,"h":1E-2,"i":[],"j":{}}`,
		`{"a":"\u00e9\n\t\"\\\/\b\f\r","\u0062":"x"}`,
		`{"":""}`,
		"{\"a\":\"\xff\xfe invalid UTF-8 is not a syntax error\"}",
		`{"a":1,"a":2}`,
		`{"a":[[[[[[[[[[]]]]]]]]]]}`,
		`{"a":12345678901234567890123456789}`,
	}
	invalid := []string{
		``, ` `, `[]`, `"x"`, `1`, `null`, `{`, `}`, `{"a"}`, `{"a":}`, `{"a":1,}`, `{,}`,
		`{"a":01}`, `{"a":1.}`, `{"a":.5}`, `{"a":-}`, `{"a":1e}`, `{"a":1e+}`, `{"a":tru}`, `{"a":nul}`,
		`{"a":True}`, "{\"a\":\"\x01\"}", `{"a":"\q"}`, `{"a":"\u12"}`, `{"a":"\u12G4"}`, `{'a':1}`,
		`{"a":1}}`, `{"a":1} x`, `{"a":[1,]}`, `{"a":[1 2]}`, `{"a":{"b"}}`, `{"a":NaN}`, `{"a":+1}`,
		"{\"a\":\"x\"\x00}", "{\"a\":1}\x00", "\xef\xbb\xbf{}", `{"a":1 "b":2}`, `{"a" 1}`, `{a:1}`,
		`{"a":"unclosed}`, `{"a":"\`, `{"a":[`, `{"a":{`, `{"a":1`, "{\"a\":1}\v", `{"a":--1}`, `{"a":0x1}`,
		`{"ref": "a", "code": "409", "message": "Resource con`,
	}
	for _, s := range valid {
		if !jsonObject([]byte(s)) {
			t.Fatalf("test table: encoding/json rejects %q", s)
		}
		if _, ok := scanWhole([]byte(s)); !ok {
			_, _, err := scanObject([]byte(s), 0, nil)
			t.Errorf("scanObject rejects %q: %v", s, err)
		}
	}
	for _, s := range invalid {
		if jsonObject([]byte(s)) {
			t.Fatalf("test table: encoding/json accepts %q", s)
		}
		if _, ok := scanWhole([]byte(s)); ok {
			t.Errorf("scanObject accepts %q", s)
		}
		_, end, err := scanObject([]byte(s), 0, nil)
		var se *syntaxError
		if err != nil && (!errors.As(err, &se) || se.off < 0 || se.off > len(s) || end < 0 || end > len(s)) {
			t.Errorf("%q: error %v at %d, end %d: out of the line", s, err, se.off, end)
		}
	}
}

func TestScanObjectMembers(t *testing.T) {
	line := []byte(` { "ref" : "a\"b" , "\u0063ode":409, "message":"m", "x": {"y": [1, "}"]}, "t": true } `)
	ms, ok := scanWhole(line)
	if !ok {
		t.Fatal("rejected")
	}
	want := []struct {
		key, tok string
		kind     byte
		esc      bool
	}{
		{"ref", `"a\"b"`, '"', true},
		{`\u0063ode`, `409`, '0', false},
		{"message", `"m"`, '"', false},
		{"x", `{"y": [1, "}"]}`, '{', false},
		{"t", `true`, 't', false},
	}
	if len(ms) != len(want) {
		t.Fatalf("%d members, want %d", len(ms), len(want))
	}
	for i, w := range want {
		m := ms[i]
		if string(m.key) != w.key || string(line[m.start:m.end]) != w.tok || m.kind != w.kind || m.escaped != w.esc {
			t.Errorf("member %d: key %q tok %q kind %c esc %v; want %q %q %c %v",
				i, m.key, line[m.start:m.end], m.kind, m.escaped, w.key, w.tok, w.kind, w.esc)
		}
	}
	if !ms[1].keyIs("code") || ms[1].keyIs("\\u0063ode") || !ms[0].keyIs("ref") || ms[0].keyIs("re") {
		t.Error("keyIs does not decode escaped keys or compares loosely")
	}
	if got := string(stringValue(line[ms[0].start:ms[0].end], ms[0].escaped)); got != `a"b` {
		t.Errorf("stringValue = %q, want a\"b", got)
	}
}

func TestScanObjectDepth(t *testing.T) {
	// encoding/json allows 10000 levels of nesting; the top object is one.
	for _, levels := range []int{9999, 10000, 10001, 20000} {
		n := levels - 1
		for _, line := range [][]byte{
			[]byte(`{"a":` + strings.Repeat("[", n) + strings.Repeat("]", n) + `}`),
			[]byte(`{"a":` + strings.Repeat(`{"k":`, n) + "1" + strings.Repeat("}", n) + `}`),
		} {
			want := jsonObject(line)
			if _, ok := scanWhole(line); ok != want {
				t.Errorf("%d levels (%.8s...): scanObject ok=%v, encoding/json %v", levels, line[5:], ok, want)
			}
			if want != (levels <= 10000) {
				t.Errorf("%d levels: encoding/json says %v (its limit changed?)", levels, want)
			}
		}
	}
}

func TestStringValue(t *testing.T) {
	for _, tok := range []string{
		`""`, `"plain"`, `"\u001b[2J"`, `"\"quoted\""`, `"\ud83d\ude00 \ud800 \udc00\ud800"`,
		`"\u0000"`, `"\/\\\b\f\n\r\t"`, `"é€"`, `"\u00E9"`,
	} {
		_, esc, err := scanString([]byte(tok), 0)
		if err != nil {
			t.Fatalf("scanString(%s): %v", tok, err)
		}
		var want string
		if err := json.Unmarshal([]byte(tok), &want); err != nil {
			t.Fatal(err)
		}
		if got := string(stringValue([]byte(tok), esc)); got != want {
			t.Errorf("stringValue(%s) = %q, encoding/json %q", tok, got, want)
		}
	}
}

// FuzzScanObject checks scanObject against encoding/json on any line: it
// accepts exactly the lines that are a JSON object and white space, finds
// the same members (decoded keys and value tokens, in order) as a
// json.Decoder, and stringValue decodes "ref", "code" and "message" (the last
// of each, as json.Unmarshal into a map keeps) as encoding/json does.
//
// Invalid UTF-8: encoding/json turns each invalid byte of a string into
// U+FFFD; stringValue's fast path (no escapes) keeps the bytes, on purpose:
// the store rebuilds raw lines from decoded values, and the printable layer
// shows such bytes as bytes. So a valid-UTF-8 value must be equal exactly;
// otherwise the value must be the token's bytes unchanged (fast path) or
// equal encoding/json's (escaped path), and equal to it after normalize.
func FuzzScanObject(f *testing.F) {
	for _, s := range []string{
		`{"ref": "3e06c2f4-5b1a-4c7e-9d2f-8a1b2c3d4e5f", "code":"409", "message":"Resource conflict"}`,
		`{"ref": "a", "code": 409, "message": "Resource conflict"}`,
		`{"ref": "a", "code": "400", "message": "\u001b[2J \"quoted\" \ud83d\ude00 \ud800"}`,
		`{"ref":"a","code":"409","message":"x","code":"400","ref":null}`,
		`{"\u0072ef": "escaped key", "code": -1.5e-3, "message": {"nested": [1, true, false, null, "x"]}}`,
		" {\"a\" : [ ] , \"b\" : { } }\t\r\n",
		"{\"ref\": \"\xff\xfe\", \"message\": \"\xed\xa0\x80 \xc0\xaf\"}",
		"{\"message\": \"\\u00e9\xff\"}",
		`{"ref": "a", "code": "409", "message": "Resource con`,
		`[{"ref": "a"}]`, `"ref"`, `{"a":01}`, `{"a":1,}`, `{"a":"\x"}`, `{"a":"\u12"}`, `{} {}`, ``,
		`{"a":[[[[{"b":[[[]]]}]]]]}`, `{"a":1e400}`, `{"a":-0.0E+0}`, "\xef\xbb\xbf{}",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, line []byte) {
		ms, ok := scanWhole(line)
		if want := jsonObject(line); ok != want {
			_, _, err := scanObject(line, 0, nil)
			t.Fatalf("scanObject ok=%v (%v), encoding/json says object=%v", ok, err, want)
		}
		if !ok {
			return
		}

		// Members, in order, as a json.Decoder reads them.
		dec := json.NewDecoder(bytes.NewReader(line))
		if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
			t.Fatalf("Decoder: %v %v", tok, err)
		}
		n := 0
		for ; dec.More(); n++ {
			kt, err := dec.Token()
			if err != nil {
				t.Fatal(err)
			}
			var raw json.RawMessage
			if err := dec.Decode(&raw); err != nil {
				t.Fatal(err)
			}
			if n >= len(ms) {
				t.Fatalf("scanObject found %d members, encoding/json more", len(ms))
			}
			m := ms[n]
			key := string(m.key)
			if m.keyEscaped {
				key = string(stringValue(append(append([]byte{'"'}, m.key...), '"'), true))
			}
			if normalize(key) != kt.(string) {
				t.Fatalf("member %d: key %q, encoding/json %q", n, key, kt)
			}
			if tok := line[m.start:m.end]; !bytes.Equal(tok, bytes.TrimSpace(raw)) {
				t.Fatalf("member %d: value %q, encoding/json %q", n, tok, raw)
			}
			if k := raw[0]; m.kind != k && !(m.kind == '0' && (k == '-' || ('0' <= k && k <= '9'))) {
				t.Fatalf("member %d: kind %c for %q", n, m.kind, raw)
			}
			if m.kind == '"' && m.escaped != (bytes.IndexByte(raw, '\\') >= 0) {
				t.Fatalf("member %d: escaped=%v for %q", n, m.escaped, raw)
			}
		}
		if n != len(ms) {
			t.Fatalf("scanObject found %d members, encoding/json %d", len(ms), n)
		}

		var obj map[string]json.RawMessage
		if err := json.Unmarshal(line, &obj); err != nil {
			t.Fatalf("json.Unmarshal of a line scanObject accepts: %v", err)
		}
		for _, name := range []string{"ref", "code", "message"} {
			var last *member
			for i := range ms {
				if ms[i].keyIs(name) {
					last = &ms[i]
				}
			}
			raw, has := obj[name]
			if has != (last != nil) {
				t.Fatalf("%q: scanObject has it %v, encoding/json %v", name, last != nil, has)
			}
			if !has {
				continue
			}
			tok := line[last.start:last.end]
			if !bytes.Equal(tok, raw) {
				t.Fatalf("%q: token %q, encoding/json %q", name, tok, raw)
			}
			if last.kind != '"' {
				continue
			}
			var want string
			if err := json.Unmarshal(raw, &want); err != nil {
				t.Fatalf("%q: %v", name, err)
			}
			got := string(stringValue(tok, last.escaped))
			switch {
			case utf8.Valid(tok):
				if got != want {
					t.Fatalf("%q: stringValue %q, encoding/json %q", name, got, want)
				}
			case !last.escaped:
				if got != string(tok[1:len(tok)-1]) || normalize(got) != want {
					t.Fatalf("%q: stringValue %q of %q, encoding/json %q", name, got, tok, want)
				}
			default:
				if got != want {
					t.Fatalf("%q: stringValue %q of escaped %q, encoding/json %q", name, got, tok, want)
				}
			}
		}
	})
}
