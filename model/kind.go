package model

// Type is what a record's error type means for the user: a failure to act on,
// a warning, a success that is only counted, or a line that was not a record.
type Type uint8

const (
	TypeError Type = iota
	TypeWarning
	TypeSuccess
	TypeBad
	typeCount
)

var typeNames = [...]string{"error", "warning", "success", "bad"}

func (t Type) String() string {
	if int(t) < len(typeNames) {
		return typeNames[t]
	}
	return "?"
}

// ParseType reads a type name as the query language and the catalog spell it.
func ParseType(s string) (Type, bool) {
	for i, n := range typeNames {
		if s == n {
			return Type(i), true
		}
	}
	return 0, false
}

// Kind is an error type: one group in the groups pane and in `summary`.
type Kind struct {
	Format string // "sitecore", "protegrity", "jsonl"
	Code   string // "409", "22"; "" for bad lines
	Title  string
	Type   Type
	Entry  *Entry // the catalog entry; nil when the catalog has none
	// Example is the message of the first record of this kind: for a code
	// the catalog does not know, it says more than "Unknown code".
	Example string
}
