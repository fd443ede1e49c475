package model

import (
	"net/url"
	"strings"
)

// RunbookURL is the entry's runbook as a link to follow: only an absolute
// http or https URL with a host, in printable ASCII (what OSC 8 and a
// browser take as they are), and without credentials (a link with a
// password in it is not followed nor shown whole). Anything else is text:
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
		if s[i] <= ' ' || s[i] >= 0x7f {
			return "", false
		}
	}
	u, err := url.Parse(s)
	if err != nil || u.Host == "" || u.User != nil || u.Opaque != "" {
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
// printable, any password in it masked.
func (e *Entry) RunbookText() string {
	if e == nil || e.Runbook == "" {
		return ""
	}
	if u, ok := e.RunbookURL(); ok {
		return u
	}
	s := strings.TrimSpace(e.Runbook)
	if u, err := url.Parse(s); err == nil && u.User != nil {
		if _, has := u.User.Password(); has {
			u.User = url.UserPassword(u.User.Username(), "xxxxx")
			s = u.String()
		}
	}
	return Printable(s)
}
