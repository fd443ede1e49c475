package model

import (
	"fmt"
	"strings"
)

// Query is a parsed filter: field terms that all must hold, and words that
// match the message fuzzily.
//
//	code:409        the code is 409 (code:409,404 for either; returncode: is the same)
//	-code:500       the code is not 500 (any term can be negated with -)
//	type:error      error, warning, success, bad or all (default: all but success and bad)
//	ref:3e06        the ref begins with 3e06
//	op:unprotect    the Protegrity operation
//	file:import     the source's name contains import
//	title:conflict  the error type's title contains conflict
//	format:sitecore the log's format (sitecore, protegrity, jsonl)
//	timeout         any other word: the message matches it fuzzily
//	-timeout        the message does not contain the word
type Query struct {
	Terms []Term
	Words []string // fuzzy words, all of which must match
	Not   []string // words the message must not contain (lower case)
}

// Term is one field condition.
type Term struct {
	Field  string   // code, type, ref, op, file
	Values []string // any of them
	Neg    bool
}

// QueryFields are the field names the query language knows.
var QueryFields = []string{"code", "returncode", "type", "ref", "op", "file", "title", "format"}

// ParseError says what is wrong with a query and where.
type ParseError struct {
	Pos int
	Msg string
}

func (e *ParseError) Error() string { return fmt.Sprintf("at %d: %s", e.Pos+1, e.Msg) }

// ParseQuery reads the filter language. An empty query matches the default
// view. Words may be quoted ("not found") to keep their spaces.
func ParseQuery(s string) (*Query, error) {
	q := &Query{}
	i := 0
	for {
		for i < len(s) && isSpace(s[i]) {
			i++
		}
		if i >= len(s) {
			return q, nil
		}
		start := i
		neg := false
		if s[i] == '-' {
			neg = true
			i++
		}
		tok, next, err := readWord(s, i)
		if err != nil {
			return nil, err
		}
		i = next
		field, value, hasField := "", tok, false
		if c := strings.IndexByte(tok, ':'); c > 0 && !quotedAt(s, start, neg) {
			field, value, hasField = strings.ToLower(tok[:c]), tok[c+1:], true
			if value == "" && i < len(s) && s[i] == '"' {
				value, i, err = readWord(s, i)
				if err != nil {
					return nil, err
				}
			}
		}
		if !hasField {
			if value == "" {
				if neg {
					return nil, &ParseError{start, "a lone '-': write -code:500 or -word"}
				}
				continue
			}
			if neg {
				q.Not = append(q.Not, strings.ToLower(value))
			} else {
				q.Words = append(q.Words, value)
			}
			continue
		}
		if field == "returncode" {
			field = "code"
		}
		switch field {
		case "code", "type", "ref", "op", "file", "title", "format":
		default:
			return nil, &ParseError{start, fmt.Sprintf("unknown field %q (fields: %s)", field, strings.Join(QueryFields, ", "))}
		}
		if value == "" {
			return nil, &ParseError{start, fmt.Sprintf("%s: needs a value, e.g. %s", field, example(field))}
		}
		vals := strings.Split(value, ",")
		if field == "title" {
			vals = []string{value} // titles may hold commas
		}
		for _, v := range vals {
			if v == "" {
				return nil, &ParseError{start, fmt.Sprintf("%s: an empty value in %q", field, value)}
			}
			if field == "type" {
				if _, ok := ParseType(strings.ToLower(v)); !ok && strings.ToLower(v) != "all" {
					return nil, &ParseError{start, fmt.Sprintf("type:%s: types are error, warning, success, bad, all", v)}
				}
			}
		}
		if field == "type" || field == "op" || field == "format" || field == "title" {
			for k := range vals {
				vals[k] = strings.ToLower(vals[k])
			}
		}
		if field == "code" {
			for k, v := range vals {
				vals[k] = strings.TrimPrefix(v, "/rest-v1/returncodes/id/")
			}
		}
		q.Terms = append(q.Terms, Term{Field: field, Values: vals, Neg: neg})
	}
}

func quotedAt(s string, start int, neg bool) bool {
	if neg {
		start++
	}
	return start < len(s) && s[start] == '"'
}

func example(field string) string {
	switch field {
	case "code":
		return "code:409"
	case "type":
		return "type:error"
	case "ref":
		return "ref:3e06"
	case "op":
		return "op:unprotect"
	case "title":
		return "title:conflict"
	case "format":
		return "format:sitecore"
	}
	return "file:import"
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// readWord reads a bare word (up to a space) or a quoted one; inside a bare
// word a quoted part is taken whole (code:"a b").
func readWord(s string, i int) (string, int, error) {
	var b strings.Builder
	for i < len(s) && !isSpace(s[i]) {
		if s[i] == '"' {
			j := i + 1
			for j < len(s) && s[j] != '"' {
				if s[j] == '\\' && j+1 < len(s) {
					j++
				}
				j++
			}
			if j >= len(s) {
				return "", 0, &ParseError{i, "unclosed quote"}
			}
			b.WriteString(unescapeQuoted(s[i+1 : j]))
			i = j + 1
			continue
		}
		b.WriteByte(s[i])
		i++
	}
	return b.String(), i, nil
}

func unescapeQuoted(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) {
			i++
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// String writes the query back in its canonical form.
func (q *Query) String() string {
	var parts []string
	for _, t := range q.Terms {
		p := t.Field + ":" + quoteIfNeeded(strings.Join(t.Values, ","))
		if t.Neg {
			p = "-" + p
		}
		parts = append(parts, p)
	}
	for _, w := range q.Words {
		parts = append(parts, quoteIfNeeded(w))
	}
	for _, w := range q.Not {
		parts = append(parts, "-"+quoteIfNeeded(w))
	}
	return strings.Join(parts, " ")
}

func quoteIfNeeded(s string) string {
	if s != "" && !strings.ContainsAny(s, " \t\r\n\":") && s[0] != '-' {
		return s
	}
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}
