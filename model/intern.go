package model

import "slices"

// interner gives each distinct key a small id, the next one in the order
// keys are first seen, and keeps a value under that id: the store keeps a
// record's message, class and the like as such an id. Ids never change and
// values are only appended, so a Snapshot may share vals: what it holds is
// never written again.
type interner[K comparable, V any] struct {
	vals []V
	ids  map[K]uint32
}

// id finds k's id.
func (t *interner[K, V]) id(k K) (uint32, bool) {
	id, ok := t.ids[k]
	return id, ok
}

// add gives k, which must not be there yet, the next id, and v under it.
func (t *interner[K, V]) add(k K, v V) uint32 {
	if t.ids == nil {
		t.ids = map[K]uint32{}
	}
	id := uint32(len(t.vals))
	t.vals = append(t.vals, v)
	t.ids[k] = id
	return id
}

// intern is k's id, adding k with v when it is not there yet.
func (t *interner[K, V]) intern(k K, v V) uint32 {
	if id, ok := t.ids[k]; ok {
		return id
	}
	return t.add(k, v)
}

// len is the number of ids given.
func (t *interner[K, V]) len() int { return len(t.vals) }

// strs interns strings, each its own key.
type strs struct{ interner[string, string] }

// bytes is b's id. Looking a []byte up converts it without a copy; only a
// string seen for the first time is copied, once, for both the key and
// the value.
func (t *strs) bytes(b []byte) uint32 {
	if id, ok := t.ids[string(b)]; ok {
		return id
	}
	s := string(b)
	return t.add(s, s)
}

// byID makes s long enough to hold id, for a table kept by message id that
// is filled as ids come: it doubles, where append would grow a large slice
// by a quarter and copy it five times over on the way to a million.
func byID[T any](s []T, id uint32) []T {
	if int(id) < len(s) {
		return s
	}
	if int(id) >= cap(s) {
		s = slices.Grow(s, max(int(id)+1, 2*cap(s))-len(s))
	}
	return s[:int(id)+1]
}
