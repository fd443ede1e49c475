package model

import "sort"

// chunkView is a Snapshot's read-only view of one chunk.
type chunkView struct {
	msg, cls, line, refEnd []uint32
	arena                  []byte
}

func (c *chunk) view() chunkView {
	return chunkView{msg: c.msg, cls: c.cls, line: c.line, refEnd: c.refEnd, arena: c.arena}
}

// Snapshot is what the store held at one moment. Appending to the store does
// not change it, so it may be read on any goroutine.
type Snapshot struct {
	n        int
	views    []chunkView
	msgs     []string
	codeTok  []string
	ops      []string
	tmpls    []template
	kinds    []Kind
	classes  []class
	counts   []int64
	folded   map[uint32]int64 // fold kind -> distinct codes folded
	kept     []keptRaw
	srcNames []string
	srcRecs  []int64
	srcBad   []int64
	catalog  *Catalog
	patterns [][]Pattern // by kind
	marks    []Class
	stopped  bool // the store stopped keeping rows: see Partial
}

// Snapshot captures the store as it is now, in time independent of its size
// (but for the per-kind and per-source counts, which are copied, and the
// patterns, for which it waits until the miners have every message).
func (s *Store) Snapshot() *Snapshot { return s.snapshot(true) }

// LiveSnapshot is a Snapshot that does not wait for the miners to finish
// (it may wait while maxBatches are queued for them): its patterns are
// those of the messages mined so far, which may hold fewer records than
// its counts. For a view while reading.
func (s *Store) LiveSnapshot() *Snapshot { return s.snapshot(false) }

func (s *Store) snapshot(exactPatterns bool) *Snapshot {
	views := s.views
	if len(s.chunks) > len(s.views) {
		views = append(views[:len(views):len(views)], s.chunks[len(s.chunks)-1].view())
	}
	return &Snapshot{
		n: s.n, views: views, msgs: s.msgs.vals, codeTok: s.codeTok.vals, ops: s.ops.vals, tmpls: s.tmpls.vals,
		kinds: s.kinds.vals, classes: s.classes.vals, counts: append([]int64(nil), s.counts...), kept: s.kept,
		folded:   s.fold.foldedCopy(),
		srcNames: s.srcNames, srcRecs: append([]int64(nil), s.srcRecs...),
		srcBad: append([]int64(nil), s.srcBad...), catalog: s.catalog, patterns: s.patternViews(exactPatterns), marks: s.marks,
		stopped: s.stopped,
	}
}

// Class is record i's class against the baseline log (ClassNone without
// one, or for a record not joined: no ref, a repeat, not a failure).
func (s *Snapshot) Class(i int) Class {
	if i < len(s.marks) {
		return s.marks[i]
	}
	return ClassNone
}

// HasBaseline says whether the records were marked against a baseline.
func (s *Snapshot) HasBaseline() bool { return s.marks != nil }

// Len is the number of rows (records and bad lines).
func (s *Snapshot) Len() int { return s.n }

// Catalog is the catalog the records are explained with.
func (s *Snapshot) Catalog() *Catalog { return s.catalog }

// Kinds lists every error type seen; a record's Kind indexes it.
func (s *Snapshot) Kinds() []Kind { return s.kinds }

// Count is how many records (or bad lines) of kind k were added.
func (s *Snapshot) Count(k int) int64 { return s.counts[k] }

// Sources names the sources, in the order they were added.
func (s *Snapshot) Sources() []string { return s.srcNames }

// SourceCounts gives the records and bad lines read from source i.
func (s *Snapshot) SourceCounts(i int) (records, bad int64) { return s.srcRecs[i], s.srcBad[i] }

// Records counts the records of every type; bad lines are not records.
func (s *Snapshot) Records() int64 {
	var n int64
	for _, r := range s.srcRecs {
		n += r
	}
	return n
}

// BadLines counts the lines that were not records.
func (s *Snapshot) BadLines() int64 {
	var n int64
	for _, b := range s.srcBad {
		n += b
	}
	return n
}

// Messages lists the distinct messages; a record's MsgID indexes it.
func (s *Snapshot) Messages() []string { return s.msgs }

func (s *Snapshot) at(i int) (*chunkView, int) {
	return &s.views[i>>chunkBits], i & (chunkSize - 1)
}

// Row is one record as the table and the detail view show it.
type Row struct {
	Index  int
	Ref    string
	Code   string
	Msg    string
	MsgID  int
	Kind   int
	Type   Type
	Op     string
	Source int
	Line   int
}

// Row reads record i. It returns the decoded strings; they are not yet
// Printable.
func (s *Snapshot) Row(i int) Row {
	c, j := s.at(i)
	var buf [36]byte
	cl := s.classes[c.cls[j]]
	k := s.kinds[cl.kind]
	return Row{
		Index: i, Ref: string(c.ref(j, &buf)), Code: k.Code, Msg: s.msgs[c.msg[j]],
		MsgID: int(c.msg[j]), Kind: int(cl.kind), Type: k.Type, Op: s.ops[cl.op], Source: cl.src,
		Line: int(c.line[j]),
	}
}

// Raw rebuilds record i's raw bytes, exactly as they were read; for a bad
// line, the first MaxBadRaw bytes and the length of the whole line.
func (s *Snapshot) Raw(i int) (raw []byte, size int) {
	c, j := s.at(i)
	cl := s.classes[c.cls[j]]
	if cl.tmpl == tmplKept {
		k := sort.Search(len(s.kept), func(k int) bool { return int(s.kept[k].idx) >= i })
		if k < len(s.kept) && int(s.kept[k].idx) == i {
			return s.kept[k].raw, s.kept[k].size
		}
		return nil, 0
	}
	row := s.Row(i)
	t := s.tmpls[cl.tmpl]
	var b []byte
	for fi, seg := range t.segs {
		b = append(b, seg...)
		if fi >= len(t.fields) {
			break
		}
		switch t.fields[fi] {
		case FieldRef:
			b = append(append(append(b, '"'), row.Ref...), '"')
		case FieldRefTail:
			k := len(row.Ref)
			for k > 0 && row.Ref[k-1] != '/' {
				k--
			}
			b = append(b, row.Ref[k:]...)
		case FieldCode:
			b = append(b, s.codeTok[cl.codeTok]...)
		case FieldMsg:
			b = append(append(append(b, '"'), row.Msg...), '"')
		}
	}
	return b, len(b)
}
