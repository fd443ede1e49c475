package model

// Only gives a snapshot of the records idx names (indices of s's rows): the
// counts per error type and per source count only those, so its Groups,
// Records and SourceCounts are the view's. Rows are s's, unchanged.
func (s *Snapshot) Only(idx []int32) *Snapshot {
	o := *s
	o.counts = make([]int64, len(s.counts))
	o.srcRecs = make([]int64, len(s.srcRecs))
	o.srcBad = make([]int64, len(s.srcBad))
	for _, i := range idx {
		c, j := s.at(int(i))
		cl := s.classes[c.cls[j]]
		o.counts[cl.kind]++
		if s.kinds[cl.kind].Type == TypeBad {
			o.srcBad[cl.src]++
		} else {
			o.srcRecs[cl.src]++
		}
	}
	o.patterns = s.minePatterns(idx)
	return &o
}

// minePatterns finds the patterns of the records idx alone, their messages
// given to the miners in the order they first come.
func (s *Snapshot) minePatterns(idx []int32) [][]Pattern {
	type key struct{ kind, msg uint32 }
	at := map[key]int{}
	var order []key
	var counts []int64
	for _, i := range idx {
		c, j := s.at(int(i))
		kind := s.classes[c.cls[j]].kind
		if s.kinds[kind].Type == TypeBad {
			continue
		}
		k := key{kind, c.msg[j]}
		n, ok := at[k]
		if !ok {
			n = len(order)
			at[k] = n
			order = append(order, k)
			counts = append(counts, 0)
		}
		counts[n]++
	}
	miners := make([]*Miner, len(s.kinds))
	for n, k := range order {
		if miners[k.kind] == nil {
			miners[k.kind] = NewMiner()
		}
		miners[k.kind].Add(s.msgs[k.msg], counts[n])
	}
	out := make([][]Pattern, len(s.kinds))
	for k, m := range miners {
		if m != nil {
			out[k] = m.Patterns(TopValues)
		}
	}
	return out
}
