package source

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/errscope/errscope/model"
)

// Mapping says where a JSON-lines log keeps a record's ref, code and message,
// as dotted paths ("error.code").
type Mapping struct {
	Ref, Code, Msg string
}

// String describes the mapping for the status bar.
func (m Mapping) String() string {
	return fmt.Sprintf("ref=%s code=%s message=%s", orDash(m.Ref), orDash(m.Code), orDash(m.Msg))
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// SitecoreMapping is the Sitecore CDP error log's line:
// {"ref": "<UUID>", "code": "<error_code>", "message": "<reason>"}.
var SitecoreMapping = Mapping{Ref: "ref", Code: "code", Msg: "message"}

// jsonLines decodes one JSON object a line. The Sitecore CDP error log is the
// mapping ref/code/message with every field but message required; other logs
// name their fields with a Mapping.
type jsonLines struct {
	format string
	m      Mapping
	strict bool // the code is required (Sitecore)
	max    int  // the longest line decoded; a longer one is a cut bad line
	buf    int  // the line reader's buffer; 0: 256 KiB (tests make it tiny)

	ref, code, msg []string // the mapping's paths, split at dots
	members        [3][]member
	holes          [3]model.Hole
}

func newJSONLines(format string, m Mapping, strict bool) *jsonLines {
	split := func(p string) []string {
		if p == "" {
			return nil
		}
		return strings.Split(p, ".")
	}
	return &jsonLines{format: format, m: m, strict: strict, ref: split(m.Ref), code: split(m.Code), msg: split(m.Msg)}
}

var bom = []byte{0xef, 0xbb, 0xbf}

// Decode reads lines to the end of r. It returns the error that ended the
// stream early (a gzip cut short), after handing over every record before it.
func (d *jsonLines) Decode(ctx context.Context, r io.Reader, src int, sink model.Sink) error {
	size := d.buf
	if size <= 0 {
		size = 256 << 10
	}
	lr := newLineReaderSize(r, size, d.max)
	var rec model.Rec
	for {
		line, ok := lr.Next()
		if !ok {
			break
		}
		whole := line
		if lr.line == 1 {
			line = bytes.TrimPrefix(line, bom)
		}
		cut := lr.Cut()
		if n := len(line); n > 0 && line[n-1] == '\r' && cut == 0 {
			line = line[:n-1]
		}
		if cut == 0 && skipWS(line, 0) == len(line) {
			continue // blank: JSON's white space only (a form feed is a bad line)
		}
		if lr.line&4095 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		rec = model.Rec{Source: src, Line: lr.line, Format: d.format, Raw: line, Whole: whole}
		if cut > 0 {
			rec.Bad = cutReason("line", cut, lr.max, len(line))
		} else {
			d.decodeLine(line, &rec)
		}
		sink.Add(&rec)
	}
	return lr.Err()
}

// decodeLine fills rec from one line, or marks it bad with the reason.
func (d *jsonLines) decodeLine(line []byte, rec *model.Rec) {
	top, end, err := scanObject(line, 0, d.members[0])
	d.members[0] = top
	if err == nil {
		if end = skipWS(line, end); end < len(line) {
			err = &syntaxError{end, "text after the JSON object"}
		}
	}
	if err != nil {
		rec.Bad = err.Error()
		if !strings.HasPrefix(rec.Bad, "not a JSON object") {
			rec.Bad = "broken JSON: " + rec.Bad
		}
		return
	}
	holes := d.holes[:0]
	found := 0
	if v, ok := d.lookup(line, top, d.ref); ok {
		found++
		switch v.kind {
		case '"':
			rec.Ref = stringValue(line[v.start:v.end], v.escaped)
			holes = append(holes, model.Hole{Field: model.FieldRef, Start: v.start, End: v.end})
		default:
			rec.Ref = line[v.start:v.end]
			holes = append(holes, model.Hole{Field: model.FieldRefTail, Start: v.start, End: v.end})
		}
	}
	codeV, hasCode := d.lookup(line, top, d.code)
	if hasCode {
		found++
		switch codeV.kind {
		case '"':
			rec.Code = bytes.TrimSpace(stringValue(line[codeV.start:codeV.end], codeV.escaped))
		case 'n':
			hasCode = false
		default:
			rec.Code = line[codeV.start:codeV.end]
		}
		if hasCode {
			holes = append(holes, model.Hole{Field: model.FieldCode, Start: codeV.start, End: codeV.end})
		}
	}
	if v, ok := d.lookup(line, top, d.msg); ok {
		found++
		if v.kind == '"' {
			rec.Msg = stringValue(line[v.start:v.end], v.escaped)
			holes = append(holes, model.Hole{Field: model.FieldMsg, Start: v.start, End: v.end})
		} else if v.kind != 'n' {
			rec.Msg = line[v.start:v.end]
		}
	}
	switch {
	case d.strict && codeV.kind == 'n':
		rec.Bad = fmt.Sprintf("%q is null: not a %s line", d.m.Code, model.FormatOf(d.format).Name)
	case d.strict && !hasCode:
		rec.Bad = fmt.Sprintf("no %q field: not a %s line", d.m.Code, model.FormatOf(d.format).Name)
	case found == 0:
		rec.Bad = "none of the fields " + d.m.String()
	}
	sortHoles(holes)
	rec.Holes = holes
}

// cutReason says that a line or item was longer than the limit and cut.
func cutReason(what string, n int64, limit, kept int) string {
	return fmt.Sprintf("%s of %s bytes, longer than the limit of %s (--max-line): cut, its first %s bytes kept",
		what, model.Thousands(n), sizeName(int64(limit)), model.Thousands(int64(kept)))
}

// sizeName writes a byte count in the largest binary unit it is a whole
// number of ("64 MiB"), else in bytes.
func sizeName(n int64) string {
	for _, u := range []struct {
		shift uint
		name  string
	}{{30, "GiB"}, {20, "MiB"}, {10, "KiB"}} {
		if n >= 1<<u.shift && n%(1<<u.shift) == 0 {
			return fmt.Sprintf("%d %s", n>>u.shift, u.name)
		}
	}
	return model.Thousands(n) + " bytes"
}

// lookup finds a dotted path's value in an object's members (the last
// member wins for a repeated key, as in encoding/json).
func (d *jsonLines) lookup(line []byte, top []member, path []string) (member, bool) {
	if len(path) == 0 {
		return member{}, false
	}
	ms := top
	for depth, name := range path {
		var hit member
		ok := false
		for i := range ms {
			if ms[i].keyIs(name) {
				hit, ok = ms[i], true
			}
		}
		if !ok {
			return member{}, false
		}
		if depth == len(path)-1 {
			return hit, true
		}
		if hit.kind != '{' {
			return member{}, false
		}
		k := min(depth+1, len(d.members)-1)
		var err error
		d.members[k], _, err = scanObject(line, hit.start, d.members[k])
		if err != nil {
			return member{}, false
		}
		ms = d.members[k]
	}
	return member{}, false
}

// sortHoles orders holes by position (there are at most three).
func sortHoles(h []model.Hole) {
	for i := 1; i < len(h); i++ {
		for j := i; j > 0 && h[j].Start < h[j-1].Start; j-- {
			h[j], h[j-1] = h[j-1], h[j]
		}
	}
}
