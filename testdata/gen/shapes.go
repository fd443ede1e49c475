package main

import (
	"bufio"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
)

// A shape is a message with variable parts: its text has a %s for each,
// and each slot draws its value from a realistic set (or makes one).
type shape struct {
	code  string
	text  string
	slots []slot
}

// A slot makes a value; prev holds the values of the slots before it.
type slot func(r *rand.Rand, prev []any) string

func oneOf(vals ...string) slot {
	return func(r *rand.Rand, _ []any) string { return vals[skewed(r, len(vals))] }
}

// otherThanLast draws a value that differs from the previous slot's.
func otherThanLast(vals ...string) slot {
	return func(r *rand.Rand, prev []any) string {
		for {
			if v := vals[r.IntN(len(vals))]; v != prev[len(prev)-1] {
				return v
			}
		}
	}
}

func guestID(r *rand.Rand, _ []any) string {
	var b [36]byte
	return string(appendUUID(b[:0], r.Uint64(), r.Uint64()))
}

var (
	extFields   = []string{"ext.birthYear", "ext.vipSince", "ext.loyaltyPoints", "ext.optIn", "ext.lastVisit", "ext.storeId", "ext.balance", "ext.tier"}
	typeNames   = []string{"integer", "string", "boolean", "number", "date"}
	emailDomain = []string{"example.com", "mail.example.org", "shop.example.net"}
)

// sitecoreShapes are the messages of -messages varied: several shapes per
// error type, as CDP words them, with the catalog's match words kept.
var sitecoreShapes = []shape{
	{"400", "Validation error: undefined attribute '%s'", []slot{oneOf(prefixed("ext.", undefinedAttrs)...)}},
	{"400", "Validation error: attribute '%s' expected %s but got %s", []slot{oneOf(extFields...), oneOf(typeNames...), otherThanLast(typeNames...)}},
	{"400", "Validation error: value of attribute '%s' is %s characters long, at most %s allowed", []slot{oneOf("firstName", "lastName", "city", "street"), number(51, 400), oneOf("50", "100", "255")}},
	{"400", "Identity information missing: no identifier of type '%s'", []slot{oneOf(identityProviders...)}},
	{"402", "Unsupported mode '%s'", []slot{oneOf(badModes...)}},
	{"403", "Action not allowed: guest %s has an active session", []slot{guestID}},
	{"403", "Action not allowed: insufficient permissions for client '%s'", []slot{oneOf("import-job", "crm-sync", "loyalty-etl", "web-tracker")}},
	{"404", "Guest %s not found", []slot{guestID}},
	{"409", "Resource conflict: identity '%s' already exists", []slot{email}},
	{"409", "Resource conflict", nil},
	{"500", "Server error: request %s timed out after %s ms, please retry", []slot{requestID, number(1000, 30000)}},
	{"500", "Server error: upstream %s returned %s", []slot{oneOf("profile-store:8080", "identity-graph:8443", "segment-service:9090"), oneOf("502", "503", "504")}},
}

// shapeWeights gives the shapes about the mix of the fixed messages.
var shapeWeights = newWeighted(15, 8, 2, 8, 5, 4, 3, 12, 10, 25, 5, 3)

func prefixed(p string, vals []string) []string {
	out := make([]string, len(vals))
	for i, v := range vals {
		out[i] = p + v
	}
	return out
}

func number(lo, hi int) slot {
	return func(r *rand.Rand, _ []any) string { return strconv.Itoa(lo + r.IntN(hi-lo)) }
}

func email(r *rand.Rand, _ []any) string {
	f, l := firstNames[r.IntN(len(firstNames))], lastNames[r.IntN(len(lastNames))]
	return strings.ToLower(f+"."+l) + "@" + emailDomain[r.IntN(len(emailDomain))]
}

func requestID(r *rand.Rand, _ []any) string { return fmt.Sprintf("%016x", r.Uint64()) }

// shapeTruth is what genShaped wrote: records per shape, and per shape and
// slot the count of each value.
type shapeTruth struct {
	records []int
	values  [][]map[string]int
}

func newShapeTruth() *shapeTruth {
	t := &shapeTruth{records: make([]int, len(sitecoreShapes)), values: make([][]map[string]int, len(sitecoreShapes))}
	for i, s := range sitecoreShapes {
		for range s.slots {
			t.values[i] = append(t.values[i], map[string]int{})
		}
	}
	return t
}

// genShaped writes n Sitecore error-log lines whose messages come from
// sitecoreShapes. With distinct set, every message also carries its own
// number (a line number in the uploaded file), so no two are the same.
func genShaped(w *bufio.Writer, n int, seed uint64, distinct bool, counts map[string]int, truth *shapeTruth) {
	r := newRand(seed, 0x5a9e5)
	line := make([]byte, 0, 256)
	var ref [36]byte
	args := make([]any, 0, 4)
	for i := 0; i < n; i++ {
		si := shapeWeights.pick(r)
		s := &sitecoreShapes[si]
		args = args[:0]
		for k, sl := range s.slots {
			v := sl(r, args)
			args = append(args, v)
			if truth != nil {
				truth.values[si][k][v]++
			}
		}
		msg := s.text
		if len(args) > 0 {
			msg = fmt.Sprintf(s.text, args...)
		}
		if distinct {
			msg += " (batch line " + strconv.Itoa(i+1) + ")"
		}
		if truth != nil {
			truth.records[si]++
		}
		appendUUID(ref[:0], r.Uint64(), r.Uint64())
		line = append(line[:0], `{"ref": "`...)
		line = append(line, ref[:]...)
		line = append(line, `", "code": "`...)
		line = append(line, s.code...)
		line = append(line, `", "message": `...)
		line = strconv.AppendQuote(line, msg)
		line = append(line, "}\n"...)
		w.Write(line)
		counts[s.code]++
	}
}
