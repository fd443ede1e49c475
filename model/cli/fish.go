package cli

import (
	"fmt"
	"io"
	"strings"
)

// Fish writes the fish completion script. Source it
// (errscope completion fish | source) or save it as
// ~/.config/fish/completions/errscope.fish.
func Fish(w io.Writer) error {
	var b strings.Builder
	names := strings.Join(Names(), " ")
	fmt.Fprintf(&b, `# fish completion for errscope; written by 'errscope completion fish'.
# Load it now: errscope completion fish | source
# For every shell: errscope completion fish > ~/.config/fish/completions/errscope.fish

# __errscope_cmd prints the command being completed ("" for the TUI).
function __errscope_cmd
    set -l words (commandline -opc)
    if test (count $words) -ge 2; and contains -- $words[2] %s
        echo $words[2]
    else
        echo ""
    end
end

function __errscope_is
    test (__errscope_cmd) = "$argv[1]"
end

# Only the TUI's first word may be a command.
function __errscope_first
    test (count (commandline -opc)) -eq 1
end

complete -c errscope -f
`, names)
	for _, c := range Commands {
		if c.Name != "" {
			fmt.Fprintf(&b, "complete -c errscope -n __errscope_first -a %s -d %s\n", c.Name, fishQuote(c.Help))
		}
	}
	for _, c := range Commands {
		cond := fishQuote("__errscope_is " + fishQuote(c.Name))
		fmt.Fprintf(&b, "\n# %s\n", orTUI(c.Name))
		flags := c.Flags
		if c.Name != "" {
			flags = append(flags[:len(flags):len(flags)], Flag{Name: "help", Help: "the help"})
		}
		for _, f := range flags {
			opt := "-l " + f.Name
			if len(f.Name) == 1 {
				opt = "-s " + f.Name
			}
			switch f.Arg {
			case ArgText:
				opt += " -x"
			case ArgFile:
				opt += " -r -F"
			case ArgValues:
				opt += " -x -a " + fishQuote(strings.Join(f.Values, " "))
			}
			fmt.Fprintf(&b, "complete -c errscope -n %s %s -d %s\n", cond, opt, fishQuote(f.Help))
		}
		switch c.Args {
		case ArgFile:
			fmt.Fprintf(&b, "complete -c errscope -n %s -F\n", cond)
		case ArgValues:
			fmt.Fprintf(&b, "complete -c errscope -n %s -a %s\n", cond, fishQuote(strings.Join(c.Values(), " ")))
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func orTUI(name string) string {
	if name == "" {
		return "errscope LOG... (the TUI)"
	}
	return "errscope " + name
}

// fishQuote single-quotes s for fish (which escapes \ and ' inside).
func fishQuote(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(s) + "'"
}
