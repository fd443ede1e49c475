package source

// spanStatus is how far a spanScan got.
type spanStatus uint8

const (
	spanMore spanStatus = iota // the value goes on past the bytes fed
	spanDone
	spanBad // a control character in a string, or a newline under stopNL
)

// spanScan finds where a JSON value ends, knowing only strings and nesting:
// scanObject or scanValue validates the span afterwards.
type spanScan struct {
	depth   int
	started bool
	inStr   bool
	esc     bool
	scalar  bool
	stopNL  bool
	sawNL   bool
}

var spanClass = func() (t [256]uint8) {
	for _, c := range "{}[]\"\n" {
		t[c] = 1
	}
	return
}()

var strClass = func() (t [256]uint8) {
	for c := 0; c < 0x20; c++ {
		t[c] = 1
	}
	t['"'], t['\\'] = 1, 1
	return
}()

// feed scans b, the bytes after those fed before; it returns how many bytes
// it used: up to the end of the value (spanDone), all (spanMore), or up to
// the offending byte (spanBad).
func (s *spanScan) feed(b []byte) (int, spanStatus) {
	i := 0
	if !s.started && len(b) > 0 {
		s.started = true
		switch b[0] {
		case '{', '[', '"':
		default:
			s.scalar = true
		}
	}
	if s.scalar {
		for ; i < len(b); i++ {
			switch b[i] {
			case ' ', '\t', '\r', '\n', ',', ']', '}', ':', '[', '{', '"':
				return i, spanDone
			}
		}
		return i, spanMore
	}
	for i < len(b) {
		if s.inStr {
			if s.esc {
				s.esc = false
				i++
				continue
			}
			for i < len(b) && strClass[b[i]] == 0 {
				i++
			}
			if i >= len(b) {
				break
			}
			switch b[i] {
			case '"':
				s.inStr = false
				i++
				if s.depth == 0 {
					return i, spanDone
				}
			case '\\':
				if i+1 < len(b) {
					i += 2
				} else {
					s.esc = true
					i++
				}
			default:
				return i, spanBad
			}
			continue
		}
		for i < len(b) && spanClass[b[i]] == 0 {
			i++
		}
		if i >= len(b) {
			break
		}
		switch b[i] {
		case '"':
			s.inStr = true
		case '{', '[':
			s.depth++
		case '}', ']':
			s.depth--
			if s.depth <= 0 {
				return i + 1, spanDone
			}
		case '\n':
			if s.stopNL {
				return i, spanBad
			}
			s.sawNL = true
		}
		i++
	}
	return i, spanMore
}
