package model

import "bytes"

// A record's error type (kind) is found in the catalog from its format,
// code and, for some codes, message; the store caches what it found.

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
		s.msgKind = byID(s.msgKind, msgID)
		slot.kind = id
		s.msgKind[msgID] = slot
	default: // the message came with another code or type before
		s.kindOf[key] = id
	}
	return id
}
