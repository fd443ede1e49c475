package model

import (
	"net/url"
	"strings"
)

// Masked is what a credential is shown as.
const Masked = "***"

// secretWords are the parts of a parameter name, compared without case,
// that say its value is a credential: S3's Signature, X-Amz-Signature,
// X-Amz-Credential, X-Amz-Security-Token and AWSAccessKeyId among them.
var secretWords = []string{"signature", "token", "credential", "key", "secret", "password", "passwd", "auth"}

// secretNames are whole parameter names, compared without case, that carry
// a credential but contain none of secretWords (Azure SAS's sig).
var secretNames = []string{"sig", "pwd"}

// IsSecretParam says whether a URL parameter of this name (as written in
// the URL, percent-encoded or not) carries a credential.
func IsSecretParam(name string) bool {
	if dec, err := url.QueryUnescape(name); err == nil {
		name = dec
	}
	name = strings.ToLower(name)
	for _, w := range secretWords {
		if strings.Contains(name, w) {
			return true
		}
	}
	for _, w := range secretNames {
		if name == w {
			return true
		}
	}
	return false
}

// MaskURL shows one URL without its credentials: the password of its
// userinfo and the value of every query or fragment parameter whose name
// says it is a credential become ***. Everything else is left exactly as it
// was written, so the URL still reads as the one the user gave.
func MaskURL(u string) string {
	var b strings.Builder
	b.Grow(len(u))
	rest := u
	if i := strings.Index(rest, "://"); i >= 0 {
		b.WriteString(rest[:i+3])
		rest = rest[i+3:]
		end := strings.IndexAny(rest, "/?#")
		if end < 0 {
			end = len(rest)
		}
		auth := rest[:end]
		if at := strings.LastIndexByte(auth, '@'); at >= 0 {
			user := auth[:at]
			if c := strings.IndexByte(user, ':'); c >= 0 && c+1 < len(user) {
				user = user[:c+1] + Masked
			}
			auth = user + auth[at:]
		}
		b.WriteString(auth)
		rest = rest[end:]
	}
	q := strings.IndexAny(rest, "?#")
	if q < 0 {
		b.WriteString(rest)
		return b.String()
	}
	b.WriteString(rest[:q+1])
	rest = rest[q+1:]
	// The query, then the fragment (#access_token=... is a credential too).
	if h := strings.IndexByte(rest, '#'); h >= 0 && rest != "" {
		maskParams(&b, rest[:h])
		b.WriteByte('#')
		maskParams(&b, rest[h+1:])
	} else {
		maskParams(&b, rest)
	}
	return b.String()
}

// maskParams writes name=value pairs separated by & or ;, each secret value
// masked, each other value with any URL inside it masked.
func maskParams(b *strings.Builder, s string) {
	for {
		end := strings.IndexAny(s, "&;")
		part := s
		if end >= 0 {
			part = s[:end]
		}
		if eq := strings.IndexByte(part, '='); eq >= 0 {
			name, value := part[:eq], part[eq+1:]
			b.WriteString(name)
			b.WriteByte('=')
			switch {
			case value == "":
			case IsSecretParam(name):
				b.WriteString(Masked)
			default:
				b.WriteString(MaskURLs(value))
			}
		} else {
			b.WriteString(part)
		}
		if end < 0 {
			return
		}
		b.WriteByte(s[end])
		s = s[end+1:]
	}
}

// MaskURLs masks every URL in a longer text (an error from net/http names
// the URL it failed on). A URL is found by its "://", begins with the scheme
// before it and ends at whitespace, a quote or an angle bracket, less any
// ':', ',', ';' or ')' it ends with.
func MaskURLs(s string) string {
	if !strings.Contains(s, "://") {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	last, pos := 0, 0
	for {
		k := strings.Index(s[pos:], "://")
		if k < 0 {
			break
		}
		k += pos
		start := k
		for start > last && isSchemeByte(s[start-1]) {
			start--
		}
		end := k + 3
		for end < len(s) && !endsURL(s[end]) {
			end++
		}
		// Punctuation that ends the sentence rather than the URL ("URL: why")
		// stays outside it.
		for end > k+3 && strings.IndexByte(":,;)", s[end-1]) >= 0 {
			end--
		}
		b.WriteString(s[last:start])
		b.WriteString(MaskURL(s[start:end]))
		last, pos = end, end
	}
	b.WriteString(s[last:])
	return b.String()
}

func isSchemeByte(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '+' || c == '-' || c == '.'
}

func endsURL(c byte) bool {
	switch c {
	case ' ', '\t', '\n', '\r', '\v', '\f', '"', '\'', '`', '<', '>':
		return true
	}
	return false
}
