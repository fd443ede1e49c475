package source

import (
	"bytes"
	"strings"

	"github.com/errscope/errscope/model"
)

// Detection is what the first bytes of a log say it is.
type Detection struct {
	Format  string  // a model.Format's ID
	Mapping Mapping // for JSON-lines logs
	Guessed bool    // the mapping was guessed from field names
}

var protegrityKeys = []string{"bulk", "protect", "unprotect", "reprotect"}

// Guessing order for logs that are neither format: the first name a log has
// is used.
var (
	refNames  = []string{"ref", "id", "recordId", "record_id", "recordID", "key"}
	codeNames = []string{"code", "errorCode", "error_code", "status", "error.code", "statusCode"}
	msgNames  = []string{"message", "error.message", "reason", "error", "msg", "detail", "errorMessage"}
)

// Detect looks at the first bytes of a decompressed log (a few KiB are
// plenty) and decides how to decode it. user, when it names any field,
// overrides the guess for a JSON-lines log.
func Detect(head []byte, user Mapping) Detection {
	head = bytes.TrimPrefix(head, bom)
	trim := bytes.TrimLeft(head, " \t\r\n")
	if user != (Mapping{}) {
		return Detection{Format: model.JSONLines.ID, Mapping: fill(user, SitecoreMapping)}
	}
	if len(trim) > 0 && trim[0] == '[' {
		return Detection{Format: model.Protegrity.ID}
	}
	// The first line that is a whole JSON object decides; a pretty-printed
	// document's first line is not one, so look for Protegrity's keys.
	var members []member
	for rest := trim; len(rest) > 0; {
		line := rest
		if i := bytes.IndexByte(rest, '\n'); i >= 0 {
			line, rest = rest[:i], rest[i+1:]
		} else {
			rest = nil
		}
		line = bytes.TrimSpace(line)
		if len(line) == 0 {
			continue
		}
		ms, _, err := scanObject(line, 0, members)
		if err != nil {
			if line[0] == '{' && containsKey(head, protegrityKeys) {
				return Detection{Format: model.Protegrity.ID}
			}
			continue
		}
		has := func(name string) bool {
			for i := range ms {
				if ms[i].keyIs(name) {
					return true
				}
			}
			return false
		}
		for _, k := range protegrityKeys {
			if has(k) {
				return Detection{Format: model.Protegrity.ID}
			}
		}
		if has("ref") && has("code") {
			return Detection{Format: model.Sitecore.ID, Mapping: SitecoreMapping}
		}
		return Detection{Format: model.JSONLines.ID, Mapping: guess(line, ms), Guessed: true}
	}
	return Detection{Format: model.Sitecore.ID, Mapping: SitecoreMapping}
}

func containsKey(head []byte, keys []string) bool {
	for _, k := range keys {
		if bytes.Contains(head, []byte(`"`+k+`"`)) {
			return true
		}
	}
	return false
}

func fill(m, def Mapping) Mapping {
	if m.Ref == "" {
		m.Ref = def.Ref
	}
	if m.Code == "" {
		m.Code = def.Code
	}
	if m.Msg == "" {
		m.Msg = def.Msg
	}
	return m
}

// guess picks the first common field name the object has, for each part.
func guess(line []byte, top []member) Mapping {
	d := newJSONLines(model.JSONLines.ID, Mapping{}, false)
	pick := func(names []string, want func(member) bool) string {
		for _, n := range names {
			if v, ok := d.lookup(line, top, strings.Split(n, ".")); ok && want(v) {
				return n
			}
		}
		return ""
	}
	scalar := func(v member) bool { return v.kind != '{' && v.kind != '[' }
	return Mapping{
		Ref:  pick(refNames, scalar),
		Code: pick(codeNames, scalar),
		Msg:  pick(msgNames, scalar),
	}
}
