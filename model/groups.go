package model

import (
	"slices"
	"strings"
)

// Group is one error type and how many records have it.
type Group struct {
	ID    int // index in Snapshot.Kinds
	Kind  Kind
	Count int64
}

// Groups lists the error types with their counts, in the one order of
// groups (CompareGroups).
func (s *Snapshot) Groups() []Group {
	var gs []Group
	for i, k := range s.kinds {
		if s.counts[i] > 0 {
			gs = append(gs, Group{ID: i, Kind: k, Count: s.counts[i]})
		}
	}
	slices.SortStableFunc(gs, CompareGroups)
	return gs
}

// CompareGroups is the one order of groups, in the TUI and in every
// summary: by type (errors, warnings, successes, unreadable lines), then
// largest first; ties by format (as Formats lists them), then by code (numerically where codes
// are numbers).
func CompareGroups(a, b Group) int {
	ka, kb := a.Kind, b.Kind
	switch {
	case ka.Type != kb.Type:
		return int(ka.Type) - int(kb.Type)
	case a.Count != b.Count:
		if a.Count > b.Count {
			return -1
		}
		return 1
	case ka.Format != kb.Format:
		return compareFormats(ka.Format, kb.Format)
	case codeLess(ka.Code, kb.Code):
		return -1
	case codeLess(kb.Code, ka.Code):
		return 1
	}
	return 0
}

// ByFormat puts each format's groups together, keeping the order of groups
// within a format: the format of the first error or warning group first,
// and so on; groups of formats with only successes or unreadable lines
// follow, in their order. With logs of several formats, each format's
// error types stand under its name (Sitecore's 404 and Protegrity's 4 are
// different things).
func ByFormat(gs []Group) []Group {
	var order []string
	byFormat := map[string][]Group{}
	for _, g := range gs {
		f := g.Kind.Format
		if g.Kind.Type != TypeSuccess && g.Kind.Type != TypeBad && byFormat[f] == nil {
			order = append(order, f)
		}
		byFormat[f] = append(byFormat[f], g)
	}
	out := make([]Group, 0, len(gs))
	for _, f := range order {
		out = append(out, byFormat[f]...)
		delete(byFormat, f)
	}
	for _, g := range gs {
		if _, left := byFormat[g.Kind.Format]; left {
			out = append(out, g)
		}
	}
	return out
}

// GroupQuery is the query that selects the records of error type k among
// the groups gs: its code; its format too when gs are of several formats;
// its title too when another group of its format has the same code
// (Sitecore's two 400s).
func GroupQuery(k Kind, gs []Group) string {
	q := "code:" + QuoteValue(k.Code)
	formats, sameCode := map[string]bool{}, 0
	for _, g := range gs {
		formats[g.Kind.Format] = true
		if g.Kind.Format == k.Format && g.Kind.Code == k.Code {
			sameCode++
		}
	}
	if len(formats) > 1 {
		q += " format:" + QuoteValue(k.Format)
	}
	if sameCode > 1 {
		q += " title:" + QuoteValue(strings.ToLower(k.Title))
	}
	return q
}

// TypeQuery is the query that selects every record of type t
// (type:success, type:bad).
func TypeQuery(t Type) string { return "type:" + t.String() }
