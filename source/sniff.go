package source

import (
	"bytes"
	"fmt"
	"strings"
)

// notLogBytes is how far into a log a line end or a record must come: a
// file whose first MiB holds neither is not a log (/dev/zero, a bomb of
// zeros, a binary), and reading it further would only cost time.
const notLogBytes = 1 << 20

// NotLogError says that an input is not a log errscope reads, and what to
// do with it.
type NotLogError struct {
	Name string
	What string // what it is, e.g. "bzip2-compressed"
	Do   string // what to do, e.g. "bunzip2 -k FILE"
}

func (e *NotLogError) Error() string {
	return fmt.Sprintf("%s: not a log: %s; %s", e.Name, e.What, e.Do)
}

// fileKind names a kind of file errscope does not read, and how to get a
// log out of it. In the commands, FILE stands for the file's name, and
// through a pipe (standard input) for the command that made it.
type fileKind struct {
	what     string
	file     string // with a file named FILE
	pipe     string // on standard input
	gzipped  string // what it is inside a gzip file
	gzipFile string
}

var (
	kindBzip2 = fileKind{what: "it is bzip2-compressed", file: "decompress it first: bunzip2 -k FILE (or bzcat FILE | errscope summary -)",
		pipe: "decompress it first: ... | bzcat | errscope summary -"}
	kindXz = fileKind{what: "it is xz-compressed", file: "decompress it first: unxz -k FILE (or xzcat FILE | errscope summary -)",
		pipe: "decompress it first: ... | xzcat | errscope summary -"}
	kindZstd = fileKind{what: "it is zstd-compressed", file: "decompress it first: unzstd FILE (or zstdcat FILE | errscope summary -)",
		pipe: "decompress it first: ... | zstdcat | errscope summary -"}
	kindLz4 = fileKind{what: "it is lz4-compressed", file: "decompress it first: unlz4 FILE (or lz4cat FILE | errscope summary -)",
		pipe: "decompress it first: ... | lz4cat | errscope summary -"}
	kindZip = fileKind{what: "it is a zip archive", file: "list it with unzip -l FILE, then read a log in it: unzip -p FILE NAME | errscope summary -",
		pipe: "save it, list it with unzip -l, then read a log in it: unzip -p FILE NAME | errscope summary -"}
	kind7z = fileKind{what: "it is a 7z archive", file: "list it with 7z l FILE, then read a log in it: 7z e -so FILE NAME | errscope summary -",
		pipe: "save it, list it with 7z l, then read a log in it: 7z e -so FILE NAME | errscope summary -"}
	kindTar = fileKind{what: "it is a tar archive", file: "list it with tar -tf FILE, then read a log in it: tar -xOf FILE NAME | errscope summary -",
		pipe:    "read a log in it: ... | tar -xO NAME | errscope summary -",
		gzipped: "it is a gzipped tar archive", gzipFile: "list it with tar -tzf FILE, then read a log in it: tar -xzOf FILE NAME | errscope summary -"}
	kindUTF16 = fileKind{what: "it is UTF-16 text", file: "convert it to UTF-8 first: iconv -f UTF-16 -t UTF-8 FILE > FILE.utf8",
		pipe: "convert it to UTF-8 first: ... | iconv -f UTF-16 -t UTF-8 | errscope summary -"}
	kindCR = fileKind{what: "its lines end with a carriage return only (CR, no LF)", file: "convert its line ends first: tr '\\r' '\\n' < FILE > FILE.lf",
		pipe: "convert its line ends first: ... | tr '\\r' '\\n' | errscope summary -"}
	kindNoLines = fileKind{what: "its first MiB holds no line end and no JSON", file: "is it the right file? errscope reads error logs: JSON lines or Protegrity JSON responses, gzipped or not",
		pipe: "is it the right input? errscope reads error logs: JSON lines or Protegrity JSON responses, gzipped or not"}
)

// sniff recognizes, from the first bytes of a log (decompressed), a kind of
// file that is not a log; nil when it may be one.
func sniff(head []byte) *fileKind {
	has := func(magic string) bool { return bytes.HasPrefix(head, []byte(magic)) }
	switch {
	case len(head) >= 4 && has("BZh") && '1' <= head[3] && head[3] <= '9':
		return &kindBzip2
	case has("\xfd7zXZ\x00"):
		return &kindXz
	case has("\x28\xb5\x2f\xfd"):
		return &kindZstd
	case has("\x04\x22\x4d\x18"):
		return &kindLz4
	case has("PK\x03\x04"), has("PK\x05\x06"), has("PK\x07\x08"):
		return &kindZip
	case has("7z\xbc\xaf\x27\x1c"):
		return &kind7z
	case len(head) >= 262 && string(head[257:262]) == "ustar":
		return &kindTar
	case isUTF16(head):
		return &kindUTF16
	}
	return nil
}

// isUTF16 says whether text is UTF-16: a byte order mark, or (of ASCII text
// such as JSON) a zero byte in every other place.
func isUTF16(head []byte) bool {
	if bytes.HasPrefix(head, []byte{0xff, 0xfe}) || bytes.HasPrefix(head, []byte{0xfe, 0xff}) {
		return true
	}
	n := min(len(head), 512) &^ 1
	if n < 4 {
		return false
	}
	var even, odd int
	for i := 0; i < n; i += 2 {
		if head[i] == 0 {
			even++
		}
		if head[i+1] == 0 {
			odd++
		}
	}
	pairs := n / 2
	return (odd*4 >= pairs*3 && even == 0) || (even*4 >= pairs*3 && odd == 0)
}

// crOnly says whether text ends its lines with CR alone: a CR followed by
// more than white space, and no LF at all.
func crOnly(head []byte) bool {
	if bytes.IndexByte(head, '\n') >= 0 {
		return false
	}
	i := bytes.IndexByte(head, '\r')
	return i >= 0 && len(bytes.TrimSpace(head[i:])) > 0
}

// noLines says whether a head of notLogBytes (the file going on past it)
// holds no line end and does not start a JSON value: not a log.
func noLines(head []byte, full bool) bool {
	if !full || bytes.IndexByte(head, '\n') >= 0 {
		return false
	}
	t := bytes.TrimLeft(bytes.TrimPrefix(head, bom), " \t\r")
	return len(t) == 0 || (t[0] != '{' && t[0] != '[')
}

// notLog makes the error for an input of kind k.
func notLog(in *Input, k *fileKind) error {
	what, do := k.what, k.file
	if in.stdin {
		do = k.pipe
	}
	if in.Compressed {
		if k.gzipped != "" {
			what, do = k.gzipped, k.gzipFile
		} else {
			what += ", inside the gzip data"
			if k != &kindNoLines {
				do = "gunzip it (gunzip -k FILE), then " + do
			}
		}
	}
	if in.stdin {
		do = strings.ReplaceAll(do, "FILE", "-")
	} else {
		do = strings.ReplaceAll(do, "FILE", shellQuote(in.Name))
	}
	return &NotLogError{Name: in.Name, What: what, Do: do}
}

// shellQuote quotes a file name for a shell command when it needs it.
func shellQuote(s string) string {
	for _, c := range []byte(s) {
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || bytes.IndexByte([]byte("-_./+,:@"), c) >= 0) {
			return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
		}
	}
	return s
}
