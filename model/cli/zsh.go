package cli

import (
	"fmt"
	"io"
	"strings"
)

// Zsh writes the zsh completion script (_arguments specs from the table).
// Source it after compinit (source <(errscope completion zsh)), or save it
// as _errscope in a folder of $fpath.
func Zsh(w io.Writer) error {
	var b strings.Builder
	b.WriteString(`#compdef errscope
# zsh completion for errscope; written by 'errscope completion zsh'.
# Load it now (after compinit): source <(errscope completion zsh)
# For every shell: errscope completion zsh > "${fpath[1]}/_errscope"

_errscope_first() {
  local -a cmds
  cmds=(
`)
	for _, c := range Commands {
		if c.Name != "" {
			fmt.Fprintf(&b, "    %s\n", zshQuote(c.Name+":"+zshText(c.Help)))
		}
	}
	b.WriteString(`  )
  _describe -t commands 'errscope command' cmds
  _files
}

_errscope() {
  local curcontext=$curcontext state line
  local -a args
  case $words[2] in
`)
	for _, c := range Commands {
		if c.Name == "" {
			continue
		}
		fmt.Fprintf(&b, "    %s)\n      words=(\"${(@)words[1,1]}\" \"${(@)words[3,-1]}\"); (( CURRENT-- ))\n      _arguments -s -S \\\n", c.Name)
		for _, spec := range zshSpecs(c) {
			fmt.Fprintf(&b, "        %s \\\n", zshQuote(spec))
		}
		b.WriteString("        '(- *)--help[the help]'\n      ;;\n")
	}
	b.WriteString("    *)\n      _arguments -s -S \\\n")
	for _, spec := range zshSpecs(Lookup("")) {
		fmt.Fprintf(&b, "        %s \\\n", zshQuote(spec))
	}
	b.WriteString(`        '1: :_errscope_first' \
        '*:log:_files'
      ;;
  esac
}

if [[ $funcstack[1] == _errscope ]]; then
  _errscope "$@"
else
  compdef _errscope errscope
fi
`)
	_, err := io.WriteString(w, b.String())
	return err
}

// zshSpecs are the _arguments specs of a command's flags and (for the
// commands) its arguments.
func zshSpecs(c *Command) []string {
	var out []string
	for _, f := range c.Flags {
		help := "[" + zshText(f.Help) + "]"
		meta := strings.ToLower(f.Meta)
		switch f.Arg {
		case ArgNone:
			out = append(out, f.Dash()+help)
		case ArgText:
			out = append(out, f.Dash()+"="+help+":"+meta+": ")
		case ArgFile:
			out = append(out, f.Dash()+"="+help+":"+meta+":_files")
		case ArgValues:
			out = append(out, f.Dash()+"="+help+":"+meta+":("+strings.Join(f.Values, " ")+")")
		}
	}
	if c.Name == "" {
		return out
	}
	switch c.Args {
	case ArgFile:
		out = append(out, "*:log:_files")
	case ArgValues:
		out = append(out, "1:"+c.Name+":("+strings.Join(c.Values(), " ")+")")
	}
	return out
}

// zshText makes a help text safe inside an _arguments [description].
func zshText(s string) string {
	return strings.NewReplacer("[", "(", "]", ")", ":", `\:`).Replace(s)
}

func zshQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
