package model

import "fmt"

// sitecoreLine is one line of the Sitecore error log, as the generator and
// the vendor page write it.
func sitecoreLine(ref, code, msg string) []byte {
	return fmt.Appendf(nil, `{"ref": %q, "code": %q, "message": %q}`, ref, code, msg)
}

// addLine adds a Sitecore line with its holes, as the decoder would.
func addLine(s *Store, src, line int, ref, code, msg string) {
	raw := sitecoreLine(ref, code, msg)
	refStart := len(`{"ref": `)
	refEnd := refStart + len(ref) + 2
	codeStart := refEnd + len(`, "code": `)
	codeEnd := codeStart + len(code) + 2
	msgStart := codeEnd + len(`, "message": `)
	s.Add(&Rec{
		Source: src, Line: line, Format: "sitecore", Ref: []byte(ref), Code: []byte(code), Msg: []byte(msg), Raw: raw,
		Holes: []Hole{{FieldRef, refStart, refEnd}, {FieldCode, codeStart, codeEnd}, {FieldMsg, msgStart, len(raw) - 1}},
	})
}

var testMessages = []struct{ code, msg string }{
	{"409", "Resource conflict"},
	{"400", "Validation error: undefined attribute 'loyaltyTier'"},
	{"400", "Not Enough Identifying Info"},
	{"404", "Guest not found"},
	{"500", "Server error"},
	{"403", "Action not allowed: guest has an active session"},
	{"402", "Unsupported mode 'updat'"},
}

func testRef(i int) string {
	return fmt.Sprintf("%08x-4b77-4193-b9c2-%012x", i*2654435761&0xffffffff, i)
}

// fill adds n records cycling through testMessages.
func fill(s *Store, n int) {
	src := s.AddSource("import.gz")
	for i := range n {
		m := testMessages[i%len(testMessages)]
		addLine(s, src, i+1, testRef(i), m.code, m.msg)
	}
}
