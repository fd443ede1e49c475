package model

import (
	"net/url"
	"strings"
)

// RunbookURL is the entry's runbook as a link to follow: only an absolute
// http or https URL with a host, written in the characters RFC 3986 allows
// in a URL (so OSC 8, Markdown and a browser all take it as it is), and
// without credentials (a link with a password or a token in it is neither
// followed nor shown whole: see MaskURL). Anything else is text:
// RunbookText shows it, nothing opens it.
func (e *Entry) RunbookURL() (string, bool) {
	if e == nil {
		return "", false
	}
	return LinkURL(e.Runbook)
}

// LinkURL is s as a link to follow, when it is one (see RunbookURL).
func LinkURL(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > 4096 {
		return "", false
	}
	for i := 0; i < len(s); i++ {
		if !urlByte(s[i]) {
			return "", false
		}
	}
	u, err := url.Parse(s)
	if err != nil || u.Host == "" || u.User != nil || u.Opaque != "" || MaskURL(s) != s {
		return "", false
	}
	switch strings.ToLower(u.Scheme) {
	case "http", "https":
	default:
		return "", false
	}
	return s, true
}

// RunbookText is the runbook as people see it: the link, or the text made
// printable, any credential in it masked.
func (e *Entry) RunbookText() string {
	if e == nil || e.Runbook == "" {
		return ""
	}
	if u, ok := e.RunbookURL(); ok {
		return u
	}
	return Printable(MaskURLs(strings.TrimSpace(e.Runbook)))
}

// urlByte says whether c may stand in a URL as it is (RFC 3986: unreserved,
// reserved, and % for escapes); space, quotes, <>, \, ^, `, {|} and every
// control or non-ASCII byte may not.
func urlByte(c byte) bool {
	switch {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		return true
	}
	return strings.IndexByte("-._~:/?#[]@!$&'()*+,;=%", c) >= 0
}
