package model

import (
	"fmt"
	"strconv"
	"strings"
)

// Query is a parsed filter: field terms that all must hold, and words that
// match the message fuzzily. QueryLanguage lists its fields and syntax.
type Query struct {
	Terms []Term
	Words []string // fuzzy words, all of which must match
	Not   []string // words the message must not contain (lower case)
}

// Term is one field condition.
type Term struct {
	Field  string   // a QueryField's Name: code, type, ref, op, title, file, format
	Values []string // any of them
	Neg    bool
}

// ParseError says what is wrong with a query and where.
type ParseError struct {
	Pos int
	Msg string
}

func (e *ParseError) Error() string { return fmt.Sprintf("at %d: %s", e.Pos+1, e.Msg) }

// ParseQuery reads the filter language. An empty query matches the default
// view. Values and words may be quoted ("not found") to keep spaces, commas
// and colons; inside quotes \" \\ \n \t \r \xNN and \uNNNN are escapes, so
// any text can be written (QuoteValue writes them).
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
		j := i
		for j < len(s) && isFieldChar(s[j]) {
			j++
		}
		if j == i || j >= len(s) || s[j] != ':' {
			// A word for the message.
			word, quoted, next, err := readWord(s, i)
			if err != nil {
				return nil, err
			}
			i = next
			switch {
			case word == "" && !quoted && neg:
				return nil, &ParseError{start, "a lone '-': write -code:500 or -word"}
			case word == "":
			case neg:
				q.Not = append(q.Not, strings.ToLower(word))
			default:
				q.Words = append(q.Words, word)
			}
			continue
		}
		field := strings.ToLower(s[i:j])
		value, quoted, next, err := readWord(s, j+1)
		if err != nil {
			return nil, err
		}
		i = next
		t, err := newTerm(field, value, quoted, neg)
		if err != nil {
			return nil, &ParseError{start, err.Error()}
		}
		q.Terms = append(q.Terms, t)
	}
}

func isFieldChar(c byte) bool { return ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z') }

// newTerm checks one field term. An unquoted value may list alternatives
// with commas (code:409,404) where the field allows; a quoted one is one
// value, and may be empty where the field allows (code:"", records without
// a code).
func newTerm(name, value string, quoted, neg bool) (Term, error) {
	f, ok := queryField(name)
	if !ok {
		return Term{}, fmt.Errorf("unknown field %q (fields: %s)", name, strings.Join(queryFieldNames(), ", "))
	}
	if value == "" && !(quoted && f.empty) {
		return Term{}, fmt.Errorf("%s: needs a value, e.g. %s", f.Name, f.Example)
	}
	vals := []string{value}
	if !quoted && f.list {
		vals = strings.Split(value, ",")
	}
	for k, v := range vals {
		if v == "" && !quoted {
			return Term{}, fmt.Errorf("%s: an empty value in %q", f.Name, value)
		}
		if f.norm != nil {
			var err error
			if v, err = f.norm(v); err != nil {
				return Term{}, err
			}
		}
		vals[k] = v
	}
	return Term{Field: f.Name, Values: vals, Neg: neg}, nil
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// readWord reads a bare word (up to a space) or a quoted one; inside a bare
// word a quoted part is taken whole (code:"a b"). quoted says the word had
// a quoted part: it is then one value, never a list.
func readWord(s string, i int) (word string, quoted bool, next int, err error) {
	var b strings.Builder
	for i < len(s) && !isSpace(s[i]) {
		if s[i] == '"' {
			quoted = true
			j := i + 1
			for j < len(s) && s[j] != '"' {
				if s[j] == '\\' && j+1 < len(s) {
					j++
				}
				j++
			}
			if j >= len(s) {
				return "", false, 0, &ParseError{i, "unclosed quote"}
			}
			b.WriteString(unescapeQuoted(s[i+1 : j]))
			i = j + 1
			continue
		}
		b.WriteByte(s[i])
		i++
	}
	return b.String(), quoted, i, nil
}

// unescapeQuoted undoes QuoteValue's escapes; a backslash before any other
// character stands for that character.
func unescapeQuoted(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '\\' || i+1 >= len(s) {
			b.WriteByte(s[i])
			continue
		}
		i++
		switch c := s[i]; c {
		case 'n':
			b.WriteByte('\n')
		case 'r':
			b.WriteByte('\r')
		case 't':
			b.WriteByte('\t')
		case 'x':
			if v, err := strconv.ParseUint(s[i+1:min(i+3, len(s))], 16, 8); err == nil && i+3 <= len(s) {
				b.WriteByte(byte(v))
				i += 2
			} else {
				b.WriteByte(c)
			}
		case 'u', 'U': // \u and 4 hex digits, \U and 8 (Printable's forms)
			n := 4
			if c == 'U' {
				n = 8
			}
			if v, err := strconv.ParseUint(s[i+1:min(i+1+n, len(s))], 16, 32); err == nil && i+1+n <= len(s) {
				b.WriteRune(rune(v))
				i += n
			} else {
				b.WriteByte(c)
			}
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// HidesSuccesses says whether the query leaves successes out: it does when
// it names no type: and no code: (code:6 asks for Protegrity's protect
// successes, so it shows them).
func (q *Query) HidesSuccesses() bool {
	for _, t := range q.Terms {
		if t.Field == "type" || (t.Field == "code" && !t.Neg) {
			return false
		}
	}
	return true
}

// HidesBadLines says whether the query leaves unreadable lines out: it does
// when it names no type:.
func (q *Query) HidesBadLines() bool {
	for _, t := range q.Terms {
		if t.Field == "type" {
			return false
		}
	}
	return true
}

// IsDefault says whether q is the default view: no term and no word (a nil
// query is too). It still hides successes and unreadable lines.
func (q *Query) IsDefault() bool {
	return q == nil || (len(q.Terms) == 0 && len(q.Words) == 0 && len(q.Not) == 0)
}

// ShowsType says whether records of type t can pass q: the default hides
// successes and unreadable lines (HidesSuccesses, HidesBadLines), and every
// type: term must let t through (type:all lets every type through, and
// -type:error every type but errors). A nil query is the default view.
func (q *Query) ShowsType(t Type) bool {
	if q == nil {
		return t != TypeSuccess && t != TypeBad
	}
	if (t == TypeSuccess && q.HidesSuccesses()) || (t == TypeBad && q.HidesBadLines()) {
		return false
	}
	name := t.String()
	for _, term := range q.Terms {
		if term.Field == "type" && (anyEqualFold(term.Values, name) || anyEqualFold(term.Values, "all")) == term.Neg {
			return false
		}
	}
	return true
}

// ShowsBadLines says whether the records q selects can include unreadable
// lines (type:bad, type:all, -type:error).
func (q *Query) ShowsBadLines() bool { return q.ShowsType(TypeBad) }

// String writes the query back in its canonical form.
func (q *Query) String() string {
	var parts []string
	for _, t := range q.Terms {
		v := strings.Join(t.Values, ",")
		if len(t.Values) == 1 {
			v = QuoteValue(t.Values[0])
		}
		p := t.Field + ":" + v
		if t.Neg {
			p = "-" + p
		}
		parts = append(parts, p)
	}
	for _, w := range q.Words {
		parts = append(parts, QuoteValue(w))
	}
	for _, w := range q.Not {
		parts = append(parts, "-"+QuoteValue(w))
	}
	return strings.Join(parts, " ")
}

// QuoteValue writes s so that ParseQuery reads it back as one value: bare
// when it can be, else quoted, with control characters and invalid UTF-8
// escaped as Printable shows them (so a query built from log text is safe
// to show).
func QuoteValue(s string) string {
	if s != "" && s[0] != '-' && s[0] != '"' && !strings.ContainsAny(s, " \t\r\n\":,\\") && Printable(s) == s {
		return s
	}
	e := strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s)
	return `"` + Printable(e) + `"`
}
