package model

import "hash/maphash"

// MaxKinds bounds the error types a store tells apart: a log whose code
// field holds an id (a ref, a timestamp) would otherwise make one group a
// record. Past it, records of a code not seen before are counted in their
// format's group of code FoldCode ("N other codes").
const MaxKinds = 10_000

// FoldCode is the code of the group that holds the codes past MaxKinds.
const FoldCode = "*"

// maxFoldSeen bounds the distinct folded codes counted exactly; past it
// the count says "at least".
const maxFoldSeen = 100_000

// foldState counts the distinct codes folded, per fold kind, in bounded
// memory: hashes of up to maxFoldSeen codes.
type foldState struct {
	seed  maphash.Seed
	seen  map[uint64]struct{}
	codes map[uint32]int64 // fold kind -> distinct codes folded into it
}

// foldKind is the fold group of r's format and type, counting r's code.
func (s *Store) foldKind(r *Rec, typ Type, hasType bool) uint32 {
	if !hasType {
		typ = TypeError
	}
	kk := kindKey{format: r.Format, code: FoldCode, title: "other codes", typ: typ}
	id, ok := s.kinds.id(kk)
	if !ok {
		id = s.kinds.add(kk, Kind{Format: kk.format, Code: FoldCode, Title: kk.title, Type: typ})
		s.counts = append(s.counts, 0)
	}
	f := &s.fold
	if f.seen == nil {
		f.seed, f.seen, f.codes = maphash.MakeSeed(), map[uint64]struct{}{}, map[uint32]int64{}
	}
	if len(f.seen) < maxFoldSeen {
		var h maphash.Hash
		h.SetSeed(f.seed)
		h.WriteString(r.Format)
		h.WriteByte(0)
		h.Write(r.Code)
		if k := h.Sum64(); !has(f.seen, k) {
			f.seen[k] = struct{}{}
			f.codes[id]++
		}
	}
	return id
}

func has(m map[uint64]struct{}, k uint64) bool {
	_, ok := m[k]
	return ok
}

// Folded is how many distinct codes the group of kind k holds when it is a
// fold group (code FoldCode): at least that many when it is maxFoldSeen or
// more. 0 for any other group.
func (s *Snapshot) Folded(k int) int64 { return s.folded[uint32(k)] }

// FoldTitle is the title of a fold group of n distinct codes: "12,345
// other codes", "at least 100,000 other codes" once it stops counting them.
func FoldTitle(n int64) string {
	what := " other codes"
	if n == 1 {
		what = " other code"
	}
	if n >= maxFoldSeen {
		return "at least " + Thousands(n) + what
	}
	return Thousands(n) + what
}

// foldedCopy is the fold counts as they stand, for a snapshot.
func (f *foldState) foldedCopy() map[uint32]int64 {
	if len(f.codes) == 0 {
		return nil
	}
	m := make(map[uint32]int64, len(f.codes))
	for k, v := range f.codes {
		m[k] = v
	}
	return m
}
