package main

import (
	"bufio"
	"math/rand/v2"
)

// afterGen writes the error log of the same data after a fix and a re-send
// (for `errscope diff`): of the records that failed before, about half are
// fixed (absent after), 30% still fail the same way, 20% fail with another
// error type (a 400 validation error becomes a 400 identity error now and
// then: same code, another type). About one record in ten after is new. One
// in 500 is written with the ref null (unjoinable) and one in 500 repeats the
// ref of the line before it. With a re-sent batch file, one fixed record in
// five is left out of it: not re-sent rather than fixed. It draws from its
// own random stream, so the before log is the same with or without -after.
type afterGen struct {
	w      *bufio.Writer
	resent *bufio.Writer // nil: no re-sent batch file
	r      *rand.Rand
	cats   []scCategory
	line   []byte
	ref    [36]byte
	last   [36]byte
	hasRef bool
	counts map[string]int
}

func newAfterGen(w, resent *bufio.Writer, seed uint64, cats []scCategory) *afterGen {
	return &afterGen{w: w, resent: resent, r: newRand(seed, 0xaf7e2), cats: cats, line: make([]byte, 0, 256), counts: map[string]int{}}
}

// failed decides what became of a record that failed before with message m
// of category cat.
func (g *afterGen) failed(ref []byte, cat int, m *scMsg) {
	if g.r.IntN(10) == 0 {
		g.newRecord()
	}
	p := g.r.IntN(100)
	switch {
	case p < 50:
		if g.resent != nil && g.r.IntN(5) == 0 {
			g.counts["not_resent"]++
			return
		}
		g.counts["fixed"]++
	case p < 80:
		g.counts["still"]++
		g.write(ref, m)
	default:
		g.counts["changed"]++
		g.write(ref, g.other(cat))
	}
	g.resend(ref)
}

// other picks a message of another error type: for a validation error, now
// and then the identity error of the same code; else a category of another
// code.
func (g *afterGen) other(cat int) *scMsg {
	code := g.cats[cat].msgs[0].code
	if (cat == 1 || cat == 2) && g.r.IntN(2) == 0 {
		c := &g.cats[3] // 400 identity information missing
		return c.msgs[g.r.IntN(len(c.msgs))]
	}
	for {
		c := &g.cats[g.r.IntN(len(g.cats))]
		if c.msgs[0].code != code {
			return c.msgs[g.r.IntN(len(c.msgs))]
		}
	}
}

func (g *afterGen) newRecord() {
	appendUUID(g.ref[:0], g.r.Uint64(), g.r.Uint64())
	c := &g.cats[g.r.IntN(len(g.cats))]
	g.counts["new"]++
	g.write(g.ref[:], c.msgs[g.r.IntN(len(c.msgs))])
	g.resend(g.ref[:])
}

func (g *afterGen) write(ref []byte, m *scMsg) {
	g.line = append(append(append(g.line[:0], `{"ref": "`...), ref...), m.suffix...)
	g.w.Write(g.line)
	copy(g.last[:], ref)
	g.hasRef = true
	switch n := g.r.IntN(500); {
	case n == 0:
		// A record the service could not name: ref null.
		g.counts["unjoinable_after"]++
		g.w.WriteString(`{"ref": null` + string(m.suffix[1:]))
	case n == 1:
		// The same ref again, with another message: joined by the first.
		g.counts["repeated_after"]++
		g.line = append(append(append(g.line[:0], `{"ref": "`...), g.last[:]...), g.cats[7].msgs[0].suffix...)
		g.w.Write(g.line)
	}
}

func (g *afterGen) resend(ref []byte) {
	if g.resent == nil {
		return
	}
	g.resent.WriteString(`{"ref":"`)
	g.resent.Write(ref)
	g.resent.WriteString(`","schema":"guest","mode":"upsert","value":{"firstName":"Anna"}}` + "\n")
}
