package model

import (
	"bytes"
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
