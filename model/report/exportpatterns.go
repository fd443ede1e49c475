package report

import "github.com/errscope/errscope/model"

// exportPatterns gives the csv pattern column: each record's pattern among
// the messages of its error type (format, code, title and type, as summary
// groups them). Mined over the whole log by a first read (Mine, then Final),
// a record's pattern is the one summary gives; mined while the records are
// written (standard input is read once), it is the pattern as known then,
// which for an early record may be narrower.
type exportPatterns struct {
	miners map[patternKey]*model.Miner
	final  bool // every message was mined before: look up, add none
	last   []byte
	lastK  patternKey
}

type patternKey struct {
	format, code, title string
	typ                 model.Type
}

func (e *exportPatterns) miner(k patternKey) *model.Miner {
	if e.miners == nil {
		e.miners = map[patternKey]*model.Miner{}
	}
	m := e.miners[k]
	if m == nil {
		m = model.NewMiner()
		e.miners[k] = m
	}
	return m
}

// mine learns a message. A pattern depends only on which messages came in
// which order, not on how many records had them, so a message is added
// once.
func (e *exportPatterns) mine(k patternKey, msg []byte) {
	if k == e.lastK && string(msg) == string(e.last) {
		return // logs repeat themselves
	}
	e.last, e.lastK = append(e.last[:0], msg...), k
	if m := e.miner(k); !seen(m, msg) {
		m.Add(string(msg), 1)
	}
}

// text is the pattern of a record's message.
func (e *exportPatterns) text(k patternKey, msg string) string {
	m := e.miner(k)
	if e.final {
		if id, ok := m.Lookup(msg); ok {
			return m.Text(id)
		}
		// Not in the first read: the log changed in between.
	}
	return m.Text(m.Add(msg, 1))
}

// patternMiner is the sink of the first read: it mines every record's
// message under its error type, as sel classifies it.
type patternMiner struct {
	sel *model.Selector
	ps  *exportPatterns
}

func (p patternMiner) Add(r *model.Rec) {
	p.sel.Match(r)
	if r.Bad != "" {
		return
	}
	code, title, typ := p.sel.Last()
	p.ps.mine(patternKey{r.Format, code, title, typ}, r.Msg)
}

func seen(m *model.Miner, msg []byte) bool {
	_, ok := m.LookupBytes(msg)
	return ok
}
