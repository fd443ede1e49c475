package model

import "strings"

// token is one piece of a message as the pattern miner sees it: a word, a
// value, or one punctuation character.
type token struct {
	text  string // a substring of the message
	off   int    // where text starts in the message
	gap   string // the whitespace before it; "" when it touches the token before
	vary  bool   // looks like a value: has a digit, is quoted, a path, a URL, an email
	punct bool   // one punctuation character: structure, not content
}

// Wildcard stands for a variable part in a pattern's text.
const Wildcard = "<*>"

// maxQuoted bounds how far a quote looks for its closing quote.
const maxQuoted = 512

// tokenize cuts msg into tokens, appended to dst. What usually varies is one
// token marked vary: a quoted value (spaces and all), a number, an id, a
// UUID, hex, a path, an IP address with its port, a date or a time, an
// email, a URL. Words are split at punctuation that separates fields
// (= : , ; brackets quotes), each such character a token of its own. A
// pattern's text is not tokenized (PatternMatcher reads it along a message's
// tokens).
func tokenize(msg string, dst []token) []token {
	first := len(dst)
	i := 0
	gapStart := 0
	for i < len(msg) {
		c := msg[i]
		if isBlank(c) {
			i++
			continue
		}
		gap := msg[gapStart:i]
		// A quote after a word character is an apostrophe or a quote
		// inside a word, not one that opens a value.
		if isQuote(c) && (i == 0 || !isWordByte(msg[i-1])) {
			// A quoted value without blanks is one value; quoted text with
			// blanks is read word by word.
			if k := closingQuote(msg, i); k > 0 && !strings.ContainsAny(msg[i+1:k], " \t") {
				dst = append(dst,
					token{text: msg[i : i+1], off: i, gap: gap, punct: true},
					token{text: msg[i+1 : k], off: i + 1, vary: true},
					token{text: msg[k : k+1], off: k, punct: true})
				i = k + 1
				gapStart = i
				continue
			}
		}
		if closing := pairOf(c); closing != 0 && i+1 < len(msg) && msg[i+1] == closing {
			// An empty (), [], {}, '' or "" holds an empty value: it has the
			// same tokens as one that holds a word.
			dst = append(dst,
				token{text: msg[i : i+1], off: i, gap: gap, punct: true},
				token{text: "", off: i + 1, vary: true},
				token{text: msg[i+1 : i+2], off: i + 1, punct: true})
			i += 2
			gapStart = i
			continue
		}
		if isPunctByte(c) {
			dst = append(dst, token{text: msg[i : i+1], off: i, gap: gap, punct: true})
			i++
			gapStart = i
			continue
		}
		k := i
		for k < len(msg) && !isBlank(msg[k]) && (!isPunctByte(msg[k]) || isApostrophe(msg, k)) {
			k++
		}
		k, shaped := extendShape(msg, i, k)
		end := k
		// A sentence's full stop is not part of its last word.
		if !shaped && end-i > 1 && msg[end-1] == '.' && (end == len(msg) || isBlank(msg[end])) && msg[end-2] != '.' {
			end--
		}
		w := msg[i:end]
		v := shaped || looksVariable(w)
		if n := len(dst); v && n > first && gap != "" && dst[n-1].vary && !dst[n-1].punct && dst[n-1].text != "" {
			// Values one after the other are one value: a date, a list.
			dst[n-1].text = msg[dst[n-1].off:end]
		} else {
			dst = append(dst, token{text: w, off: i, gap: gap, vary: v})
		}
		if end < k {
			dst = append(dst, token{text: ".", off: end, punct: true})
		}
		i = k
		gapStart = i
	}
	return dst
}

// pairOf is the character that closes an opening bracket or quote c.
func pairOf(c byte) byte {
	switch c {
	case '(':
		return ')'
	case '[':
		return ']'
	case '{':
		return '}'
	case '\'', '"':
		return c
	}
	return 0
}

// isApostrophe says whether the ' at k stands inside a word (isn't).
func isApostrophe(msg string, k int) bool {
	return msg[k] == '\'' && k > 0 && k+1 < len(msg) && isLetter(msg[k-1]) && isLetter(msg[k+1])
}

func isBlank(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

func isQuote(c byte) bool { return c == '\'' || c == '"' || c == '`' }

// isPunctByte says whether c separates the fields of a word: each is a token.
func isPunctByte(c byte) bool {
	switch c {
	case '=', ':', ',', ';', '(', ')', '[', ']', '{', '}', '<', '>', '|', '\'', '"', '`':
		return true
	}
	return false
}

func isWordByte(c byte) bool {
	return c >= 0x80 || ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z') || ('0' <= c && c <= '9') || c == '_'
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

func isHex(c byte) bool { return isDigit(c) || ('a' <= c && c <= 'f') || ('A' <= c && c <= 'F') }

// closingQuote finds the quote that closes the one at i: the same character,
// not followed by a word character, on the same line, within maxQuoted.
func closingQuote(msg string, i int) int {
	q := msg[i]
	for k := i + 1; k < len(msg) && k-i <= maxQuoted; k++ {
		switch msg[k] {
		case '\n', '\r':
			return -1
		case q:
			if k+1 == len(msg) || !isWordByte(msg[k+1]) {
				return k
			}
		}
	}
	return -1
}

// extendShape widens the word msg[i:k] over the colons and slashes of a
// value that holds them: a URL (scheme://...), a Windows path (C:\...), a
// time (12:34:56), an address with its port (10.0.0.1:80, host.name:443).
func extendShape(msg string, i, k int) (int, bool) {
	word := msg[i:k]
	if k < len(msg) && msg[k] == ':' {
		switch {
		case strings.HasPrefix(msg[k:], "://") && isScheme(word):
			return wordEnd(msg, k), true
		case len(word) == 1 && isLetter(word[0]) && strings.HasPrefix(msg[k:], `:\`):
			return wordEnd(msg, k), true
		case k+1 < len(msg) && isDigit(msg[k+1]) && (strings.ContainsAny(word, "0123456789.") || portEnds(msg, k+1)):
			k = extendList(msg, k)
			return k, true
		}
	}
	if len(word) > 1 && word[0] == '/' && strings.IndexByte(word[1:], '/') >= 0 && k < len(msg) && !isBlank(msg[k]) {
		return wordEnd(msg, k), true // a path with its query: /a/b?x=1&y=2
	}
	if k < len(msg) && msg[k] == ',' && hasDigit(word) && k+1 < len(msg) && isDigit(msg[k+1]) {
		return extendList(msg, k), true
	}
	return k, false
}

// extendList widens a value over the values joined to it by ':' or ','
// without blanks (12:34:56, 10.0.0.1:80, 10.0.0.2,10.0.0.1, 1,024).
func extendList(msg string, k int) int {
	for k+1 < len(msg) && (msg[k] == ':' || msg[k] == ',') && isHex(msg[k+1]) {
		k++
		for k < len(msg) && !isBlank(msg[k]) && !isPunctByte(msg[k]) {
			k++
		}
	}
	return k
}

// portEnds says whether msg[k:] starts with digits that end the word: the
// port of host:443.
func portEnds(msg string, k int) bool {
	start := k
	for k < len(msg) && isDigit(msg[k]) {
		k++
	}
	return k-start <= 5 && (k == len(msg) || isBlank(msg[k]))
}

func hasDigit(w string) bool {
	for i := 0; i < len(w); i++ {
		if isDigit(w[i]) {
			return true
		}
	}
	return false
}

// wordEnd is where the value starting before k ends: at a blank, or at a
// closing bracket or quote.
func wordEnd(msg string, k int) int {
	for k < len(msg) && !isBlank(msg[k]) {
		switch msg[k] {
		case '"', '\'', '`', ')', ']', '}', '>', ',', ';':
			return k
		}
		k++
	}
	return k
}

func isLetter(c byte) bool { return ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z') }

func isScheme(w string) bool {
	if w == "" {
		return false
	}
	for i := 0; i < len(w); i++ {
		if !isLetter(w[i]) && !(i > 0 && (isDigit(w[i]) || w[i] == '+' || w[i] == '-' || w[i] == '.')) {
			return false
		}
	}
	return true
}

// looksVariable says whether a word is a value rather than a word of the
// message's text: it holds a digit (numbers, ids, hex, dates, versions,
// addresses), or it is a path or an email address.
func looksVariable(w string) bool {
	if hasDigit(w) || dateWords[w] {
		return true
	}
	if len(w) > 1 && (w[0] == '/' || w[0] == '\\' || strings.HasPrefix(w, "~/") || strings.HasPrefix(w, "./")) &&
		strings.ContainsAny(w[1:], `/\`) {
		return true
	}
	if at := strings.IndexByte(w, '@'); at > 0 && strings.IndexByte(w[at:], '.') > 1 {
		return true
	}
	return false
}

// dateWords are the names of days and months, as dates spell them.
var dateWords = map[string]bool{}

func init() {
	for _, w := range strings.Fields("Monday Tuesday Wednesday Thursday Friday Saturday Sunday " +
		"January February March April May June July August September October November December") {
		dateWords[w] = true
		dateWords[w[:3]] = true
	}
	dateWords["Sept"] = true
}
