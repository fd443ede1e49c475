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

func TestUsageNamesConfigAndFormats(t *testing.T) {
	var b strings.Builder
	Usage(&b, "codes", "/cfg/errscope/catalog.json")
	if s := b.String(); !strings.Contains(s, "/cfg/errscope/catalog.json") || !strings.Contains(s, "sitecore") || strings.Contains(s, "{") {
		t.Errorf("codes usage:\n%s", s)
	}
}
