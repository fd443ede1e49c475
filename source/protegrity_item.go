package source

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"unicode/utf8"

	"github.com/errscope/errscope/model"
)

// The parts of the Protegrity decoder below the document: bulk scalars,
// data items, and what an item becomes as a record.

// bulkRaw is the bulk object's bytes from the document's capture, shortened
// past pgRawMax.
func (p *protegrity) bulkRaw(start, end int64) []byte {
	c := &p.c
	all := c.captured(c.pos)
	lo, hi := start-c.capStart, end-c.capStart
	if lo < 0 || lo > int64(len(all)) {
		return nil
	}
	short := false
	if hi > int64(len(all)) {
		hi, short = int64(len(all)), true
	}
	if hi-lo > pgRawMax {
		hi, short = lo+pgRawMax, true
	}
	if !short {
		return all[lo:hi]
	}
	p.raw = append(p.raw[:0], all[lo:hi]...)
	p.raw = fmt.Appendf(p.raw, "... (%d bytes)", end-start)
	return p.raw
}

// scalar reads a member's value into *dst: a string decoded, a number or
// literal as written (null: ok false). Objects and arrays are skipped.
func (p *protegrity) scalar(dst *[]byte) (ok bool, err error) {
	c := &p.c
	ch := c.buf[c.pos]
	if ch == '{' || ch == '[' {
		_, err := p.skipValue()
		return false, err
	}
	end, err := c.valueSpan()
	var cut *spanCut
	if errors.As(err, &cut) {
		*dst = fmt.Appendf((*dst)[:0], "(a value of %s bytes, longer than the limit: not read)", model.Thousands(cut.n))
		return true, nil
	}
	if err != nil {
		return false, err
	}
	tok := c.buf[c.pos:end]
	vend, verr := scanValue(tok, 0, 1)
	if verr != nil || vend != len(tok) {
		c.mark = -1
		return false, c.syntaxAt(verr, c.pos)
	}
	switch {
	case ch == '"':
		_, esc, _ := scanString(tok, 0)
		*dst = append((*dst)[:0], stringValue(tok, esc)...)
		ok = true
	case ch != 'n':
		*dst = append((*dst)[:0], tok...)
		ok = true
	}
	c.pos, c.mark = end, -1
	return ok, nil
}

// skipValue passes over one value, validating it when it is not huge, and
// returns its first byte.
func (p *protegrity) skipValue() (byte, error) {
	c := &p.c
	ch := c.buf[c.pos]
	if !isValueStart(ch) {
		return ch, c.syntax(c.pos, "expected a value, found "+quoteByte(ch))
	}
	end, held, err := c.skipSpan(pgSkipHold)
	if err != nil {
		return ch, err
	}
	if held {
		if vend, verr := scanValue(c.buf[:end], c.pos, 1); verr != nil || vend != end {
			c.mark = -1
			if verr == nil {
				verr = &syntaxError{vend, "unexpected " + quoteByte(c.buf[vend])}
			}
			return ch, c.syntaxAt(verr, 0)
		}
	}
	c.pos, c.mark = end, -1
	return ch, nil
}

// lookaheadID finds the id of a bulk whose data comes before its id (keys
// sorted: "data", "id", "returntype"), when the rest of the bulk is within
// pgLookahead bytes. c.pos is at data's '['. Errors are left for the walk.
func (p *protegrity) lookaheadID() {
	c := &p.c
	c.mark = c.pos
	defer func() { c.mark = -1 }()
	s := spanScan{depth: 1, stopNL: c.nlStop}
	off := 0
	for {
		n, st := s.feed(c.buf[c.pos+off : c.end])
		off += n
		if st == spanDone {
			break
		}
		if st != spanMore || off > pgLookahead || !c.fill() {
			return
		}
	}
	b := c.buf[c.pos : c.pos+off]
	i, err := scanValue(b, 0, 1)
	if err != nil {
		return
	}
	var id []byte
	found := false
	for {
		i = skipWS(b, i)
		if i >= len(b) || b[i] != ',' {
			break
		}
		i = skipWS(b, i+1)
		if i >= len(b) || b[i] != '"' {
			return
		}
		kend, esc, err := scanString(b, i)
		if err != nil {
			return
		}
		m := member{key: b[i+1 : kend-1], keyEscaped: esc}
		i = skipWS(b, kend)
		if i >= len(b) || b[i] != ':' {
			return
		}
		i = skipWS(b, i+1)
		vend, err := scanValue(b, i, 1)
		if err != nil {
			return
		}
		if keyOf(&m) == keyID {
			switch b[i] {
			case '"':
				_, esc, _ := scanString(b, i)
				id, found = stringValue(b[i:vend], esc), true
			case 'n':
				id, found = nil, false
			case '{', '[':
			default:
				id, found = b[i:vend], true
			}
		}
		i = vend
	}
	if found {
		p.bulk.id = append(p.bulk.id[:0], id...)
		p.bulk.hasID = true
	}
}

// items streams the data array at c.pos.
func (p *protegrity) items(op []byte) error {
	c := &p.c
	c.pos++
	for idx := 1; ; idx++ {
		if err := c.mustWS(); err != nil {
			return err
		}
		if idx == 1 && c.buf[c.pos] == ']' {
			c.pos++
			return nil
		}
		if c.buf[c.pos] == '{' {
			if err := p.item(op, idx); err != nil {
				return err
			}
		} else {
			line := c.lineAt(c.pos)
			start := c.off(c.pos)
			ch, err := p.skipValue()
			if err != nil {
				return err
			}
			p.bulk.items++
			p.bad(fmt.Sprintf("data item %d of a %s is %s, not a JSON object", idx, model.Protegrity.Name, valueKind(ch)),
				p.since(start), line)
		}
		if done, err := p.nextElement("a data item"); done || err != nil {
			return err
		}
	}
}

// since gives the bytes from stream offset start to c.pos, or the part of
// them the buffer still holds, at most MaxBadRaw.
func (p *protegrity) since(start int64) []byte {
	c := &p.c
	i := int(max(start-c.base, 0))
	return c.buf[i:min(c.pos, i+model.MaxBadRaw)]
}

// item decodes one data item (an object at c.pos) and hands it over.
func (p *protegrity) item(op []byte, idx int) error {
	c := &p.c
	line := c.lineAt(c.pos)
	// Most items lie whole in the buffer: scanObject finds their end as it
	// validates them (it cannot succeed on a part of an object: the closing
	// brace would be missing). When it fails, find the end with the span
	// scanner, reading on, and validate again.
	ms, n, serr := scanObject(c.buf[c.pos:c.end], 0, p.members)
	end := c.pos + n
	if serr == nil && c.nlStop && bytes.IndexByte(c.buf[c.pos:end], '\n') >= 0 {
		serr = errNewline // NDJSON: let the span scanner say where the line ends
	}
	if serr != nil {
		var err error
		if end, err = c.valueSpan(); err != nil {
			var cut *spanCut
			if errors.As(err, &cut) {
				p.bulk.items++
				p.bad(cutReason(fmt.Sprintf("data item %d", idx), cut.n, c.max, len(cut.kept)), cut.kept, line)
				return nil
			}
			return err
		}
		span := c.buf[c.pos:end]
		ms, n, serr = scanObject(span, 0, p.members)
		if serr == nil && n != len(span) {
			serr = &syntaxError{n, "unexpected " + quoteByte(span[n])}
		}
		if serr != nil {
			p.members = ms
			c.mark = -1
			return c.syntaxAt(serr, c.pos)
		}
	}
	p.members = ms
	if n := end - c.pos; n > c.max {
		// Whole in the buffer, but longer than the limit all the same.
		p.bulk.items++
		kept := c.buf[c.pos : c.pos+min(c.max, model.MaxBadRaw)]
		c.pos, c.mark = end, -1
		p.bad(cutReason(fmt.Sprintf("data item %d", idx), int64(n), c.max, len(kept)), kept, line)
		return nil
	}
	span := c.buf[c.pos:end]
	var id, rc, rt, msg, content *member
	for i := range ms {
		switch keyOf(&ms[i]) {
		case keyID:
			id = &ms[i]
		case keyReturncode:
			rc = &ms[i]
		case keyReturntype:
			rt = &ms[i]
		case keyMessage:
			msg = &ms[i]
		case keyContent:
			content = &ms[i]
		}
	}
	b := &p.bulk
	b.items++
	r := &p.rec
	*r = model.Rec{Source: p.src, Line: line, Format: model.Protegrity.ID, Op: op, Raw: span, Whole: span, Doc: p.docN}
	if p.bulk.hasID {
		r.Bulk = p.bulk.id
	}
	holes := p.holes[:0]

	ref := p.refPrefix(p.ref[:0])
	ref = append(ref, '/')
	switch {
	case id != nil && id.kind == '0':
		ref = append(ref, span[id.start:id.end]...)
		holes = append(holes, model.Hole{Field: model.FieldRefTail, Start: id.start, End: id.end})
	case id != nil && id.kind == '"':
		ref = append(ref, stringValue(span[id.start:id.end], id.escaped)...)
	default:
		ref = append(ref, '#')
		ref = strconv.AppendInt(ref, int64(idx), 10)
	}
	p.ref = ref
	r.Ref = ref

	if rt != nil && rt.kind == '"' {
		v := stringValue(span[rt.start:rt.end], rt.escaped)
		switch {
		case string(v) == "error":
			r.Type, r.HasType = model.TypeError, true
		case string(v) == "success":
			r.Type, r.HasType = model.TypeSuccess, true
		case bytes.EqualFold(v, []byte("error")):
			r.Type, r.HasType = model.TypeError, true
		case bytes.EqualFold(v, []byte("warning")):
			r.Type, r.HasType = model.TypeWarning, true
		case bytes.EqualFold(v, []byte("success")):
			r.Type, r.HasType = model.TypeSuccess, true
		}
	}
	switch {
	case rc != nil && rc.kind == '"':
		r.Code = returnCode(stringValue(span[rc.start:rc.end], rc.escaped))
	case rc != nil && rc.kind == '0':
		r.Code = span[rc.start:rc.end]
	case r.HasType && r.Type == model.TypeWarning:
		r.Code = codeWarning
	}
	if msg != nil {
		switch msg.kind {
		case '"':
			r.Msg = stringValue(span[msg.start:msg.end], msg.escaped)
			if !msg.escaped {
				holes = append(holes, model.Hole{Field: model.FieldMsg, Start: msg.start, End: msg.end})
			}
		case 'n':
		default:
			r.Msg = span[msg.start:msg.end]
		}
	}
	if content != nil && content.kind == '"' {
		if raw, delta, ok := p.shorten(span, content); ok {
			r.Raw = raw
			for i := range holes {
				if holes[i].Start >= content.end {
					holes[i].Start += delta
					holes[i].End += delta
				}
			}
		}
	}
	sortHoles(holes)
	r.Holes = holes
	c.pos, c.mark = end, -1
	p.emit()
	return nil
}

var errNewline = errors.New("newline")

// returnCode is the number at the end of "/rest-v1/returncodes/id/22", or
// the whole string when it does not end in one.
func returnCode(v []byte) []byte {
	i := len(v)
	for i > 0 && '0' <= v[i-1] && v[i-1] <= '9' {
		i--
	}
	if i < len(v) && (i == 0 || v[i-1] == '/') {
		return v[i:]
	}
	return v
}

// shorten writes span with its content string replaced by "... (N chars)",
// when it holds more than 16.
func (p *protegrity) shorten(span []byte, m *member) (raw []byte, delta int, ok bool) {
	inner := span[m.start+1 : m.end-1]
	total := len(inner)
	if m.escaped || !isASCII(inner) {
		_, total = charsAt(inner, 8)
	}
	if total <= 16 {
		return nil, 0, false
	}
	b := append(p.raw[:0], span[:m.start+1]...)
	b = append(b, "... ("...)
	b = strconv.AppendInt(b, int64(total), 10)
	b = append(b, " chars)"...)
	b = append(b, span[m.end-1:]...)
	p.raw = b
	return b, len(b) - len(span), true
}

func isASCII(b []byte) bool {
	for _, c := range b {
		if c >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// charsAt counts the characters of a string token's inside (an escape is
// one) and finds where its k-th begins.
func charsAt(inner []byte, k int) (cut, total int) {
	cut = len(inner)
	for i := 0; i < len(inner); total++ {
		if total == k {
			cut = i
		}
		switch c := inner[i]; {
		case c == '\\' && i+1 < len(inner) && inner[i+1] == 'u':
			i += 6
		case c == '\\':
			i += 2
		case c < utf8.RuneSelf:
			i++
		default:
			_, n := utf8.DecodeRune(inner[i:])
			i += n
		}
	}
	return cut, total
}

// refPrefix appends "<doc>:" when refs are numbered, and the bulk id.
func (p *protegrity) refPrefix(b []byte) []byte {
	if p.multi {
		b = strconv.AppendInt(b, int64(p.docN), 10)
		b = append(b, ':')
	}
	if p.bulk.hasID {
		return append(b, p.bulk.id...)
	}
	return append(b, '?')
}

func (p *protegrity) emit() {
	p.sink.Add(&p.rec)
	p.step()
}

// step counts a record or a document, and looks at the context every few
// thousand.
func (p *protegrity) step() error {
	p.tick++
	if p.tick&4095 == 0 && p.ctxErr == nil {
		p.ctxErr = p.ctx.Err()
	}
	return p.ctxErr
}

func (p *protegrity) bad(why string, raw []byte, line int) {
	p.rec = model.Rec{Source: p.src, Line: line, Format: model.Protegrity.ID, Raw: raw, Bad: why}
	p.emit()
}

// badSyntax reports where the JSON broke: the document's bytes up to the end
// of the line where it broke.
func (p *protegrity) badSyntax(se *pgSyntax) {
	c := &p.c
	line := c.lineAtOff(se.off)
	raw := c.captureLine(se.off, p.docLine == line)
	why := fmt.Sprintf("broken JSON on line %d (byte %d of the input): %s", line, se.off+1, se.msg)
	if p.docLine > 0 && p.docLine < line {
		why += fmt.Sprintf(" (in the document that starts on line %d)", p.docLine)
	}
	start := p.docLine
	if start == 0 || start > line {
		start = line
	}
	p.bad(why, raw, start)
}
