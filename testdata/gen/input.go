package main

import (
	"bufio"
	"math/rand/v2"
	"strconv"
)

// inputGen writes the uploaded batch file an error log came from: one
// {"ref","schema","mode","value"} line per record, every failed record plus
// about four successful ones per failure. It draws from its own random stream
// so the error log is the same with or without -input.
type inputGen struct {
	w    *bufio.Writer
	r    *rand.Rand
	line []byte
	ref  [36]byte
}

var (
	firstNames = []string{"Anna", "Ben", "Chloe", "David", "Emma", "Finn", "Grace", "Hugo", "Isla", "Jack", "Kate", "Liam", "Maya", "Noah", "Olivia", "Paul"}
	lastNames  = []string{"Smith", "Jones", "Taylor", "Brown", "Wilson", "Evans", "Walsh", "Murphy", "Kelly", "Byrne", "Ryan", "OBrien", "Lynch", "Doyle"}
	okModes    = []string{"upsert", "merge", "insert", "delete", "create", "gdpr_delete"}
	okModeW    = newWeighted(70, 14, 8, 5, 2, 1)
)

func newInputGen(w *bufio.Writer, seed uint64) *inputGen {
	return &inputGen{w: w, r: newRand(seed, 0x1a9a7), line: make([]byte, 0, 512)}
}

// failed writes a few successful records and then the failed record ref.
func (g *inputGen) failed(ref []byte, m *scMsg) {
	g.successes(g.r.IntN(9))
	mode := m.mode
	switch {
	case mode == "insert" && g.r.IntN(3) == 0:
		mode = "create"
	case mode == "":
		mode = okModes[okModeW.pick(g.r)]
	}
	g.record(ref, mode, m)
}

// finish writes the successful records after the last failure.
func (g *inputGen) finish() { g.successes(g.r.IntN(9)) }

func (g *inputGen) successes(k int) {
	for ; k > 0; k-- {
		appendUUID(g.ref[:0], g.r.Uint64(), g.r.Uint64())
		g.record(g.ref[:], okModes[okModeW.pick(g.r)], nil)
	}
}

func (g *inputGen) record(ref []byte, mode string, m *scMsg) {
	r := g.r
	first, last := firstNames[r.IntN(len(firstNames))], lastNames[r.IntN(len(lastNames))]
	b := append(g.line[:0], `{"ref":"`...)
	b = append(b, ref...)
	b = append(b, `","schema":"guest","mode":"`...)
	b = append(b, mode...)
	b = append(b, `","value":{`...)
	if m == nil || !m.noEmail {
		b = append(b, `"email":"`...)
		b = appendLower(b, first)
		b = append(b, '.')
		b = appendLower(b, last)
		b = strconv.AppendInt(b, int64(r.IntN(100000)), 10)
		b = append(b, `@example.com",`...)
	}
	b = append(b, `"firstName":"`...)
	b = append(b, first...)
	b = append(b, `","lastName":"`...)
	b = append(b, last...)
	b = append(b, `","extensions":[{"name":"ext","key":"default","points":`...)
	points := strconv.AppendInt(nil, int64(r.IntN(5000)), 10)
	if m != nil && m.field == "points" {
		b = appendAs(b, m.wasType, points)
	} else {
		b = append(b, points...)
	}
	tier := [...]string{"bronze", "silver", "gold"}[r.IntN(3)]
	if m != nil && m.field == "tier" {
		b = append(b, `,"tier":`...)
		b = appendAs(b, m.wasType, strconv.AppendInt(nil, int64(r.IntN(3)), 10))
	} else {
		b = append(b, `,"tier":"`...)
		b = append(b, tier...)
		b = append(b, '"')
	}
	if m != nil && m.field != "" && m.field != "points" && m.field != "tier" {
		b = append(b, `,"`...)
		b = append(b, m.field...)
		b = append(b, `":`...)
		b = appendAs(b, m.wasType, strconv.AppendInt(nil, int64(r.IntN(100)), 10))
	}
	if m != nil && m.attr != "" {
		b = append(b, `,"`...)
		b = append(b, m.attr...)
		b = append(b, `":"x"`...)
	}
	b = append(b, "}]}}\n"...)
	g.line = b
	g.w.Write(b)
}

// appendAs writes digits as a JSON value of the named type.
func appendAs(b []byte, typ string, digits []byte) []byte {
	switch typ {
	case "string":
		b = append(b, '"')
		b = append(b, digits...)
		return append(b, '"')
	case "number":
		b = append(b, digits...)
		return append(b, ".5"...)
	case "boolean":
		return append(b, "true"...)
	case "null":
		return append(b, "null"...)
	}
	return append(b, digits...)
}

func appendLower(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		b = append(b, c)
	}
	return b
}

// genUnparsed writes, after the rest, k records of the batch file
// pretty-printed (as a hand-edited or wrongly exported file has them): the
// service cannot parse any of their lines, and the error log answers each
// line with ref "null" and "Failed to parse import line".
func genUnparsed(w *bufio.Writer, in *output, k int, seed uint64, counts map[string]int) {
	var ref [36]byte
	r := newRand(seed, 0xbadf00d)
	for i := 0; i < k; i++ {
		appendUUID(ref[:0], r.Uint64(), r.Uint64())
		lines := []string{
			"{",
			`  "ref": "` + string(ref[:]) + `",`,
			`  "schema": "guest",`,
			`  "mode": "upsert",`,
			`  "value": {"email": "pretty` + strconv.Itoa(i) + `@example.com", "firstName": "Pat"}`,
			"}",
		}
		for _, l := range lines {
			if in != nil {
				in.WriteString(l + "\n")
			}
			w.WriteString(`{"ref":"null","code":"400","message":"Failed to parse import line"}` + "\n")
			counts["400"]++
		}
	}
}
