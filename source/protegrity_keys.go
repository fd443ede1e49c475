package source

// The keys the Protegrity decoder knows, and the kinds of JSON values it names
// in its messages.

func valueKind(ch byte) string {
	switch ch {
	case '"':
		return "a string"
	case '[':
		return "an array"
	case '{':
		return "an object"
	case 't', 'f':
		return "a boolean"
	case 'n':
		return "null"
	}
	return "a number"
}

func isValueStart(ch byte) bool {
	switch ch {
	case '{', '[', '"', '-', 't', 'f', 'n':
		return true
	}
	return '0' <= ch && ch <= '9'
}

// key names the members the decoder looks at.
type key uint8

const (
	keyOther key = iota
	keyBulk
	keyProtect
	keyUnprotect
	keyReprotect
	keyID
	keyReturntype
	keyReturncode
	keyMessage
	keyData
	keyContent
)

var keyNames = [...]string{"", "bulk", "protect", "unprotect", "reprotect", "id", "returntype", "returncode", "message", "data", "content"}

func keyOf(m *member) key {
	if m.keyEscaped {
		for k := keyBulk; int(k) < len(keyNames); k++ {
			if m.keyIs(keyNames[k]) {
				return k
			}
		}
		return keyOther
	}
	switch string(m.key) {
	case "bulk":
		return keyBulk
	case "protect":
		return keyProtect
	case "unprotect":
		return keyUnprotect
	case "reprotect":
		return keyReprotect
	case "id":
		return keyID
	case "returntype":
		return keyReturntype
	case "returncode":
		return keyReturncode
	case "message":
		return keyMessage
	case "data":
		return keyData
	case "content":
		return keyContent
	}
	return keyOther
}
