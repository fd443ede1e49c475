package source

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"strconv"
)

// member is one key/value pair of a JSON object, as spans of the input.
type member struct {
	key        []byte // the key's bytes between the quotes, still escaped
	keyEscaped bool
	start, end int  // the value's token
	kind       byte // '"' string, '0' number, '{' object, '[' array, 't' 'f' 'n' literals
	escaped    bool // a string value with escapes
}

// syntaxError says where a line stops being JSON.
type syntaxError struct {
	off int
	msg string
}

func (e *syntaxError) Error() string { return fmt.Sprintf("%s at byte %d", e.msg, e.off+1) }

// scanObject checks that b[i:] starts with a JSON object (after white space)
// and returns its top-level members and the offset just past it. It validates
// everything it passes over, nested values included, as encoding/json would,
// but copies and allocates nothing beyond the members slice.
func scanObject(b []byte, i int, members []member) ([]member, int, error) {
	members = members[:0]
	i = skipWS(b, i)
	if i >= len(b) {
		return members, i, &syntaxError{i, "empty"}
	}
	if b[i] != '{' {
		return members, i, &syntaxError{i, fmt.Sprintf("not a JSON object (starts with %s)", quoteByte(b[i]))}
	}
	i = skipWS(b, i+1)
	if i < len(b) && b[i] == '}' {
		return members, i + 1, nil
	}
	for {
		if i >= len(b) {
			return members, i, &syntaxError{i, "object not closed"}
		}
		if b[i] != '"' {
			return members, i, &syntaxError{i, "expected a key"}
		}
		kend, esc, err := scanString(b, i)
		if err != nil {
			return members, i, err
		}
		m := member{key: b[i+1 : kend-1], keyEscaped: esc}
		i = skipWS(b, kend)
		if i >= len(b) || b[i] != ':' {
			return members, i, &syntaxError{i, "expected ':' after a key"}
		}
		i = skipWS(b, i+1)
		var vend int
		if i < len(b) && b[i] == '"' {
			vend, m.escaped, err = scanString(b, i)
		} else {
			vend, err = scanValue(b, i, 1)
		}
		if err != nil {
			return members, vend, err
		}
		m.start, m.end = i, vend
		m.kind = b[i]
		if m.kind == '-' || ('0' <= m.kind && m.kind <= '9') {
			m.kind = '0'
		}
		members = append(members, m)
		i = skipWS(b, vend)
		if i >= len(b) {
			return members, i, &syntaxError{i, "object not closed"}
		}
		switch b[i] {
		case ',':
			i = skipWS(b, i+1)
		case '}':
			return members, i + 1, nil
		default:
			return members, i, &syntaxError{i, "expected ',' or '}'"}
		}
	}
}

func quoteByte(c byte) string {
	if c >= 0x20 && c < 0x7f {
		return strconv.QuoteRune(rune(c))
	}
	return fmt.Sprintf("byte 0x%02x", c)
}

func skipWS(b []byte, i int) int {
	for i < len(b) {
		switch b[i] {
		case ' ', '\t', '\n', '\r':
			i++
		default:
			return i
		}
	}
	return i
}

const maxDepth = 10000 // encoding/json's limit

// scanValue validates one JSON value starting at b[i] and returns its end.
func scanValue(b []byte, i, depth int) (int, error) {
	if i >= len(b) {
		return i, &syntaxError{i, "value missing"}
	}
	switch c := b[i]; {
	case c == '"':
		end, _, err := scanString(b, i)
		return end, err
	case c == '{':
		if depth >= maxDepth {
			return i, &syntaxError{i, "nested too deeply"}
		}
		i = skipWS(b, i+1)
		if i < len(b) && b[i] == '}' {
			return i + 1, nil
		}
		for {
			if i >= len(b) || b[i] != '"' {
				return i, &syntaxError{i, "expected a key"}
			}
			end, _, err := scanString(b, i)
			if err != nil {
				return i, err
			}
			i = skipWS(b, end)
			if i >= len(b) || b[i] != ':' {
				return i, &syntaxError{i, "expected ':' after a key"}
			}
			i = skipWS(b, i+1)
			if i, err = scanValue(b, i, depth+1); err != nil {
				return i, err
			}
			i = skipWS(b, i)
			if i >= len(b) {
				return i, &syntaxError{i, "object not closed"}
			}
			if b[i] == '}' {
				return i + 1, nil
			}
			if b[i] != ',' {
				return i, &syntaxError{i, "expected ',' or '}'"}
			}
			i = skipWS(b, i+1)
		}
	case c == '[':
		if depth >= maxDepth {
			return i, &syntaxError{i, "nested too deeply"}
		}
		i = skipWS(b, i+1)
		if i < len(b) && b[i] == ']' {
			return i + 1, nil
		}
		for {
			var err error
			if i, err = scanValue(b, i, depth+1); err != nil {
				return i, err
			}
			i = skipWS(b, i)
			if i >= len(b) {
				return i, &syntaxError{i, "array not closed"}
			}
			if b[i] == ']' {
				return i + 1, nil
			}
			if b[i] != ',' {
				return i, &syntaxError{i, "expected ',' or ']'"}
			}
			i = skipWS(b, i+1)
		}
	case c == '-' || ('0' <= c && c <= '9'):
		return scanNumber(b, i)
	case c == 't':
		return scanLiteral(b, i, "true")
	case c == 'f':
		return scanLiteral(b, i, "false")
	case c == 'n':
		return scanLiteral(b, i, "null")
	default:
		return i, &syntaxError{i, fmt.Sprintf("unexpected %s", quoteByte(c))}
	}
}

func scanLiteral(b []byte, i int, lit string) (int, error) {
	if len(b)-i >= len(lit) && string(b[i:i+len(lit)]) == lit {
		return i + len(lit), nil
	}
	return i, &syntaxError{i, "invalid literal"}
}

// scanString validates the string token at b[i] (a '"') and returns its end
// (past the closing quote) and whether it holds escapes.
func scanString(b []byte, i int) (int, bool, error) {
	start := i
	i++
	esc := false
	for i < len(b) {
		// Eight bytes at a time while none of them is a quote, a backslash
		// or a control character: most of a log line is string content.
		for i+8 <= len(b) && plain8(binary.LittleEndian.Uint64(b[i:])) {
			i += 8
		}
		if i >= len(b) {
			break
		}
		c := b[i]
		switch {
		case c == '"':
			return i + 1, esc, nil
		case c == '\\':
			esc = true
			if i+1 >= len(b) {
				return i, esc, &syntaxError{i, "string not closed"}
			}
			switch b[i+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				i += 2
			case 'u':
				if i+6 > len(b) {
					return i, esc, &syntaxError{i, "short \\u escape"}
				}
				for _, h := range b[i+2 : i+6] {
					if !isHex(h) {
						return i, esc, &syntaxError{i, "bad \\u escape"}
					}
				}
				i += 6
			default:
				return i, esc, &syntaxError{i, "bad escape"}
			}
		case c < 0x20:
			return i, esc, &syntaxError{i, "control character in a string"}
		default:
			i++
		}
	}
	return start, esc, &syntaxError{start, "string not closed"}
}

const (
	ones  = 0x0101010101010101
	highs = 0x8080808080808080
)

// plain8 reports whether none of the eight bytes in x is '"', '\\' or below
// 0x20. (The bit tricks find any byte below n, or equal to zero, exactly;
// bytes of 0x80 and above never trip them.)
func plain8(x uint64) bool {
	below := (x - ones*0x20) &^ x
	quote := x ^ (ones * '"')
	bslash := x ^ (ones * '\\')
	zq := (quote - ones) &^ quote
	zb := (bslash - ones) &^ bslash
	return (below|zq|zb)&highs == 0
}

func isHex(c byte) bool {
	return ('0' <= c && c <= '9') || ('a' <= c && c <= 'f') || ('A' <= c && c <= 'F')
}

func scanNumber(b []byte, i int) (int, error) {
	start := i
	if b[i] == '-' {
		i++
	}
	switch {
	case i < len(b) && b[i] == '0':
		i++
	case i < len(b) && '1' <= b[i] && b[i] <= '9':
		for i < len(b) && '0' <= b[i] && b[i] <= '9' {
			i++
		}
	default:
		return start, &syntaxError{start, "invalid number"}
	}
	if i < len(b) && b[i] == '.' {
		i++
		if i >= len(b) || b[i] < '0' || b[i] > '9' {
			return start, &syntaxError{start, "invalid number"}
		}
		for i < len(b) && '0' <= b[i] && b[i] <= '9' {
			i++
		}
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		if i >= len(b) || b[i] < '0' || b[i] > '9' {
			return start, &syntaxError{start, "invalid number"}
		}
		for i < len(b) && '0' <= b[i] && b[i] <= '9' {
			i++
		}
	}
	return i, nil
}

// stringValue decodes a string token (quotes included). Tokens without
// escapes are returned as a sub-slice; the rest go to encoding/json.
func stringValue(tok []byte, escaped bool) []byte {
	if !escaped {
		return tok[1 : len(tok)-1]
	}
	var s string
	if err := json.Unmarshal(tok, &s); err != nil {
		return tok // cannot happen for a token scanString accepted
	}
	return []byte(s)
}

// keyIs compares a member's key with name, decoding escapes if it has any.
func (m *member) keyIs(name string) bool {
	if !m.keyEscaped {
		return string(m.key) == name
	}
	var s string
	q := make([]byte, 0, len(m.key)+2)
	q = append(append(append(q, '"'), m.key...), '"')
	return json.Unmarshal(q, &s) == nil && s == name
}
