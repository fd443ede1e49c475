package cli

import (
	"fmt"
	"io"
	"strings"
)

// Bash writes the bash completion script: commands, each command's flags,
// the values of a flag that takes one of a few, file names where a file
// goes. Source it (source <(errscope completion bash)) or install it as
// /etc/bash_completion.d/errscope or
// ~/.local/share/bash-completion/completions/errscope.
func Bash(w io.Writer) error {
	var b strings.Builder
	b.WriteString(`# bash completion for errscope; written by 'errscope completion bash'.
# Load it now: source <(errscope completion bash)
# For every shell: errscope completion bash > ~/.local/share/bash-completion/completions/errscope

_errscope_words() {
    local IFS=$' \t\n'
    COMPREPLY=($(compgen -W "$1" -- "$cur"))
}

_errscope_files() {
    local IFS=$'\n'
    compopt -o filenames 2>/dev/null
    COMPREPLY=($(compgen -f -- "$cur"))
}

_errscope() {
    local cword=$COMP_CWORD
    local cur=${COMP_WORDS[cword]} prev= pre=
    (( cword > 0 )) && prev=${COMP_WORDS[cword-1]}
    # --flag=value: bash splits at "=" when COMP_WORDBREAKS has it.
    if [[ $cur == = ]]; then
        cur=
    elif [[ $prev == = ]] && (( cword > 1 )); then
        prev=${COMP_WORDS[cword-2]}
    elif [[ $cur == -*=* ]]; then
        prev=${cur%%=*} pre=${cur%%=*}= cur=${cur#*=}
    fi
    local cmd= i
    if (( cword > 1 )); then
        case ${COMP_WORDS[1]} in
        ` + strings.Join(Names(), "|") + `) cmd=${COMP_WORDS[1]} ;;
        esac
    fi
    # After "--", only arguments.
    local flags=1
    for (( i = 1; i < cword; i++ )); do
        [[ ${COMP_WORDS[i]} == -- ]] && flags=0
    done
    (( flags )) || prev=
    COMPREPLY=()
    case $cmd in
`)
	for _, c := range Commands {
		name := c.Name
		if name == "" {
			name = `""`
		}
		fmt.Fprintf(&b, "    %s)\n", name)
		bashFlagValues(&b, c)
		var flags []string
		for _, f := range c.Flags {
			flags = append(flags, f.Dash())
		}
		if c.Name != "" {
			flags = append(flags, "--help")
		}
		fmt.Fprintf(&b, "        if (( flags )) && [[ $cur == -* ]]; then\n            _errscope_words %s\n", bashQuote(strings.Join(flags, " ")))
		fmt.Fprintf(&b, "        else\n")
		if c.Name == "" {
			// The first word: a command, or a log.
			fmt.Fprintf(&b, "            if (( cword == 1 )); then _errscope_words %s; local -a cmds=(\"${COMPREPLY[@]}\"); _errscope_files; COMPREPLY=(\"${cmds[@]}\" \"${COMPREPLY[@]}\"); return; fi\n",
				bashQuote(strings.Join(Names(), " ")))
		}
		switch c.Args {
		case ArgFile:
			b.WriteString("            _errscope_files\n")
		case ArgValues:
			fmt.Fprintf(&b, "            _errscope_words %s\n", bashQuote(strings.Join(c.Values(), " ")))
		default:
			b.WriteString("            :\n")
		}
		b.WriteString("        fi\n        ;;\n")
	}
	b.WriteString(`    esac
    if [[ -n $pre ]]; then
        COMPREPLY=("${COMPREPLY[@]/#/$pre}")
    fi
}

complete -F _errscope errscope
`)
	_, err := io.WriteString(w, b.String())
	return err
}

// bashFlagValues writes the case that completes a flag's value: its values,
// file names, or nothing for free text.
func bashFlagValues(b *strings.Builder, c *Command) {
	var text, files []string
	for _, f := range c.Flags {
		pats := "--" + f.Name + "|-" + f.Name
		switch f.Arg {
		case ArgText:
			text = append(text, pats)
		case ArgFile:
			files = append(files, pats)
		case ArgValues:
			fmt.Fprintf(b, "        case $prev in %s) _errscope_words %s; [[ -n $pre ]] && COMPREPLY=(\"${COMPREPLY[@]/#/$pre}\"); return ;; esac\n",
				pats, bashQuote(strings.Join(f.Values, " ")))
		}
	}
	if len(text) > 0 {
		fmt.Fprintf(b, "        case $prev in %s) return ;; esac\n", strings.Join(text, "|"))
	}
	if len(files) > 0 {
		fmt.Fprintf(b, "        case $prev in %s) _errscope_files; [[ -n $pre ]] && COMPREPLY=(\"${COMPREPLY[@]/#/$pre}\"); return ;; esac\n", strings.Join(files, "|"))
	}
}

// bashQuote single-quotes s for the shell.
func bashQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
