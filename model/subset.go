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
	return &o
}
