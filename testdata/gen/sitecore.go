package main

import (
	"bufio"
	"math/rand/v2"
	"strconv"
)

// A Sitecore failure kind: what the error log says, and enough about the cause
// to write a matching record in the uploaded batch file.
type scMsg struct {
	code   string
	suffix []byte // `", "code": "409", "message": "..."}` + "\n"

	mode    string // batch-file mode that leads to this error ("" = any)
	noEmail bool   // identity information missing
	attr    string // undefined attribute to put in the record
	field   string // extension field with the wrong type
	wasType string // the wrong type's name
}

// scCategory is one weighted group of messages; pick chooses within it.
type scCategory struct {
	weight int
	msgs   []*scMsg
	pick   func(r *rand.Rand, n int) int
}

var identityProviders = []string{"email", "SITECORE_ID", "loyalty_id", "crm_id", "phone"}

var undefinedAttrs = []string{
	"loyaltyTier", "favouriteStore", "preferredChannel", "membershipLevel",
	"customerSegment", "lastPurchaseDate", "lifetimeValue", "marketingOptIn",
	"smsOptIn", "homeStore", "accountManager", "vipStatus", "birthdayMonth",
	"preferred_language", "shoeSize", "clothingSize", "petName", "referralCode",
	"promoCode", "companyName", "jobTitle", "department", "middleName",
	"nickname", "Gender", "dob", "postCode", "loyaltyCardNumber", "loyaltyExpiry",
	"storeCredit", "giftCardBalance", "wishlistCount", "cartValue", "deviceType",
	"appVersion", "pushToken", "favouriteCategory", "householdSize", "incomeBand",
	"firstname",
}

// Extension fields and the type their schema declares.
var typedFields = []struct{ name, expected string }{
	{"points", "integer"}, {"loyaltyPoints", "integer"}, {"visits", "integer"},
	{"age", "integer"}, {"tier", "string"}, {"storeId", "string"},
	{"optIn", "boolean"}, {"vip", "boolean"}, {"newsletter", "boolean"},
	{"lifetimeValue", "number"}, {"balance", "number"}, {"lastVisit", "date"},
	{"memberSince", "date"}, {"renewalDate", "date"},
}

// The types a value was sent as, most common first.
var wasTypes = []string{"string", "integer", "number", "boolean", "null"}

var badModes = []string{"updat", "update", "upsrt", "UPSERT", "insrt", "merg", "delete_gdpr", "replace"}

func newScMsg(code, message string) *scMsg {
	s := `", "code": "` + code + `", "message": ` + strconv.Quote(message) + "}\n"
	return &scMsg{code: code, suffix: []byte(s)}
}

// headHeavy gives the first message most draws and spreads the rest evenly.
func headHeavy(pct int) func(r *rand.Rand, n int) int {
	return func(r *rand.Rand, n int) int {
		if n == 1 || r.IntN(100) < pct {
			return 0
		}
		return 1 + r.IntN(n-1)
	}
}

func sitecoreCategories() ([]scCategory, weighted) {
	var cats []scCategory
	add := func(weight int, pick func(*rand.Rand, int) int, msgs ...*scMsg) {
		cats = append(cats, scCategory{weight, msgs, pick})
	}

	// 409 ~35%: plain message dominant, a few variants naming the provider.
	conflicts := []*scMsg{newScMsg("409", "Resource conflict")}
	for _, p := range identityProviders {
		conflicts = append(conflicts, newScMsg("409", "Resource conflict: identity '"+p+"' already exists"))
	}
	for _, m := range conflicts {
		m.mode = "insert"
	}
	add(35, headHeavy(90), conflicts...)

	// 400 validation ~25%: undefined attributes (~4/5) and wrong types (~1/5).
	var undefined []*scMsg
	for _, a := range undefinedAttrs {
		m := newScMsg("400", "Validation error: undefined attribute '"+a+"'")
		m.attr = a
		undefined = append(undefined, m)
	}
	add(20, skewed, undefined...)
	var wrongType []*scMsg
	for _, f := range typedFields {
		for _, was := range wasTypes {
			if was == f.expected || (was == "number" && f.expected != "integer") {
				continue
			}
			m := newScMsg("400", "Validation error: incorrect data type for extension field '"+
				f.name+"', expected "+f.expected+" but was "+was)
			m.field, m.wasType = f.name, was
			wrongType = append(wrongType, m)
		}
	}
	add(5, skewed, wrongType...)

	// 400 identity missing ~8%.
	idMissing := []*scMsg{
		newScMsg("400", "Identity information missing"),
		newScMsg("400", "Not Enough Identifying Info"),
	}
	for _, m := range idMissing {
		m.noEmail = true
	}
	add(8, headHeavy(70), idMissing...)

	// 404 ~12%.
	notFound := []*scMsg{newScMsg("404", "Resource not found"), newScMsg("404", "Guest not found")}
	for _, m := range notFound {
		m.mode = "delete"
	}
	add(12, headHeavy(60), notFound...)

	// 403 ~7%.
	session := newScMsg("403", "Action not allowed: guest has an active session")
	session.mode = "delete"
	add(7, headHeavy(65), session, newScMsg("403", "Action not allowed: insufficient permissions"))

	// 402 ~5%.
	var modes []*scMsg
	for _, bm := range badModes {
		m := newScMsg("402", "Unsupported mode '"+bm+"'")
		m.mode = bm
		modes = append(modes, m)
	}
	add(5, skewed, modes...)

	// 500 ~8%.
	add(8, headHeavy(80), newScMsg("500", "Server error"), newScMsg("500", "Internal server error, please retry"))

	ws := make([]int, len(cats))
	for i, c := range cats {
		ws[i] = c.weight
	}
	return cats, newWeighted(ws...)
}

// genSitecore writes n error-log lines to w and, when in is set, the batch
// file they came from. The error log does not depend on whether in is set.
func genSitecore(w *bufio.Writer, in *output, after *afterGen, n int, seed uint64, counts map[string]int) {
	cats, pickCat := sitecoreCategories()
	r := newRand(seed, 0x5173c0de)
	var inGen *inputGen
	if in != nil {
		inGen = newInputGen(in.Writer, seed)
	}
	line := make([]byte, 0, 256)
	var ref [36]byte
	for i := 0; i < n; i++ {
		ci := pickCat.pick(r)
		c := &cats[ci]
		m := c.msgs[c.pick(r, len(c.msgs))]
		appendUUID(ref[:0], r.Uint64(), r.Uint64())
		line = append(line[:0], `{"ref": "`...)
		line = append(line, ref[:]...)
		line = append(line, m.suffix...)
		w.Write(line)
		counts[m.code]++
		if inGen != nil {
			inGen.failed(ref[:], m)
		}
		if after != nil {
			after.failed(ref[:], ci, m)
		}
	}
	if inGen != nil {
		inGen.finish()
	}
}

const hexDigits = "0123456789abcdef"

// appendUUID formats a random (version 4, RFC 4122 variant) UUID in lowercase.
func appendUUID(b []byte, hi, lo uint64) []byte {
	hi = hi&^(0xf<<12) | 4<<12
	lo = lo&^(0x3<<62) | 0x2<<62
	var raw [16]byte
	for i := 0; i < 8; i++ {
		raw[i] = byte(hi >> (56 - 8*i))
		raw[8+i] = byte(lo >> (56 - 8*i))
	}
	for i, c := range raw {
		if i == 4 || i == 6 || i == 8 || i == 10 {
			b = append(b, '-')
		}
		b = append(b, hexDigits[c>>4], hexDigits[c&0xf])
	}
	return b
}
