package cli

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// script writes a completion script and a folder with log files to
// complete, and returns both.
func script(t *testing.T, write func(io.Writer) error, name string) (path, dir string) {
	t.Helper()
	dir = t.TempDir()
	path = filepath.Join(dir, name)
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := write(f); err != nil {
		t.Fatal(err)
	}
	f.Close()
	logs := filepath.Join(dir, "logs")
	os.Mkdir(logs, 0o755)
	for _, n := range []string{"import.gz", "import-retry.gz", "batch.json"} {
		os.WriteFile(filepath.Join(logs, n), nil, 0o600)
	}
	return path, logs
}

func need(t *testing.T, prog string) string {
	t.Helper()
	p, err := exec.LookPath(prog)
	if err != nil {
		t.Skipf("%s is not installed", prog)
	}
	return p
}

// TestBashCompletion loads the script in bash and drives its function as
// bash does (COMP_WORDS, COMP_CWORD), asking for flag values, flags,
// commands and file names.
func TestBashCompletion(t *testing.T) {
	bash := need(t, "bash")
	path, logs := script(t, Bash, "errscope.bash")
	var prog strings.Builder
	fmt.Fprintf(&prog, "source %q || exit 1\ncomplete -p errscope || exit 1\n", path)
	prog.WriteString(`t() { COMP_WORDS=("$@"); COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 )); COMPREPLY=(); _errscope; echo "${COMPREPLY[*]}"; }` + "\n")
	cases := []struct {
		words []string
		want  string
	}{
		{[]string{"summary", "--format", ""}, "text markdown json csv"},
		{[]string{"summary", "--format", "m"}, "markdown"},
		{[]string{"summary", "--format", "=", "j"}, "json"}, // --format=j, "=" a word break
		{[]string{"summary", "--format=c"}, "--format=csv"}, // "=" not a word break
		{[]string{"export", "--format", ""}, "refs ndjson csv input"},
		{[]string{"export", "--set-mode", ""}, "insert create upsert merge delete gdpr_delete"},
		{[]string{"export", "--set-mode", "g"}, "gdpr_delete"},
		{[]string{"diff", "--class", ""}, "fixed still changed new not-resent"},
		{[]string{"diff", "--format", ""}, "text markdown json refs"},
		{[]string{"codes", "--format", ""}, "text markdown json"},
		{[]string{"completion", ""}, "bash zsh fish"},
		{[]string{"su"}, "summary"},
		{[]string{"summary", "--f"}, "--format"},
		{[]string{"export", "--"}, "--query --input --format --set-mode --part-size --force --catalog --ref --code --message --connect-timeout --read-timeout --max-line --help"},
		{[]string{"--ba"}, "--baseline"},
		{[]string{"summary", "imp"}, "import-retry.gz import.gz"},
		{[]string{"export", "-o", "b"}, "batch.json"},
		{[]string{"--catalog", "b"}, "batch.json"},
		{[]string{"summary", "--query", ""}, ""}, // free text: nothing
		{[]string{"summary", "--", "--f"}, ""},   // after --, files only
		{[]string{"version", ""}, ""},
	}
	fmt.Fprintf(&prog, "cd %q\n", logs)
	for _, c := range cases {
		prog.WriteString("t errscope")
		for _, w := range c.words {
			fmt.Fprintf(&prog, " %q", w)
		}
		prog.WriteString("\n")
	}
	out, err := exec.Command(bash, "--norc", "--noprofile", "-c", prog.String()).CombinedOutput()
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	lines := strings.Split(strings.TrimSuffix(string(out), "\n"), "\n")
	if len(lines) != len(cases)+1 || lines[0] != "complete -F _errscope errscope" {
		t.Fatalf("bash printed:\n%s", out)
	}
	for i, c := range cases {
		got := strings.Fields(lines[i+1])
		want := strings.Fields(c.want)
		if strings.HasPrefix(c.words[0], "summary") && c.words[len(c.words)-1] == "imp" {
			slices.Sort(got) // compgen -f lists in directory order
		}
		if !slices.Equal(got, want) {
			t.Errorf("errscope %s<TAB>: %q, want %q", strings.Join(c.words, " "), got, want)
		}
	}
}

// TestFishCompletion asks fish itself (complete -C) what it would offer.
func TestFishCompletion(t *testing.T) {
	fish := need(t, "fish")
	path, logs := script(t, Fish, "errscope.fish")
	for _, c := range []struct{ line, want string }{
		{"errscope summary --format ", "csv json markdown text"},
		{"errscope export --set-mode ", "create delete gdpr_delete insert merge upsert"},
		{"errscope diff --class=", "--class=changed --class=fixed --class=new --class=not-resent --class=still"},
		{"errscope completion ", "bash fish zsh"},
		{"errscope su", "summary"},
		{"errscope summary imp", "import-retry.gz import.gz"},
		{"errscope export -o b", "batch.json"},
		{"errscope summary --query ", ""},
		{"errscope codes --ch", "--check"},
	} {
		cmd := exec.Command(fish, "--no-config", "-c", "source $argv[1]; complete -C $argv[2]", path, c.line)
		cmd.Dir = logs
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("%v\n%s", err, out)
		}
		var got []string
		for _, l := range strings.Split(strings.TrimSpace(string(out)), "\n") {
			if l != "" {
				got = append(got, strings.SplitN(l, "\t", 2)[0])
			}
		}
		slices.Sort(got)
		if strings.Join(got, " ") != c.want {
			t.Errorf("%s<TAB>: %q, want %q", c.line, got, c.want)
		}
	}
}

// TestZshCompletion types into an interactive zsh in tmux and reads the
// candidates zsh lists: zsh completes only inside its line editor.
func TestZshCompletion(t *testing.T) {
	zsh := need(t, "zsh")
	tmux := need(t, "tmux")
	if testing.Short() {
		t.Skip("-short")
	}
	path, logs := script(t, Zsh, "_errscope")
	session := fmt.Sprintf("errscope-zsh-test-%d", os.Getpid())
	run := func(args ...string) string {
		out, err := exec.Command(tmux, args...).CombinedOutput()
		if err != nil {
			t.Fatalf("tmux %v: %v\n%s", args, err, out)
		}
		return string(out)
	}
	cmd := exec.Command(tmux, "new-session", "-d", "-s", session, "-x", "150", "-y", "30", "-c", logs, zsh+" -f")
	cmd.Env = append(os.Environ(), "PS1=%% ")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Skipf("tmux cannot start a session here: %v %s", err, out)
	}
	defer exec.Command(tmux, "kill-session", "-t", session).Run()
	run("send-keys", "-t", session, "PS1='%% '; autoload -U compinit; compinit -u; source "+path+"; print ready", "Enter")
	screen := func(want ...string) string {
		deadline := time.Now().Add(10 * time.Second)
		for {
			s := run("capture-pane", "-p", "-t", session)
			ok := true
			for _, w := range want {
				ok = ok && strings.Contains(s, w)
			}
			if ok || time.Now().After(deadline) {
				return s
			}
			time.Sleep(100 * time.Millisecond)
		}
	}
	screen("ready")
	for _, c := range []struct {
		line string
		want []string
	}{
		{"errscope summary --format ", []string{"csv", "json", "markdown", "text"}},
		{"errscope export --set-mode ", []string{"insert", "create", "upsert", "merge", "delete", "gdpr_delete"}},
		{"errscope diff --class ", []string{"fixed", "still", "changed", "new", "not-resent"}},
		{"errscope ", []string{"summary", "-- the error groups", "completion", "import.gz", "batch.json"}},
		{"errscope completion ", []string{"bash", "fish", "zsh"}},
		{"errscope export -", []string{"-o", "--set-mode", "--force"}},
	} {
		run("send-keys", "-t", session, "clear", "Enter")
		run("send-keys", "-t", session, c.line, "Tab")
		s := screen(c.want...)
		for _, w := range c.want {
			if !strings.Contains(s, w) {
				t.Errorf("%s<TAB>: %q not offered; the screen:\n%s", c.line, w, s)
			}
		}
		run("send-keys", "-t", session, "C-u")
	}
}
