package cli

import (
	"bytes"
	"errors"
	"flag"
	"io"
	"slices"
	"strings"
	"testing"
)

func TestFlagSet(t *testing.T) {
	c := Lookup("summary")
	format, query := "text", ""
	fs := c.FlagSet(io.Discard, map[string]any{"format": &format, "query": &query})
	if err := fs.Parse([]string{"--format=json", "-query", "code:409", "x.gz"}); err != nil {
		t.Fatal(err)
	}
	if format != "json" || query != "code:409" || fs.Arg(0) != "x.gz" {
		t.Errorf("format %q query %q args %v", format, query, fs.Args())
	}
	// A flag of the table this build does not read says so.
	fs = c.FlagSet(io.Discard, map[string]any{"format": &format})
	err := fs.Parse([]string{"--input", "batch.gz"})
	if err == nil || !strings.Contains(err.Error(), "not built yet") {
		t.Errorf("unbound flag: %v", err)
	}
	// A flag main reads that the table lacks cannot be.
	defer func() {
		if r := recover(); r == nil || !strings.Contains(r.(string), `flag "colour" is not in the table`) {
			t.Errorf("recover %v", r)
		}
	}()
	var colour string
	c.FlagSet(io.Discard, map[string]any{"colour": &colour})
}

func TestFlagSetBool(t *testing.T) {
	var force bool
	var out string
	fs := Lookup("export").FlagSet(io.Discard, map[string]any{"force": &force, "o": &out})
	if err := fs.Parse([]string{"--force", "-o", "refs.txt"}); err != nil || !force || out != "refs.txt" {
		t.Errorf("%v force %v o %q", err, force, out)
	}
	if err := Lookup("export").FlagSet(io.Discard, nil).Parse([]string{"-h"}); !errors.Is(err, flag.ErrHelp) {
		t.Errorf("-h: %v", err)
	}
}

// TestTable: the values the contract fixes, and every command's flags are
// distinct and described.
func TestTable(t *testing.T) {
	if got := strings.Join(Names(), " "); got != "summary export diff codes completion help version" {
		t.Errorf("commands %q", got)
	}
	for _, c := range Commands {
		seen := map[string]bool{}
		for _, f := range c.Flags {
			if seen[f.Name] || f.Help == "" || (f.Arg == ArgValues) != (len(f.Values) > 0) {
				t.Errorf("%q: flag %+v", c.Name, f)
			}
			seen[f.Name] = true
		}
		if (c.Args == ArgValues) != (c.Values != nil) {
			t.Errorf("%q: args", c.Name)
		}
	}
	if f, _ := Lookup("diff").Flag("class"); !slices.Equal(f.Values, []string{"fixed", "still", "changed", "new", "not-resent"}) {
		t.Errorf("--class %v", f.Values)
	}
	if f, _ := Lookup("export").Flag("set-mode"); !slices.Equal(f.Values, []string{"insert", "create", "upsert", "merge", "delete", "gdpr_delete"}) {
		t.Errorf("--set-mode %v", f.Values)
	}
	if err := Lookup("summary").CheckValue("format", "yaml"); err == nil || err.Error() != `summary: unknown --format "yaml" (text, markdown, json, csv)` {
		t.Errorf("CheckValue: %v", err)
	}
	if err := Lookup("summary").CheckValue("format", "csv"); err != nil {
		t.Error(err)
	}
	var b bytes.Buffer
	for _, w := range []func(io.Writer) error{Bash, Zsh, Fish} {
		b.Reset()
		if err := w(&b); err != nil || !strings.Contains(b.String(), "gdpr_delete") {
			t.Errorf("script: %v", err)
		}
	}
}
