// Package cli is errscope's command line as data: each command, its flags,
// the values a flag takes and what its arguments are. main parses with the
// flag sets it makes (FlagSet) and `errscope completion` writes the shell
// scripts from it (Bash, Zsh, Fish), so the two cannot drift apart.
package cli

import (
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/errscope/errscope/model"
)

// Arg says what a value (a flag's or a positional one) is, for completion.
type Arg int

const (
	ArgNone   Arg = iota // a bool flag: no value
	ArgText              // free text: nothing to complete
	ArgFile              // a file name
	ArgValues            // one of Values
)

// Flag is one flag of a command. Name is written --name (-n for a one-letter
// name, as Go's flag package also reads --n and -name).
type Flag struct {
	Name   string
	Arg    Arg
	Meta   string   // the value's name in usage: FILE, Q, MODE
	Values []string // for ArgValues
	Help   string
}

// Dash is the flag as people type it: -o, --format.
func (f Flag) Dash() string {
	if len(f.Name) == 1 {
		return "-" + f.Name
	}
	return "--" + f.Name
}

// Command is one command. The TUI is the command named "" (errscope LOG...).
type Command struct {
	Name  string
	Help  string // what it does, in a line
	Flags []Flag
	// Args is what the positional arguments are; ArgValues takes Values
	// (a function, since the catalog's formats are data).
	Args   Arg
	Values func() []string
}

// Flag finds a flag of the command by name.
func (c *Command) Flag(name string) (Flag, bool) {
	for _, f := range c.Flags {
		if f.Name == name {
			return f, true
		}
	}
	return Flag{}, false
}

// The values flags take, as ARCHITECTURE.md's command-line contract fixes
// them.
var (
	SummaryFormats = []string{"text", "markdown", "json", "csv"}
	ExportFormats  = []string{"refs", "ndjson", "csv", "input"}
	DiffFormats    = []string{"text", "markdown", "json", "refs"}
	CodesFormats   = []string{"text", "markdown", "json"}
	DiffClasses    = []string{"fixed", "still", "changed", "new", "not-resent"}
	SetModes       = []string{"insert", "create", "upsert", "merge", "delete", "gdpr_delete"}
	Shells         = []string{"bash", "zsh", "fish"}
)

// Flags that several commands share.
var (
	flagQuery   = Flag{Name: "query", Arg: ArgText, Meta: "Q", Help: "only the records the filter query matches"}
	flagInput   = Flag{Name: "input", Arg: ArgFile, Meta: "BATCH", Help: "the uploaded batch file, to join records to"}
	flagCatalog = Flag{Name: "catalog", Arg: ArgFile, Meta: "FILE", Help: "catalog entries of your own (JSON, as codes --format json prints)"}
	flagRef     = Flag{Name: "ref", Arg: ArgText, Meta: "PATH", Help: "field of the record's ref (dotted path)"}
	flagCode    = Flag{Name: "code", Arg: ArgText, Meta: "PATH", Help: "field of the error code"}
	flagMessage = Flag{Name: "message", Arg: ArgText, Meta: "PATH", Help: "field of the message"}
	flagConnect = Flag{Name: "connect-timeout", Arg: ArgText, Meta: "DURATION", Help: "longest wait to connect to a log's URL"}
	flagRead    = Flag{Name: "read-timeout", Arg: ArgText, Meta: "DURATION", Help: "longest wait for the next bytes of a log's URL"}
	flagMaxLine = Flag{Name: "max-line", Arg: ArgText, Meta: "SIZE", Help: "longest line or Protegrity item read whole (default 64MiB); a longer one is cut"}
)

// logFlags are the flags of every command that reads logs.
var logFlags = []Flag{flagCatalog, flagRef, flagCode, flagMessage, flagConnect, flagRead, flagMaxLine}

// Commands is the command line: the TUI first, then the commands in the
// order usage lists them.
var Commands = []*Command{
	{Name: "", Help: "open the logs in the TUI", Args: ArgFile, Flags: append([]Flag{
		flagQuery, flagInput,
		{Name: "baseline", Arg: ArgFile, Meta: "BEFORE", Help: "an earlier log: mark each record fixed, still, changed or new"},
		{Name: "memory", Arg: ArgText, Meta: "SIZE", Help: "memory budget (default half the memory available; off: none): past it the table keeps the records it has, and counts the rest"},
		{Name: "help", Help: "the help"}, {Name: "h", Help: "the help"},
		{Name: "version", Help: "the version"}, {Name: "v", Help: "the version"},
	}, logFlags...)},
	{Name: "summary", Help: "the error groups, without a screen", Args: ArgFile, Flags: append([]Flag{
		flagQuery, flagInput,
		{Name: "format", Arg: ArgValues, Meta: "F", Values: SummaryFormats, Help: "output format"},
	}, logFlags...)},
	{Name: "export", Help: "the records a query matches, to a file", Args: ArgFile, Flags: append([]Flag{
		flagQuery, flagInput,
		{Name: "format", Arg: ArgValues, Meta: "F", Values: ExportFormats, Help: "output format"},
		{Name: "set-mode", Arg: ArgValues, Meta: "MODE", Values: SetModes, Help: "the mode of the records written back as input"},
		{Name: "part-size", Arg: ArgText, Meta: "BYTES", Help: "split the output into parts of at most this size"},
		{Name: "o", Arg: ArgFile, Meta: "FILE", Help: "the file to write"},
		{Name: "force", Help: "write over an existing file"},
	}, logFlags...)},
	{Name: "diff", Help: "what a retry fixed: two logs compared by ref", Args: ArgFile, Flags: append([]Flag{
		{Name: "format", Arg: ArgValues, Meta: "F", Values: DiffFormats, Help: "output format"},
		{Name: "class", Arg: ArgValues, Meta: "CLASS", Values: DiffClasses, Help: "only the records of this class"},
		{Name: "resent", Arg: ArgFile, Meta: "BATCH", Help: "the batch file that was sent again"},
	}, logFlags...)},
	{Name: "codes", Help: "what each code means, and the remedy", Args: ArgValues, Values: catalogFormats, Flags: []Flag{
		{Name: "format", Arg: ArgValues, Meta: "F", Values: CodesFormats, Help: "output format"},
		flagCatalog,
		{Name: "check", Arg: ArgFile, Meta: "FILE", Help: "check a catalog file and say what is wrong, where"},
	}},
	{Name: "completion", Help: "a shell's completion script", Args: ArgValues, Values: func() []string { return Shells }},
	{Name: "help", Help: "the help"},
	{Name: "version", Help: "the version"},
}

func catalogFormats() []string { return model.DefaultCatalog().Formats() }

// Lookup finds a command by name ("" is the TUI).
func Lookup(name string) *Command {
	for _, c := range Commands {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// Names are the commands' names (not the TUI's "").
func Names() []string {
	var out []string
	for _, c := range Commands {
		if c.Name != "" {
			out = append(out, c.Name)
		}
	}
	return out
}

// FlagSet makes the command's flag set, each flag of the table bound to
// the variable main reads it into: bind maps a flag's name to a *string,
// *bool, *int64, *time.Duration or flag.Value, whose value now is the flag's default. A
// variable for a flag the table does not have panics (a test runs every
// command), so every flag main reads is in the table and in the completion
// scripts. A flag of the table that main does not read yet is parsed and
// says it is not built yet.
func (c *Command) FlagSet(out io.Writer, bind map[string]any) *flag.FlagSet {
	name := c.Name
	if name == "" {
		name = "errscope"
	}
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(out)
	for k := range bind {
		if _, ok := c.Flag(k); !ok {
			panic(fmt.Sprintf("cli: %s: flag %q is not in the table (model/cli)", name, k))
		}
	}
	for _, f := range c.Flags {
		v, ok := bind[f.Name]
		if !ok {
			fs.Var(notBuilt{f}, f.Name, f.Help)
			continue
		}
		switch p := v.(type) {
		case *bool:
			if f.Arg != ArgNone {
				panic(fmt.Sprintf("cli: %s: flag %s takes a value, bound to a bool", name, f.Dash()))
			}
			fs.BoolVar(p, f.Name, *p, f.Help)
			continue
		case *string:
			fs.StringVar(p, f.Name, *p, f.Help)
		case *int64:
			fs.Int64Var(p, f.Name, *p, f.Help)
		case *time.Duration:
			fs.DurationVar(p, f.Name, *p, f.Help)
		case flag.Value:
			fs.Var(p, f.Name, f.Help)
		default:
			panic(fmt.Sprintf("cli: %s: flag %s bound to a %T", name, f.Dash(), v))
		}
		if f.Arg == ArgNone {
			panic(fmt.Sprintf("cli: %s: flag %s takes no value, bound to a %T", name, f.Dash(), v))
		}
	}
	return fs
}

// notBuilt stands for a flag of the contract that this build does not read
// yet: using it is a usage error that says so.
type notBuilt struct{ f Flag }

func (n notBuilt) String() string   { return "" }
func (n notBuilt) IsBoolFlag() bool { return n.f.Arg == ArgNone }
func (n notBuilt) Set(string) error {
	return fmt.Errorf("not built yet in this version of errscope")
}

// CheckValue says whether v is one of the flag's values, with a usage
// message naming them when it is not.
func (c *Command) CheckValue(flagName, v string) error {
	f, ok := c.Flag(flagName)
	if !ok || f.Arg != ArgValues || slices.Contains(f.Values, v) {
		return nil
	}
	what := c.Name
	if what == "" {
		what = "errscope"
	}
	return fmt.Errorf("%s: unknown %s %q (%s)", what, f.Dash(), v, strings.Join(f.Values, ", "))
}
