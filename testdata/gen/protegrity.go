package main

import (
	"bufio"
	"encoding/base64"
	"math/rand/v2"
	"strconv"
	"strings"
)

// A Protegrity item kind. Success items take their code from the operation.
type pgKind struct {
	code    int // 0 for success (see pgOp) and warning
	rtype   string
	message string
}

var pgKinds = []pgKind{
	{0, "success", ""},
	{0, "warning", ""},
	{22, "error", "Data is too short to be protected/unprotected."},
	{23, "error", "Data is too long to be protected/unprotected."},
	{3, "error", "The user does not have the appropriate permissions to perform the requested operation."},
	{2, "error", "The data element could not be found in the policy."},
	{1, "error", "The username could not be found in the policy."},
	{12, "error", "Input is null or not within allowed limits."},
	{44, "error", "The content of the input data is not valid."},
	{9, "error", "Data unprotect operation failed."},
	{7, "error", "Data protect operation failed."},
	{31, "error", "Policy not available."},
}

// Per mille: ~60% success, ~5% warning, the rest errors with 22 the most.
var pgKindW = newWeighted(600, 50, 140, 50, 35, 28, 25, 25, 20, 12, 8, 7)

type pgOp struct {
	name        string // wrapper key; "" = a bare {"bulk": ...} document
	successCode int
}

var (
	pgBare = pgOp{"", 6}
	pgOps  = []pgOp{{"protect", 6}, {"unprotect", 8}, {"reprotect", 50}}
)

type pgGen struct {
	w      *bufio.Writer
	r      *rand.Rand // item details and per-document choices
	kinds  *rand.PCG  // item kinds, replayed per document: see doc
	counts map[string]int
	buf    []byte
	raw    [32]byte
}

// genProtegrity writes n items as Protegrity v1 bulk responses in the given
// layout, k items per bulk document (pretty: one document with all n).
func genProtegrity(w *bufio.Writer, layout string, n, k int, seed uint64, counts map[string]int) {
	g := &pgGen{
		w:      w,
		r:      newRand(seed, 0x9807e617),
		kinds:  rand.NewPCG(0, 0),
		counts: counts,
		buf:    make([]byte, 0, 4096),
	}
	switch layout {
	case "pretty":
		g.doc(1, n, pgBare, true, "")
		w.WriteByte('\n')
	case "array":
		if n == 0 {
			w.WriteString("[]\n")
			return
		}
		w.WriteString("[\n")
		for id, done := 1, 0; done < n; id++ {
			m := min(k, n-done)
			if done > 0 {
				w.WriteString(",\n")
			}
			g.doc(id, m, pgBare, true, "   ")
			done += m
		}
		w.WriteString("\n]\n")
	default: // ndjson, wrapped
		for id, done := 1, 0; done < n; id++ {
			m := min(k, n-done)
			op := pgBare
			if layout == "wrapped" {
				op = pgOps[g.r.IntN(len(pgOps))]
			}
			g.doc(id, m, op, false, "")
			w.WriteByte('\n')
			done += m
		}
	}
}

// doc writes one bulk document of m items. The bulk's returntype comes before
// its items, so the item kinds are drawn twice from the same seed: once to
// find the returntype, once to write them. Memory stays constant.
func (g *pgGen) doc(bulkID, m int, op pgOp, pretty bool, ind string) {
	seed := g.r.Uint64()
	kr := rand.New(g.kinds)
	g.kinds.Seed(seed, 0x6b1d)
	rtype := "success"
	for i := 0; i < m; i++ {
		switch pgKinds[pgKindW.pick(kr)].rtype {
		case "error":
			rtype = "error"
		case "warning":
			if rtype == "success" {
				rtype = "warning"
			}
		}
	}
	g.kinds.Seed(seed, 0x6b1d)

	b := g.buf[:0]
	if pretty {
		b = append(b, ind+"{\n"+ind+`   "bulk":{`+"\n"+ind+`      "id":`...)
		b = strconv.AppendInt(b, int64(bulkID), 10)
		b = append(b, ",\n"+ind+`      "returntype":"`...)
		b = append(b, rtype...)
		if m == 0 {
			b = append(b, "\",\n"+ind+`      "data":[]`+"\n"...)
		} else {
			b = append(b, "\",\n"+ind+`      "data":[`+"\n"...)
		}
	} else {
		b = append(b, '{')
		if op.name != "" {
			b = append(b, '"')
			b = append(b, op.name...)
			b = append(b, `":{`...)
		}
		b = append(b, `"bulk":{"id":`...)
		b = strconv.AppendInt(b, int64(bulkID), 10)
		b = append(b, `,"returntype":"`...)
		b = append(b, rtype...)
		b = append(b, `","data":[`...)
	}

	itemInd := ind + strings.Repeat(" ", 9)
	for i := 1; i <= m; i++ {
		if len(b) > 64<<10 {
			g.w.Write(b)
			b = b[:0]
		}
		if i > 1 {
			b = append(b, ',')
			if pretty {
				b = append(b, '\n')
			}
		}
		b = g.item(b, i, &pgKinds[pgKindW.pick(kr)], op, pretty, itemInd)
	}

	if pretty {
		if m > 0 {
			b = append(b, "\n"+ind+"      ]\n"...)
		}
		b = append(b, ind+"   }\n"+ind+"}"...)
	} else {
		b = append(b, "]}}"...)
		if op.name != "" {
			b = append(b, '}')
		}
	}
	g.w.Write(b)
	g.buf = b
}

// item appends one data item; keys in the vendor's order.
func (g *pgGen) item(b []byte, id int, k *pgKind, op pgOp, pretty bool, ind string) []byte {
	var open, sep, close string
	if pretty {
		open, sep, close = ind+"{\n"+ind+"   ", ",\n"+ind+"   ", "\n"+ind+"}"
	} else {
		open, sep, close = "{", ",", "}"
	}
	b = append(b, open...)
	b = append(b, `"id":`...)
	b = strconv.AppendInt(b, int64(id), 10)
	switch k.rtype {
	case "success":
		b = append(b, sep...)
		b = append(b, `"returncode":"/rest-v1/returncodes/id/`...)
		b = strconv.AppendInt(b, int64(op.successCode), 10)
		b = append(b, `"`...)
		b = append(b, sep...)
		b = append(b, `"returntype":"success"`...)
		b = append(b, sep...)
		b = append(b, `"content":"`...)
		raw := g.raw[:16+g.r.IntN(17)]
		for j := 0; j < len(raw); j += 8 {
			v := g.r.Uint64()
			for x := j; x < j+8 && x < len(raw); x++ {
				raw[x] = byte(v)
				v >>= 8
			}
		}
		b = base64.StdEncoding.AppendEncode(b, raw)
		b = append(b, '"')
		g.counts[strconv.Itoa(op.successCode)]++
	case "warning":
		b = append(b, sep...)
		b = append(b, `"returntype":"warning"`...)
		b = append(b, sep...)
		b = append(b, `"content":null`...)
		g.counts["warning"]++
	default:
		b = append(b, sep...)
		b = append(b, `"message":`...)
		b = strconv.AppendQuote(b, k.message)
		b = append(b, sep...)
		b = append(b, `"returncode":"/rest-v1/returncodes/id/`...)
		b = strconv.AppendInt(b, int64(k.code), 10)
		b = append(b, `"`...)
		b = append(b, sep...)
		b = append(b, `"returntype":"error"`...)
		g.counts[strconv.Itoa(k.code)]++
	}
	return append(b, close...)
}
