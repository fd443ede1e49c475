package model

// The uploaded batch file (Sitecore CDP's `{"ref","schema","mode","value"}`
// a line) is joined to the error log by ref: these are the values the
// loading side (source) hands to the views and writers.

// BatchModes are the modes the Batch API accepts.
var BatchModes = []string{"insert", "create", "upsert", "merge", "delete", "gdpr_delete"}

// ValidBatchMode says whether m is one of BatchModes.
func ValidBatchMode(m string) bool {
	for _, v := range BatchModes {
		if m == v {
			return true
		}
	}
	return false
}

// BatchRecord is one line of the batch file, read back by its ref.
type BatchRecord struct {
	Ref     string
	Line    int64  // 1-based line in the batch file
	Schema  string // as written (decoded); "" when missing
	Mode    string
	Value   []byte // the value's JSON, as written; nil when missing
	HasMode bool
}

// BadBatchLine is a line of the batch file that is not one JSON object on
// one line with a ref: the service answers such a line with ref "null".
type BadBatchLine struct {
	Line int64
	Why  string
	Head string // its first bytes, not yet Printable
}

// BatchStats is what indexing the batch file has come to.
type BatchStats struct {
	Name       string
	Compressed bool
	Lines      int64 // lines read (blank ones included)
	Records    int64 // lines indexed by their ref
	Bad        int64 // lines that are not one-line JSON objects with a ref
	BadLines   []BadBatchLine
	Dups       int64 // lines whose ref an earlier line has
	Read, Size int64 // bytes of the file read, and its size (0: unknown)
	Done       bool
	Err        error // why it could not be read whole
}

// Batch is the uploaded batch file, indexed by ref.
type Batch interface {
	Stats() BatchStats
	// Has says whether the batch file has a line with this ref (false
	// until indexing is done).
	Has(ref string) bool
	// Record reads the line with this ref back from the file; ok is false
	// when there is none. It may take a while on a gzipped file.
	Record(ref string) (rec BatchRecord, ok bool, err error)
}

// PackUUID appends the 16 bytes of ref to dst when ref is a canonical
// lower-case UUID (as the store keeps refs); ok says whether it was.
func PackUUID(dst, ref []byte) (out []byte, ok bool) { return packUUID(dst, ref) }
