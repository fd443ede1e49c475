package cli

import (
	"flag"
	"io"
	"slices"
	"strings"
	"testing"
)

func TestParseInterleaved(t *testing.T) {
	fs := flag.NewFlagSet("x", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	f := fs.String("format", "text", "")
	pos, err := Parse(fs, []string{"a.gz", "--format", "json", "b.gz", "--", "--format"})
	if err != nil || *f != "json" || !slices.Equal(pos, []string{"a.gz", "b.gz", "--format"}) {
		t.Errorf("got %q %q %v", pos, *f, err)
	}
}

func TestByteSize(t *testing.T) {
	for in, want := range map[string]int{"1048576": 1 << 20, "64MiB": 64 << 20, "64 mib": 64 << 20, "1G": 1 << 30, "2KB": 2048, "10B": 10} {
		var b ByteSize
		if err := b.Set(in); err != nil || int(b) != want {
			t.Errorf("%q: %d %v, want %d", in, b, err, want)
		}
	}
	for _, in := range []string{"", "0", "-5", "1TiB", "x", "2000GiB"} {
		var b ByteSize
		if err := b.Set(in); err == nil {
			t.Errorf("%q: no error (%d)", in, b)
		}
	}
}

// TestSizeOrOff: --memory takes a size as ByteSize reads it, or 0, off or
// none for no budget; anything else is an error that says what it takes.
func TestSizeOrOff(t *testing.T) {
	for in, want := range map[string]SizeOrOff{
		"30MB": {Size: 30 << 20, Given: true}, "2GiB": {Size: 2 << 30, Given: true},
		"0": {Off: true, Given: true}, "off": {Off: true, Given: true}, " None ": {Off: true, Given: true},
	} {
		var s SizeOrOff
		if err := s.Set(in); err != nil || s != want {
			t.Errorf("%q: %+v %v, want %+v", in, s, err, want)
		}
	}
	for _, in := range []string{"", "-5", "lots", "2000GiB"} {
		var s SizeOrOff
		if err := s.Set(in); err == nil || !strings.Contains(err.Error(), "not a size or off") {
			t.Errorf("%q: %+v, error %v", in, s, err)
		}
	}
}

// TestUsageNamesTUIFlags: the TUI's help names every flag of its command
// table.
func TestUsageNamesTUIFlags(t *testing.T) {
	var b strings.Builder
	Usage(&b, "", "/cfg")
	for _, f := range Lookup("").Flags {
		if !strings.Contains(b.String(), f.Dash()) {
			t.Errorf("the help does not name %s", f.Dash())
		}
	}
}

func TestUsageNamesConfigAndFormats(t *testing.T) {
	var b strings.Builder
	Usage(&b, "codes", "/cfg/errscope/catalog.json")
	if s := b.String(); !strings.Contains(s, "/cfg/errscope/catalog.json") || !strings.Contains(s, "sitecore") || strings.Contains(s, "{") {
		t.Errorf("codes usage:\n%s", s)
	}
}
