package source

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"

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
	max  int // the longest item (or key, or bulk value) held; 0: DefaultMaxLine
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
	*p = protegrity{members: p.members, ref: p.ref[:0], raw: p.raw[:0], max: p.max}
	p.ctx, p.src, p.sink = ctx, src, sink
	p.c.max = p.max
	if p.c.max <= 0 {
		p.c.max = DefaultMaxLine
	}
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
		if done, err := p.nextElement("a document in the array"); done || err != nil {
			return err
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
	p.bad("not a "+model.Protegrity.Name+": the document is "+valueKind(ch)+", not a JSON object", c.captured(c.pos), p.docLine)
	return nil
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
	var cut *spanCut
	if errors.As(err, &cut) {
		// A key longer than the limit is none the decoder knows.
		k = keyOther
	} else if err != nil {
		return 0, false, err
	}
	if cut == nil {
		kend, esc, serr := scanString(c.buf[:end], c.pos)
		if serr != nil || kend != end {
			c.mark = -1
			return 0, false, c.syntaxAt(serr, 0)
		}
		m := member{key: c.buf[c.pos+1 : end-1], keyEscaped: esc}
		k = keyOf(&m)
		c.pos, c.mark = end, -1
	}
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
		p.bad("not a "+model.Protegrity.Name+`: no "bulk" object (nor "protect", "unprotect" or "reprotect" holding one)`,
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
			Source: p.src, Line: int(b.line), Format: model.Protegrity.ID, Ref: p.ref, Code: codeBulkErr,
			Msg: b.msg, Op: op, Type: model.TypeError, HasType: true, Raw: raw, Doc: p.docN,
		}
		if b.hasID {
			p.rec.Bulk = b.id
		}
		p.emit()
	} else if !b.hasData {
		p.bad("a "+model.Protegrity.Name+` without a "data" array of items`, p.bulkRaw(b.start, c.off(c.pos)), int(b.line))
	}
	return nil
}

// nextElement steps past the ',' after an array element, or the ']' that
// ends the array (done). It also stops when the context is done.
func (p *protegrity) nextElement(what string) (done bool, err error) {
	c := &p.c
	if p.ctxErr != nil {
		return true, p.ctxErr
	}
	if err := c.mustWS(); err != nil {
		return true, err
	}
	switch c.buf[c.pos] {
	case ',':
		c.pos++
		return false, nil
	case ']':
		c.pos++
		return true, nil
	}
	return true, c.syntax(c.pos, "expected ',' or ']' after "+what)
}
