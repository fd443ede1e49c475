package source

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"unicode/utf8"

	"github.com/errscope/errscope/model"
)

// protegrity decodes Protegrity Application Protector REST v1 bulk responses:
//
//	{"bulk": {"id": 1, "returntype": "error", "data": [ITEM, ...]}}
//
// possibly wrapped by the operation ({"protect": {"bulk": ...}}, likewise
// unprotect and reprotect), one document to a file (pretty-printed or on one
// line), a JSON array of documents, or one document a line (NDJSON). Each
// data item becomes one record.
//
// It streams: a cursor over the reader keeps only the bytes of the item being
// decoded (and a buffer of 256 KiB), so a document of any size or an array of
// any number of documents is read in constant memory (but for a single item
// or a single bulk id/message/key, which is held whole). The structure above
// the items is walked by hand; each item's span is found with a string- and
// nesting-aware scan and then validated and split with scanObject.
//
// Refs are "<bulk id>/<data id>", as written. When the file holds several
// documents, the document's 1-based position comes first: "<doc>:<bulk
// id>/<data id>". Since records leave before the end of the file is known:
//   - documents inside a top-level array are always numbered ("1:1/2");
//   - a file whose first document is on one line and is followed by another
//     value (seen within the first 256 KiB) is NDJSON: numbered from 1;
//   - otherwise the first document is not numbered, and any later one is
//     ("2:1/7"); when the first was on one line, the file is taken for
//     NDJSON from then on.
//
// An item without an id is named by its position in data ("1/#3"); a bulk
// without an id before its data (nor after it, within the first 4 MiB of
// the bulk after data starts) is named "?".
//
// An item's Raw is its bytes as read, but that a "content" string of more
// than 16 characters is replaced by "... (N chars)": base64 payloads are
// never shown nor kept, and without them the items of a response share a
// few templates in the store (keeping even 8 characters made each success
// item's bytes unique: 1M items took 381-509 MB instead of 57 MB). A bulk without items whose returntype
// is error, or that has a message, is one record of code "bulk-error"; a
// document without a bulk object, a value that is not an object where a
// document should be, and a bulk without a data array are bad records.
//
// A syntax error becomes one bad record saying where the JSON broke. In an
// NDJSON file decoding goes on at the next line (a newline inside a document
// is then a syntax error, as in any JSON-lines log); otherwise it stops there
// and Decode returns nil: the bad record says it. A stream that ends inside a
// document returns io.ErrUnexpectedEOF (or the reader's own error) after every
// complete item before the cut.
type protegrity struct {
	c    cursor
	ctx  context.Context
	src  int
	sink model.Sink

	rec     model.Rec
	members []member
	holes   [2]model.Hole
	ref     []byte
	raw     []byte
	tick    int // records and documents since the start, for ctx checks
	ctxErr  error
	docN    int  // documents started (values at the top level or in an array)
	multi   bool // refs carry the document's position
	lines   bool // NDJSON: one document a line, resynchronize at the next line
	docLine int  // line on which the current document starts

	docBulks int // bulk objects walked in the current document

	bulk struct {
		id, rtype, msg []byte
		hasID, hasMsg  bool
		hasData        bool // a data array (maybe empty)
		items          int
		start, line    int64
	}
}

func newProtegrity() *protegrity { return &protegrity{} }

// pgSyntax is a syntax error at a stream offset.
type pgSyntax struct {
	off    int64
	msg    string
	resync bool // outside any document: go on at the next line
}

func (e *pgSyntax) Error() string { return fmt.Sprintf("%s at byte %d", e.msg, e.off+1) }

var (
	opProtect   = []byte("protect")
	opUnprotect = []byte("unprotect")
	opReprotect = []byte("reprotect")
	codeWarning = []byte("warning")
	codeBulkErr = []byte("bulk-error")
)

const (
	pgLookahead = 4 << 20  // how far to look past data for a bulk's id
	pgSkipHold  = 1 << 20  // ignored values up to this size are validated
	pgRawMax    = 64 << 10 // a bulk-error record's raw bytes
)

// Decode reads r to its end, handing each item to sink as it is read.
func (p *protegrity) Decode(ctx context.Context, r io.Reader, src int, sink model.Sink) error {
	*p = protegrity{members: p.members, ref: p.ref[:0], raw: p.raw[:0]}
	p.ctx, p.src, p.sink = ctx, src, sink
	p.c.init(r)
	c := &p.c
	if c.need(3) && bytes.HasPrefix(c.buf[c.pos:c.end], bom) {
		c.pos += 3
		c.linePos = c.pos
	}
	for {
		more, err := c.skipWS()
		if err != nil {
			return err
		}
		if !more {
			return c.readErr()
		}
		if p.ctxErr != nil {
			return p.ctxErr
		}
		c.nlStop = p.lines
		switch c.buf[c.pos] {
		case '[':
			p.multi = true
			err = p.array()
		case '{':
			if p.docN == 0 {
				p.detectLines()
			}
			if err = p.doc(true); err == nil && p.lines {
				err = c.lineEnd()
			}
		default:
			err = p.notObject(false)
		}
		c.nlStop = false
		if err == nil {
			continue
		}
		var se *pgSyntax
		if !errors.As(err, &se) {
			return err
		}
		p.badSyntax(se)
		if !p.lines && !se.resync {
			return nil
		}
		if err := p.c.skipLine(se.off); err != nil {
			return err
		}
	}
}

// detectLines decides, from what the first read holds, whether the file is
// NDJSON: a first document on one line, followed by another value.
func (p *protegrity) detectLines() {
	c := &p.c
	c.mark = c.pos
	for c.end < len(c.buf) && c.err == nil {
		c.fill()
	}
	c.mark = -1
	var s spanScan
	n, st := s.feed(c.buf[c.pos:c.end])
	if st != spanDone || s.sawNL {
		return
	}
	rest := c.buf[c.pos+n : c.end]
	if i := skipWS(rest, 0); i < len(rest) {
		p.lines, p.multi = true, true
	}
}

// array walks a top-level array of documents.
func (p *protegrity) array() error {
	c := &p.c
	c.pos++
	for first := true; ; first = false {
		if err := c.mustWS(); err != nil {
			return err
		}
		if first && c.buf[c.pos] == ']' {
			c.pos++
			return nil
		}
		var err error
		if c.buf[c.pos] == '{' {
			err = p.doc(false)
		} else {
			err = p.notObject(true)
		}
		if err != nil {
			return err
		}
		if p.ctxErr != nil {
			return p.ctxErr
		}
		if err := c.mustWS(); err != nil {
			return err
		}
		switch c.buf[c.pos] {
		case ',':
			c.pos++
		case ']':
			c.pos++
			return nil
		default:
			return c.syntax(c.pos, "expected ',' or ']' after a document in the array")
		}
	}
}

// notObject reads a value that is not an object where a document should be:
// a bad record when it is JSON, else a syntax error.
func (p *protegrity) notObject(inArray bool) error {
	c := &p.c
	p.docN++
	p.docLine = c.lineAt(c.pos)
	c.startCapture()
	ch := c.buf[c.pos]
	var err error
	if !isValueStart(ch) {
		err = c.syntax(c.pos, "expected a document (a JSON object), found "+quoteByte(ch))
	} else if _, err = p.skipValue(); err == nil && !inArray && p.lines {
		err = c.lineEnd() // NDJSON: a line of "x":2} is one bad line
	}
	if err != nil {
		var se *pgSyntax
		if !inArray && errors.As(err, &se) {
			se.resync = true
		}
		return err
	}
	p.bad("not a Protegrity bulk response: the document is "+valueKind(ch)+", not a JSON object", c.captured(c.pos), p.docLine)
	return nil
}

func valueKind(ch byte) string {
	switch ch {
	case '"':
		return "a string"
	case '[':
		return "an array"
	case '{':
		return "an object"
	case 't', 'f':
		return "a boolean"
	case 'n':
		return "null"
	}
	return "a number"
}

func isValueStart(ch byte) bool {
	switch ch {
	case '{', '[', '"', '-', 't', 'f', 'n':
		return true
	}
	return '0' <= ch && ch <= '9'
}

// key names the members the decoder looks at.
type key uint8

const (
	keyOther key = iota
	keyBulk
	keyProtect
	keyUnprotect
	keyReprotect
	keyID
	keyReturntype
	keyReturncode
	keyMessage
	keyData
	keyContent
)

var keyNames = [...]string{"", "bulk", "protect", "unprotect", "reprotect", "id", "returntype", "returncode", "message", "data", "content"}

func keyOf(m *member) key {
	if m.keyEscaped {
		for k := keyBulk; int(k) < len(keyNames); k++ {
			if m.keyIs(keyNames[k]) {
				return k
			}
		}
		return keyOther
	}
	switch string(m.key) {
	case "bulk":
		return keyBulk
	case "protect":
		return keyProtect
	case "unprotect":
		return keyUnprotect
	case "reprotect":
		return keyReprotect
	case "id":
		return keyID
	case "returntype":
		return keyReturntype
	case "returncode":
		return keyReturncode
	case "message":
		return keyMessage
	case "data":
		return keyData
	case "content":
		return keyContent
	}
	return keyOther
}

// nextKey reads up to the next member's value of the object being walked
// (first: just past its '{'), or past the object's '}' (ok false).
func (p *protegrity) nextKey(first bool) (k key, ok bool, err error) {
	c := &p.c
	if err := c.mustWS(); err != nil {
		return 0, false, err
	}
	ch := c.buf[c.pos]
	if ch == '}' && first {
		c.pos++
		return 0, false, nil
	}
	if !first {
		switch ch {
		case '}':
			c.pos++
			return 0, false, nil
		case ',':
			c.pos++
			if err := c.mustWS(); err != nil {
				return 0, false, err
			}
		default:
			return 0, false, c.syntax(c.pos, "expected ',' or '}'")
		}
	}
	if c.buf[c.pos] != '"' {
		return 0, false, c.syntax(c.pos, "expected a key")
	}
	end, err := c.valueSpan()
	if err != nil {
		return 0, false, err
	}
	kend, esc, serr := scanString(c.buf[:end], c.pos)
	if serr != nil || kend != end {
		c.mark = -1
		return 0, false, c.syntaxAt(serr, 0)
	}
	m := member{key: c.buf[c.pos+1 : end-1], keyEscaped: esc}
	k = keyOf(&m)
	c.pos, c.mark = end, -1
	if err := c.mustWS(); err != nil {
		return 0, false, err
	}
	if c.buf[c.pos] != ':' {
		return 0, false, c.syntax(c.pos, "expected ':' after a key")
	}
	c.pos++
	if err := c.mustWS(); err != nil {
		return 0, false, err
	}
	return k, true, nil
}

// doc walks one document (an object) at c.pos; top: not in an array.
func (p *protegrity) doc(top bool) error {
	c := &p.c
	if err := p.step(); err != nil {
		return err
	}
	p.docN++
	if p.docN > 1 {
		p.multi = true
	}
	p.docLine = c.lineAt(c.pos)
	p.docBulks = 0
	c.startCapture()
	c.pos++
	for first := true; ; first = false {
		k, ok, err := p.nextKey(first)
		if err != nil {
			return err
		}
		if !ok {
			break
		}
		var op []byte
		switch k {
		case keyBulk:
			if c.buf[c.pos] == '{' {
				if err := p.bulkObject(nil); err != nil {
					return err
				}
				continue
			}
		case keyProtect:
			op = opProtect
		case keyUnprotect:
			op = opUnprotect
		case keyReprotect:
			op = opReprotect
		}
		if op != nil && c.buf[c.pos] == '{' {
			if err := p.wrapper(op); err != nil {
				return err
			}
			continue
		}
		if _, err := p.skipValue(); err != nil {
			return err
		}
	}
	if p.docBulks == 0 {
		p.bad(`not a Protegrity bulk response: no "bulk" object (nor "protect", "unprotect" or "reprotect" holding one)`,
			c.captured(c.pos), p.docLine)
	}
	if top && p.docN == 1 && !p.lines && p.docLine == c.lineAt(c.pos) {
		// A first document on one line: any document after it is one a line.
		p.lines = true
	}
	return nil
}

// wrapper walks {"bulk": ...} under an operation's key.
func (p *protegrity) wrapper(op []byte) error {
	c := &p.c
	c.pos++
	for first := true; ; first = false {
		k, ok, err := p.nextKey(first)
		if err != nil || !ok {
			return err
		}
		if k == keyBulk && c.buf[c.pos] == '{' {
			if err := p.bulkObject(op); err != nil {
				return err
			}
			continue
		}
		if _, err := p.skipValue(); err != nil {
			return err
		}
	}
}

// bulkObject walks a bulk object, streaming its data items.
func (p *protegrity) bulkObject(op []byte) error {
	c := &p.c
	b := &p.bulk
	b.id, b.rtype, b.msg = b.id[:0], b.rtype[:0], b.msg[:0]
	b.hasID, b.hasMsg, b.hasData, b.items = false, false, false, 0
	b.line = int64(c.lineAt(c.pos))
	b.start = c.off(c.pos)
	p.docBulks++
	c.pos++
	for first := true; ; first = false {
		k, ok, err := p.nextKey(first)
		if err != nil {
			return err
		}
		if !ok {
			break
		}
		switch k {
		case keyID:
			if ok, err := p.scalar(&b.id); err != nil {
				return err
			} else if ok {
				b.hasID = true
			}
			continue
		case keyReturntype:
			if _, err := p.scalar(&b.rtype); err != nil {
				return err
			}
			continue
		case keyMessage:
			if ok, err := p.scalar(&b.msg); err != nil {
				return err
			} else if ok {
				b.hasMsg = true
			}
			continue
		case keyData:
			if c.buf[c.pos] == '[' {
				b.hasData = true
				if !b.hasID {
					p.lookaheadID()
				}
				if err := p.items(op); err != nil {
					return err
				}
				continue
			}
		}
		if _, err := p.skipValue(); err != nil {
			return err
		}
	}
	if b.items > 0 {
		return nil
	}
	if bytes.EqualFold(b.rtype, []byte("error")) || b.hasMsg {
		raw := p.bulkRaw(b.start, c.off(c.pos))
		p.ref = p.refPrefix(p.ref[:0])
		p.rec = model.Rec{
			Source: p.src, Line: int(b.line), Format: FormatProtegrity, Ref: p.ref, Code: codeBulkErr,
			Msg: b.msg, Op: op, Type: model.TypeError, HasType: true, Raw: raw,
		}
		p.emit()
	} else if !b.hasData {
		p.bad(`a Protegrity bulk response without a "data" array of items`, p.bulkRaw(b.start, c.off(c.pos)), int(b.line))
	}
	return nil
}

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
			p.bad(fmt.Sprintf("data item %d of a Protegrity bulk response is %s, not a JSON object", idx, valueKind(ch)),
				p.since(start), line)
		}
		if p.ctxErr != nil {
			return p.ctxErr
		}
		if err := c.mustWS(); err != nil {
			return err
		}
		switch c.buf[c.pos] {
		case ',':
			c.pos++
		case ']':
			c.pos++
			return nil
		default:
			return c.syntax(c.pos, "expected ',' or ']' after a data item")
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
	*r = model.Rec{Source: p.src, Line: line, Format: FormatProtegrity, Op: op, Raw: span}
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
	p.rec = model.Rec{Source: p.src, Line: line, Format: FormatProtegrity, Raw: raw, Bad: why}
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

// cursor is a buffered reader of the input that can hold the bytes from a
// mark on, and count lines as it goes.
type cursor struct {
	r        io.Reader
	buf      []byte
	pos, end int
	mark     int   // index of the first byte to keep on a refill; -1: none
	base     int64 // stream offset of buf[0]
	err      error // the read error that ended the stream (io.EOF)
	line     int   // line of buf[linePos]
	linePos  int
	nlStop   bool // a newline outside strings is not white space (NDJSON)

	// capture copies the bytes from capStart on (up to model.MaxBadRaw)
	// as the buffer lets them go.
	capOn    bool
	capFrom  int
	capStart int64
	capBuf   []byte
}

func (c *cursor) init(r io.Reader) {
	buf, capBuf := c.buf, c.capBuf[:0]
	if len(buf) != 256<<10 {
		buf = make([]byte, 256<<10)
	}
	*c = cursor{r: r, buf: buf, mark: -1, line: 1, capBuf: capBuf}
}

func (c *cursor) off(i int) int64 { return c.base + int64(i) }

// fill reads more bytes, dropping those before min(pos, mark) and growing
// the buffer when the held bytes fill it. It reports whether bytes came.
func (c *cursor) fill() bool {
	if c.err != nil {
		return false
	}
	keep := c.pos
	if c.mark >= 0 && c.mark < keep {
		keep = c.mark
	}
	if keep > 0 {
		c.spill(keep)
		if c.linePos < keep {
			c.line += bytes.Count(c.buf[c.linePos:keep], nl)
			c.linePos = keep
		}
		copy(c.buf, c.buf[keep:c.end])
		c.pos -= keep
		c.end -= keep
		c.linePos -= keep
		if c.mark >= 0 {
			c.mark -= keep
		}
		c.capFrom = max(c.capFrom-keep, 0)
		c.base += int64(keep)
	}
	if c.end == len(c.buf) {
		nb := make([]byte, 2*len(c.buf))
		copy(nb, c.buf[:c.end])
		c.buf = nb
	}
	for tries := 0; ; tries++ {
		n, err := c.r.Read(c.buf[c.end:])
		c.end += n
		if err != nil {
			c.err = err
			return n > 0
		}
		if n > 0 {
			return true
		}
		if tries == 100 {
			c.err = io.ErrNoProgress
			return false
		}
	}
}

var nl = []byte{'\n'}

// need makes n bytes available at pos if the stream has them.
func (c *cursor) need(n int) bool {
	for c.end-c.pos < n {
		if !c.fill() {
			return false
		}
	}
	return true
}

// readErr is the stream's error, nil for a clean end.
func (c *cursor) readErr() error {
	if c.err == io.EOF {
		return nil
	}
	return c.err
}

// cutErr is the error for a stream that ends inside a document.
func (c *cursor) cutErr() error {
	if c.err == io.EOF || c.err == nil {
		return io.ErrUnexpectedEOF
	}
	return c.err
}

// skipWS moves past white space; more is false at the end of the stream.
func (c *cursor) skipWS() (more bool, err error) {
	for {
		for c.pos < c.end {
			switch c.buf[c.pos] {
			case ' ', '\t', '\r':
				c.pos++
			case '\n':
				if c.nlStop {
					return true, nil
				}
				c.pos++
			default:
				return true, nil
			}
		}
		if !c.fill() {
			if c.err != nil && c.err != io.EOF {
				return false, c.err
			}
			return false, nil
		}
	}
}

// mustWS moves past white space inside a document, where the stream may not
// end. In NDJSON, a newline is a syntax error here.
func (c *cursor) mustWS() error {
	more, err := c.skipWS()
	if err != nil {
		return err
	}
	if !more {
		return c.cutErr()
	}
	if c.buf[c.pos] == '\n' {
		return c.syntax(c.pos, "the line ends inside the document")
	}
	return nil
}

// lineEnd checks that only white space follows a document on its line.
func (c *cursor) lineEnd() error {
	for {
		for ; c.pos < c.end; c.pos++ {
			switch c.buf[c.pos] {
			case ' ', '\t', '\r':
			case '\n':
				return nil
			default:
				return &pgSyntax{off: c.off(c.pos), msg: "text after the document", resync: true}
			}
		}
		if !c.fill() {
			return c.readErr()
		}
	}
}

func (c *cursor) syntax(i int, msg string) error {
	return &pgSyntax{off: c.off(i), msg: msg}
}

// syntaxAt turns a syntaxError from scanning buf[base:] into a pgSyntax.
func (c *cursor) syntaxAt(err error, base int) error {
	var se *syntaxError
	if errors.As(err, &se) {
		return &pgSyntax{off: c.off(base + se.off), msg: se.msg}
	}
	return &pgSyntax{off: c.off(base), msg: "invalid JSON"}
}

// lineAt is the line of buf[i]; i should not go backwards much: lines are
// counted forwards.
func (c *cursor) lineAt(i int) int {
	if i >= c.linePos {
		c.line += bytes.Count(c.buf[c.linePos:i], nl)
		c.linePos = i
		return c.line
	}
	if i < 0 {
		i = 0
	}
	return c.line - bytes.Count(c.buf[i:c.linePos], nl)
}

func (c *cursor) lineAtOff(off int64) int {
	i := off - c.base
	if i > int64(c.end) {
		i = int64(c.end)
	}
	return c.lineAt(int(i))
}

// spanStatus is how far a spanScan got.
type spanStatus uint8

const (
	spanMore spanStatus = iota // the value goes on past the bytes fed
	spanDone
	spanBad // a control character in a string, or a newline under stopNL
)

// spanScan finds where a JSON value ends, knowing only strings and nesting:
// scanObject or scanValue validates the span afterwards.
type spanScan struct {
	depth   int
	started bool
	inStr   bool
	esc     bool
	scalar  bool
	stopNL  bool
	sawNL   bool
}

var spanClass = func() (t [256]uint8) {
	for _, c := range "{}[]\"\n" {
		t[c] = 1
	}
	return
}()

var strClass = func() (t [256]uint8) {
	for c := 0; c < 0x20; c++ {
		t[c] = 1
	}
	t['"'], t['\\'] = 1, 1
	return
}()

// feed scans b, the bytes after those fed before; it returns how many bytes
// it used: up to the end of the value (spanDone), all (spanMore), or up to
// the offending byte (spanBad).
func (s *spanScan) feed(b []byte) (int, spanStatus) {
	i := 0
	if !s.started && len(b) > 0 {
		s.started = true
		switch b[0] {
		case '{', '[', '"':
		default:
			s.scalar = true
		}
	}
	if s.scalar {
		for ; i < len(b); i++ {
			switch b[i] {
			case ' ', '\t', '\r', '\n', ',', ']', '}', ':', '[', '{', '"':
				return i, spanDone
			}
		}
		return i, spanMore
	}
	for i < len(b) {
		if s.inStr {
			if s.esc {
				s.esc = false
				i++
				continue
			}
			for i < len(b) && strClass[b[i]] == 0 {
				i++
			}
			if i >= len(b) {
				break
			}
			switch b[i] {
			case '"':
				s.inStr = false
				i++
				if s.depth == 0 {
					return i, spanDone
				}
			case '\\':
				if i+1 < len(b) {
					i += 2
				} else {
					s.esc = true
					i++
				}
			default:
				return i, spanBad
			}
			continue
		}
		for i < len(b) && spanClass[b[i]] == 0 {
			i++
		}
		if i >= len(b) {
			break
		}
		switch b[i] {
		case '"':
			s.inStr = true
		case '{', '[':
			s.depth++
		case '}', ']':
			s.depth--
			if s.depth <= 0 {
				return i + 1, spanDone
			}
		case '\n':
			if s.stopNL {
				return i, spanBad
			}
			s.sawNL = true
		}
		i++
	}
	return i, spanMore
}

// valueSpan finds the end of the value at pos, holding its bytes (mark at
// pos); the caller consumes it and drops the mark.
func (c *cursor) valueSpan() (int, error) {
	c.mark = c.pos
	s := spanScan{stopNL: c.nlStop}
	off := 0
	for {
		n, st := s.feed(c.buf[c.pos+off : c.end])
		off += n
		switch st {
		case spanDone:
			return c.pos + off, nil
		case spanBad:
			c.mark = -1
			return 0, c.badSpan(c.pos + off)
		}
		if !c.fill() {
			c.mark = -1
			if s.scalar && c.err == io.EOF {
				return c.pos + off, nil
			}
			return 0, c.cutErr()
		}
	}
}

func (c *cursor) badSpan(i int) error {
	if c.buf[i] == '\n' && c.nlStop {
		return c.syntax(i, "the line ends inside the document")
	}
	return c.syntax(i, "control character in a string")
}

// skipSpan finds the end of the value at pos, holding its bytes while they
// are fewer than hold; held says whether they are all still in buf from pos.
func (c *cursor) skipSpan(hold int) (end int, held bool, err error) {
	c.mark = c.pos
	s := spanScan{stopNL: c.nlStop}
	off := 0
	held = true
	for {
		n, st := s.feed(c.buf[c.pos+off : c.end])
		off += n
		switch st {
		case spanDone:
			return c.pos + off, held, nil
		case spanBad:
			c.mark = -1
			return 0, false, c.badSpan(c.pos + off)
		}
		if held && off > hold {
			held = false
			c.mark = -1
		}
		if !held {
			c.pos += off
			off = 0
		}
		if !c.fill() {
			c.mark = -1
			if s.scalar && c.err == io.EOF {
				return c.pos + off, held, nil
			}
			return 0, false, c.cutErr()
		}
	}
}

// skipLine moves past the newline that ends the line holding stream offset
// off (or to the end of the stream).
func (c *cursor) skipLine(off int64) error {
	if i := off - c.base; i > int64(c.pos) && i <= int64(c.end) {
		c.pos = int(i)
	}
	for {
		if i := bytes.IndexByte(c.buf[c.pos:c.end], '\n'); i >= 0 {
			c.pos += i + 1
			return nil
		}
		c.pos = c.end
		if !c.fill() {
			return c.readErr()
		}
	}
}

// startCapture starts copying bytes from pos.
func (c *cursor) startCapture() {
	c.capOn = true
	c.capFrom = c.pos
	c.capStart = c.off(c.pos)
	c.capBuf = c.capBuf[:0]
}

func (c *cursor) spill(upto int) {
	if !c.capOn || c.capFrom >= upto {
		return
	}
	n := min(upto-c.capFrom, model.MaxBadRaw-len(c.capBuf))
	if n > 0 {
		c.capBuf = append(c.capBuf, c.buf[c.capFrom:c.capFrom+n]...)
	}
	c.capFrom = upto
}

// captured is what the capture holds up to buf[upto].
func (c *cursor) captured(upto int) []byte {
	c.spill(upto)
	return c.capBuf
}

// captureLine gives the bytes up to the end of the line holding stream
// offset off, at most MaxBadRaw: from the capture's start when fromCapture
// (the document started on that line), else from the line's start as far as
// the buffer still holds it.
func (c *cursor) captureLine(off int64, fromCapture bool) []byte {
	i := int(min(max(off-c.base, 0), int64(c.end)))
	if !fromCapture || !c.capOn || c.capStart > off {
		start := i
		for start > 0 && c.buf[start-1] != '\n' {
			start--
		}
		c.startCapture()
		c.capFrom, c.capStart = start, c.off(start)
	}
	// Read on to the end of the line, holding the bytes from i.
	c.mark = min(i, c.pos)
	from := i - c.mark // the line's rest starts at buf[c.mark+from]
	end := -1
	for {
		if j := bytes.IndexByte(c.buf[c.mark+from:c.end], '\n'); j >= 0 {
			end = c.mark + from + j
			break
		}
		if c.end-c.mark > model.MaxBadRaw || !c.fill() {
			end = c.end
			break
		}
	}
	c.mark = -1
	raw := c.captured(end)
	if n := len(raw); n > 0 && raw[n-1] == '\r' {
		raw = raw[:n-1]
	}
	return raw
}
