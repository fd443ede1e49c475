package report

import (
	"strings"

	"github.com/errscope/errscope/model"
)

// mdText makes text safe to stand in Markdown as plain text: made printable
// (one line, no control bytes), HTML written as entities (&lt;script&gt;
// shows, does not run), Markdown's marks escaped so that nothing becomes
// emphasis, code, a table cell's end, a link or a heading, and no URL
// becomes a link by GitHub's autolinking. Only mdLink makes links.
func mdText(s string) string {
	s = model.Printable(s)
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case '&':
			b.WriteString("&amp;")
			continue
		case '<':
			b.WriteString("&lt;")
			continue
		case '>':
			b.WriteString("&gt;")
			continue
		case '\\', '`', '*', '_', '[', ']', '|', '~', '#', '$', '!':
			b.WriteByte('\\')
		case ':':
			// "https://" in text would be autolinked.
			if strings.HasPrefix(s[i+1:], "//") {
				b.WriteByte('\\')
			}
		case '.':
			// So would "www.".
			if i >= 3 && strings.EqualFold(s[i-3:i], "www") {
				b.WriteByte('\\')
			}
		case '@':
			// And "team@example.com".
			b.WriteByte('\\')
		}
		if i == 0 && strings.IndexByte("-+=", c) >= 0 {
			b.WriteByte('\\') // a list item or a heading underline
		}
		b.WriteByte(c)
	}
	out := b.String()
	// "1. text" at the start would be a numbered list.
	if n := len(out) - len(strings.TrimLeft(out, "0123456789")); n > 0 && n < len(out) && (out[n] == '.' || out[n] == ')') {
		out = out[:n] + `\` + out[n:]
	}
	return out
}

// mdLink is a runbook as Markdown: a link when it is an http or https URL
// (model.LinkURL), else its text, escaped.
func mdLink(e *model.Entry) string {
	if e == nil || e.Runbook == "" {
		return ""
	}
	u, ok := e.RunbookURL()
	if !ok {
		return mdText(e.RunbookText())
	}
	// LinkURL leaves only RFC 3986 characters; of those, parentheses
	// would end the destination.
	dest := strings.NewReplacer("(", "%28", ")", "%29").Replace(u)
	return "[" + mdText(u) + "](" + dest + ")"
}
