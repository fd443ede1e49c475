package model

import (
	"bytes"
	"slices"
)

// Field names a part of a record whose bytes a template leaves out and the
// store gives back from its own columns when it rebuilds the raw bytes.
type Field uint8

const (
	FieldRef     Field = iota + 1 // the ref's JSON string, quotes included
	FieldRefTail                  // the ref after its last '/', as a bare token (Protegrity's data id)
	FieldCode                     // the code's token, as written
	FieldMsg                      // the message's JSON string, quotes included
)

// Hole is the span of one field's token in Rec.Raw.
type Hole struct {
	Field      Field
	Start, End int
}

// Rec is one record as a decoder hands it to a Sink. Its byte slices are
// only valid during the call: the sink copies what it keeps.
type Rec struct {
	Source  int
	Line    int    // 1-based line on which the record starts
	Format  string // "sitecore", "protegrity", "jsonl"
	Ref     []byte // decoded
	Code    []byte // normalized: "409", "22"
	Msg     []byte // decoded
	Op      []byte // protect / unprotect / reprotect, when known
	Type    Type   // used when HasType; otherwise the catalog's type, else error
	HasType bool
	Raw     []byte // the record's bytes, a line or an item
	Holes   []Hole // where Ref, Code and Msg stand in Raw, so Raw need not be kept
	Bad     string // when set, Raw is a line that is not a record; Bad says why

	// For exports that give the log's own bytes (the store keeps none of
	// these): Whole is a JSON-lines record's line as it stands in the file,
	// a BOM before it and a CR before its '\n' included; for a Protegrity
	// item, the item's bytes (Raw may shorten its content), Doc its 1-based
	// document and Bulk its bulk id.
	Whole []byte
	Doc   int
	Bulk  []byte
}

// Sink takes decoded records. Store keeps them; a count-only Store counts.
type Sink interface {
	Add(r *Rec)
}

// MaxRef is how much of a ref the store keeps in its ref column (which
// bounds a chunk's ref arena well below the 2 GiB its offsets address).
const MaxRef = 4096

// MaxBadRaw is how much of a bad line the store keeps to show; the length of
// the whole line is kept beside it.
const MaxBadRaw = 64 << 10

const (
	chunkBits = 16
	chunkSize = 1 << chunkBits
	// firstChunk is the first chunk's starting capacity.
	firstChunk = 256
)

// chunk holds up to chunkSize records, column by column. Its slices have a
// fixed capacity (but the first chunk's, which grow) so that appending never
// moves what a Snapshot reads.
type chunk struct {
	msg    []uint32
	cls    []uint32
	line   []uint32
	refEnd []uint32 // end of each ref in arena; refPacked marks a packed UUID
	arena  []byte
}

type class struct {
	src     int
	kind    uint32
	tmpl    uint32
	codeTok uint32
	op      uint32
}

// template is a record's raw bytes with its fields cut out:
// segs[0] field[0] segs[1] ... segs[len(fields)].
type template struct {
	segs   []string
	fields []Field
}

// keptRaw is a record's raw bytes kept as they are: a bad line's (its first
// MaxBadRaw bytes), or a record whose line shape is one too many to intern.
type keptRaw struct {
	idx  uint32
	raw  []byte // in the store's arena
	size int    // the whole line's length
}

// tmplKept marks a class whose records' raw bytes are kept, not rebuilt.
const tmplKept = ^uint32(0)

// maxTemplates bounds the line shapes the store interns. A log whose lines
// differ in more than ref, code and message (a timestamp a line) would make
// a template of every record: past the bound, records keep their bytes.
const maxTemplates = 4096

type kindKey struct {
	format, code, title string
	typ                 Type
}

// anyMsg stands for the message in the kind cache's key of a code whose
// kind does not depend on it.
const anyMsg = ^uint32(0)

// msgKind is the kind a message's records got, and the type the kind was
// looked up with.
type msgKind struct {
	kind    uint32
	typ     Type
	hasType bool
	ok      bool
}

type kindCacheKey struct {
	format  uint32 // index in formats
	code    uint32 // codeTok-independent: index in codes
	msg     uint32
	typ     Type
	hasType bool
}

// Store holds records compactly: a message and a class (source, error type,
// template, code token, operation) interned, so a record costs four uint32s
// plus its ref. It is written by one goroutine (the reader); others read
// Snapshots of it, which appending never changes.
//
// A Store made with NewCounter keeps only counts: `summary` needs no records.
type Store struct {
	catalog   *Catalog
	countOnly bool
	stopped   bool // StopKeeping: Len is the rows held, not the records counted

	n      int
	chunks []*chunk
	views  []chunkView // views of the full chunks, shared by every Snapshot

	msgs    msgTable
	codes   strs // as the kinds know them: normalized
	formats strs
	codeTok strs // as written: "409", 409, "/rest-v1/returncodes/id/22"
	ops     strs
	tmpls   interner[string, template] // keyed by the bytes parseTemplate reads
	kinds   interner[kindKey, Kind]
	classes interner[class, class]
	kindOf  map[kindCacheKey]uint32 // a cache of lookupKind, not a table of its own
	msgKind []msgKind               // the same cache by message id, for codes whose kind the message decides
	counts  []int64                 // per kind
	fold    foldState               // error types past MaxKinds
	kept    []keptRaw
	block   []byte // arena for kept bytes; filled, never moved

	marks []Class // each record's class against a baseline (SetMarks)

	srcNames []string
	srcRecs  []int64
	srcBad   []int64

	pat patternState

	scratch []byte
	last    struct { // the previous record's interned values: logs repeat themselves
		msg     []byte
		msgID   uint32
		tmplKey []byte
		tmplID  uint32

		kindOK bool
		kindIn kindInput
		code   []byte
		kind   uint32
		clsOK  bool
		clsKey class
		cls    uint32
	}
}

// NewStore makes an empty store that explains codes with cat.
func NewStore(cat *Catalog) *Store {
	s := &Store{catalog: cat, kindOf: map[kindCacheKey]uint32{}}
	s.ops.bytes(nil) // op 0 is "no operation"
	s.codeTok.bytes(nil)
	s.last.msgID = ^uint32(0)
	s.last.tmplID = ^uint32(0)
	return s
}

// NewCounter makes a store that counts records per error type and source
// and keeps nothing else.
func NewCounter(cat *Catalog) *Store {
	s := NewStore(cat)
	s.countOnly = true
	return s
}

// Catalog is the catalog the store explains codes with.
func (s *Store) Catalog() *Catalog { return s.catalog }

// AddSource names the next source; records name it by the index returned.
func (s *Store) AddSource(name string) int {
	s.srcNames = append(s.srcNames, name)
	s.srcRecs = append(s.srcRecs, 0)
	s.srcBad = append(s.srcBad, 0)
	return len(s.srcNames) - 1
}

// SetMarks gives each record its class against a baseline log (marks[i]
// is record i's; records past its end have none). The slice is not copied:
// it must not change afterwards.
func (s *Store) SetMarks(marks []Class) { s.marks = marks }

// LastKind is the error type (an index in the snapshot's Kinds) of the
// record added last.
func (s *Store) LastKind() int { return int(s.last.kind) }

// Len is the number of rows: the records and bad lines added (but those
// counted only, after StopKeeping).
func (s *Store) Len() int { return s.n }

// Add stores (or counts) one record.
func (s *Store) Add(r *Rec) {
	for r.Source >= len(s.srcNames) {
		s.AddSource("")
	}
	msg := r.Msg
	if r.Bad != "" {
		msg = []byte(r.Bad) // a bad line's "message" is why it is bad
	}
	var msgID uint32
	if s.last.msgID != ^uint32(0) && bytes.Equal(msg, s.last.msg) {
		msgID = s.last.msgID
	} else {
		msgID = s.msgID(msg)
		s.last.msg = append(s.last.msg[:0], msg...)
		s.last.msgID = msgID
	}
	kind := s.kindFor(r, msgID, msg)
	s.counts[kind]++
	if r.Bad == "" {
		s.countPattern(kind, msgID, msg)
	}
	if r.Bad != "" {
		s.srcBad[r.Source]++
	} else {
		s.srcRecs[r.Source]++
	}
	if s.countOnly {
		if !s.stopped {
			s.n++
		}
		return
	}
	if len(r.Ref) > MaxRef {
		// A ref this long is not one to look up by: its column keeps the
		// start, and the raw bytes keep it whole (the hole no longer
		// matches, so the template holds it).
		cut := *r
		cut.Ref = r.Ref[:MaxRef]
		r = &cut
	}

	tmpl, codeTok := tmplKept, uint32(0)
	if r.Bad == "" {
		tmpl, codeTok = s.templateFor(r)
	}
	if tmpl == tmplKept {
		raw := r.Raw
		if len(raw) > MaxBadRaw && r.Bad != "" {
			raw = raw[:MaxBadRaw]
		}
		s.kept = append(s.kept, keptRaw{idx: uint32(s.n), raw: s.keep(raw), size: len(r.Raw)})
	}
	op := uint32(0)
	if len(r.Op) > 0 {
		op = s.ops.bytes(r.Op)
	}
	ck := class{src: r.Source, kind: kind, tmpl: tmpl, codeTok: codeTok, op: op}
	cls := s.last.cls
	if !s.last.clsOK || s.last.clsKey != ck {
		cls = s.classes.intern(ck, ck)
	}
	s.last.cls, s.last.clsKey, s.last.clsOK = cls, ck, true

	if s.n&(chunkSize-1) == 0 {
		if len(s.chunks) > 0 {
			s.views = append(s.views, s.chunks[len(s.chunks)-1].view())
		}
		// The first chunk starts small and grows as append grows it (a
		// snapshot keeps the old arrays, which are never written again): a
		// log of a few lines does not cost 2.3 MB of zeroed columns.
		size := chunkSize
		if s.n == 0 {
			size = firstChunk
		}
		s.chunks = append(s.chunks, &chunk{
			msg: make([]uint32, 0, size), cls: make([]uint32, 0, size),
			line: make([]uint32, 0, size), refEnd: make([]uint32, 0, size),
			arena: make([]byte, 0, size*20),
		})
	}
	c := s.chunks[len(s.chunks)-1]
	c.msg = append(c.msg, msgID)
	c.cls = append(c.cls, cls)
	line := r.Line
	if line > int(^uint32(0)) {
		line = int(^uint32(0))
	}
	c.line = append(c.line, uint32(line))
	ref := r.Ref
	var packed bool
	if c.arena, packed = packUUID(c.arena, ref); packed {
		c.refEnd = append(c.refEnd, uint32(len(c.arena))|refPacked)
	} else {
		c.arena = append(c.arena, ref...)
		c.refEnd = append(c.refEnd, uint32(len(c.arena)))
	}
	s.n++
}

// msgID interns the message. A counting store keeps at most maxCountMsgs
// messages: past them, a new message is noMsg and nothing of it is kept.
func (s *Store) msgID(msg []byte) uint32 {
	if s.countOnly && s.msgs.len() >= maxCountMsgs {
		if id, ok := s.msgs.find(msg); ok {
			return id
		}
		return noMsg
	}
	return s.msgs.bytes(msg)
}

// kindInput is what decides a record's kind, but for its code bytes.
type kindInput struct {
	format  string
	msg     uint32
	typ     Type
	hasType bool
	bad     bool
}

// kindFor finds the record's error type: the previous record's when the
// inputs are the same (logs repeat themselves), else from the cache.
func (s *Store) kindFor(r *Rec, msgID uint32, msg []byte) uint32 {
	in := kindInput{format: r.Format, msg: msgID, typ: r.Type, hasType: r.HasType, bad: r.Bad != ""}
	if msgID != noMsg && s.last.kindOK && s.last.kindIn == in && bytes.Equal(s.last.code, r.Code) {
		return s.last.kind
	}
	k := s.lookupKind(r, msgID, msg)
	s.last.kindOK, s.last.kindIn, s.last.kind = true, in, k
	s.last.code = append(s.last.code[:0], r.Code...)
	return k
}

func (s *Store) lookupKind(r *Rec, msgID uint32, msg []byte) uint32 {
	f := s.formats.intern(r.Format, r.Format)
	typ, hasType := r.Type, r.HasType
	if r.Bad != "" {
		typ, hasType = TypeBad, true
	}
	if r.Bad == "" && s.kinds.len() >= MaxKinds {
		// Past MaxKinds error types, a code never seen is not interned:
		// it is counted in its format's "*" group.
		if _, known := s.codes.ids[string(r.Code)]; !known {
			return s.foldKind(r, typ, hasType)
		}
	}
	// Most codes mean one thing whatever the message: their kind is
	// cached by code. The others (Sitecore's 400 is a validation error or
	// a missing identity, by its message) are cached by message, in a
	// slice by message id: a log of a million distinct messages makes a
	// million lookups that hash nothing. The slice is asked first: it is
	// one read, and it holds nothing for the other codes.
	if int(msgID) < len(s.msgKind) {
		if c := s.msgKind[msgID]; c.ok && c.typ == typ && c.hasType == hasType {
			if k := s.kinds.vals[c.kind]; k.Format == r.Format && k.Code == string(r.Code) {
				return c.kind
			}
		}
	}
	key := kindCacheKey{format: f, code: s.codes.bytes(r.Code), msg: anyMsg, typ: typ, hasType: hasType}
	if k, ok := s.kindOf[key]; ok {
		return k
	}
	byMsg := r.Bad == "" && s.catalog.ByMessage(r.Format, string(r.Code))
	slot := msgKind{kind: 0, typ: typ, hasType: hasType, ok: true}
	if byMsg {
		key.msg = msgID
		if msgID == noMsg {
			key = kindCacheKey{}
		} else if k, ok := s.kindOf[key]; ok {
			return k
		}
	}
	text := func() string {
		if msgID == noMsg {
			return string(msg)
		}
		return s.msgs.vals[msgID]
	}
	kk := kindKey{format: r.Format, code: string(r.Code), typ: typ}
	var entry *Entry
	if r.Bad != "" {
		kk.code, kk.title = "", "Unreadable lines"
	} else {
		entry = s.catalog.Lookup(r.Format, string(r.Code), text())
		if entry != nil {
			kk.title = entry.Title
			if !hasType {
				kk.typ, _ = ParseType(entry.Type)
			}
		} else {
			kk.title = "Unknown code"
			if len(r.Code) == 0 {
				kk.title = "No code"
			}
		}
	}
	id, ok := s.kinds.id(kk)
	if !ok && r.Bad == "" && s.kinds.len() >= MaxKinds {
		return s.foldKind(r, typ, hasType)
	}
	if !ok {
		id = s.kinds.add(kk, Kind{Format: kk.format, Code: kk.code, Title: kk.title, Type: kk.typ, Entry: entry, Example: text()})
		s.counts = append(s.counts, 0)
	}
	switch {
	case !byMsg:
		s.kindOf[key] = id
	case msgID == noMsg:
	case int(msgID) >= len(s.msgKind) || !s.msgKind[msgID].ok:
		if int(msgID) >= len(s.msgKind) {
			if int(msgID) >= cap(s.msgKind) { // double: append would copy five times over
				s.msgKind = slices.Grow(s.msgKind, max(int(msgID)+1, 2*cap(s.msgKind))-len(s.msgKind))
			}
			s.msgKind = s.msgKind[:int(msgID)+1]
		}
		slot.kind = id
		s.msgKind[msgID] = slot
	default: // the message came with another code or type before
		s.kindOf[key] = id
	}
	return id
}

// templateFor cuts the record's fields out of its raw bytes, where the store
// can give them back exactly, and interns what is left.
func (s *Store) templateFor(r *Rec) (tmpl, codeTok uint32) {
	key := s.scratch[:0]
	pos := 0
	for _, h := range r.Holes {
		if h.Start < pos || h.End > len(r.Raw) || h.Start > h.End {
			continue
		}
		tok := r.Raw[h.Start:h.End]
		if !s.canRebuild(r, h.Field, tok) {
			continue
		}
		if h.Field == FieldCode {
			codeTok = s.codeTok.bytes(tok)
		}
		key = append(key, r.Raw[pos:h.Start]...)
		key = append(key, 0, byte(h.Field))
		pos = h.End
	}
	key = append(key, r.Raw[pos:]...)
	s.scratch = key
	if s.last.tmplID != ^uint32(0) && bytes.Equal(key, s.last.tmplKey) {
		return s.last.tmplID, codeTok
	}
	id, ok := s.tmpls.ids[string(key)]
	if !ok {
		if s.tmpls.len() >= maxTemplates {
			return tmplKept, 0
		}
		id = s.tmpls.add(string(key), parseTemplate(key))
	}
	s.last.tmplKey = append(s.last.tmplKey[:0], key...)
	s.last.tmplID = id
	return id, codeTok
}

// keep copies b into the arena. Blocks are filled, never grown, so what a
// Snapshot holds stays put.
func (s *Store) keep(b []byte) []byte {
	if len(b) > cap(s.block)-len(s.block) {
		// Blocks double from 4 KiB to 1 MiB: a store that keeps a few
		// lines does not zero a MiB.
		size := min(max(2*cap(s.block), 4<<10), 1<<20)
		s.block = make([]byte, 0, max(size, len(b)))
	}
	start := len(s.block)
	s.block = append(s.block, b...)
	return s.block[start:len(s.block):len(s.block)]
}

// canRebuild says whether tok is exactly what the store would write back for
// the field. A raw NUL can't stand in a valid JSON text, so it marks holes.
func (s *Store) canRebuild(r *Rec, f Field, tok []byte) bool {
	if bytes.IndexByte(tok, 0) >= 0 {
		return false
	}
	switch f {
	case FieldRef:
		return quotedEqual(tok, r.Ref)
	case FieldRefTail:
		i := bytes.LastIndexByte(r.Ref, '/')
		return bytes.Equal(tok, r.Ref[i+1:])
	case FieldMsg:
		return quotedEqual(tok, r.Msg)
	case FieldCode:
		return len(tok) > 0
	}
	return false
}

func quotedEqual(tok, val []byte) bool {
	return len(tok) == len(val)+2 && tok[0] == '"' && tok[len(tok)-1] == '"' &&
		bytes.Equal(tok[1:len(tok)-1], val) && bytes.IndexByte(val, '\\') < 0
}

func parseTemplate(key []byte) template {
	var t template
	for {
		i := bytes.IndexByte(key, 0)
		if i < 0 || i+1 >= len(key) {
			t.segs = append(t.segs, string(key))
			return t
		}
		t.segs = append(t.segs, string(key[:i]))
		t.fields = append(t.fields, Field(key[i+1]))
		key = key[i+2:]
	}
}
