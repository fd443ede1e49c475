package model

import "sort"

// Group is one error type and how many records have it.
type Group struct {
	ID    int // index in Snapshot.Kinds
	Kind  Kind
	Count int64
}

// Groups lists the error types with their counts, errors first, then
// warnings, successes and bad lines; within a type the largest first.
func (s *Snapshot) Groups() []Group {
	var gs []Group
	for i, k := range s.kinds {
		if s.counts[i] > 0 {
			gs = append(gs, Group{ID: i, Kind: k, Count: s.counts[i]})
		}
	}
	sort.SliceStable(gs, func(a, b int) bool {
		ka, kb := gs[a].Kind, gs[b].Kind
		if ka.Type != kb.Type {
			return ka.Type < kb.Type
		}
		if gs[a].Count != gs[b].Count {
			return gs[a].Count > gs[b].Count
		}
		if ka.Format != kb.Format {
			return ka.Format > kb.Format
		}
		return codeLess(ka.Code, kb.Code)
	})
	return gs
}
