package cli

import (
	"fmt"
	"io"
	"strings"

	"github.com/errscope/errscope/model"
)

// Usage writes a command's help ("" is the TUI's, which is errscope's own).
// config names the config catalog's path, where the text mentions it.
func Usage(w io.Writer, command, config string) {
	text, ok := usages[command]
	if !ok {
		text = usages[""]
	}
	r := strings.NewReplacer("{config}", config, "{formats}", strings.Join(model.DefaultCatalog().Formats(), ", "))
	fmt.Fprint(w, r.Replace(text))
}

// usages are the commands' help texts, by command name.
var usages = map[string]string{
	"": `errscope: triage a failed-records error log.

Usage:
  errscope [flags] LOG...                             open the logs in the TUI
  errscope summary [--format text|markdown|json|csv] LOG...
                                                      the error groups, without a screen
  errscope diff [--format text|markdown|json|refs] [--class C] [--resent BATCH] BEFORE AFTER
                                                      what became of each failed record after a re-send
  errscope codes [--format text|markdown|json] [FORMAT]
                                                      what each code means, and the remedy
  errscope codes --check FILE                         check a catalog file
  errscope completion bash|zsh|fish                   the shell's completion script

LOG is a file (gzipped or not, recognized by content), - for standard input,
an http(s) URL (read as it downloads; credentials in it are shown as ***), or
a saved batch status (GET /v2/batches/<batchRef>), followed to its error log.
Formats: Sitecore CDP batch error logs, Protegrity AP REST v1 bulk responses,
and other JSON-lines logs (fields guessed, or named with the flags below).

Flags:
  --query Q         open with this filter (the query language: ? in the TUI)
  --input BATCH     the uploaded batch file: the detail shows each record's line
  --ref PATH        field of the record's ref (dotted path, e.g. record.id)
  --code PATH       field of the error code (e.g. error.code)
  --message PATH    field of the message (e.g. error.message)
  --baseline BEFORE an earlier log of the same data: each record is marked still,
                    changed or new (filter with class:), the counts in the groups pane
  --catalog FILE    extra catalog entries (JSON, as 'errscope codes --format json' prints),
                    over those of the config file (see below)
  --connect-timeout D   longest wait to connect to a URL (default 15s)
  --read-timeout D      longest wait for more of a URL's bytes (default 1m0s)
  --max-line SIZE   longest line or Protegrity item read whole (default 64MiB); a longer
                    one is an unreadable line that keeps its first 64 KiB
  --memory SIZE     the TUI's memory budget (e.g. 2GiB; off: none; default half the
                    memory available): past it the table keeps the records it has,
                    the counts count them all; summary and export read them all
  -h, --help        this help
  -v, --version     the version

Your team's catalog entries (owners, runbooks, your words) are read on every
run from {config}.

Exit status: 0 every log read whole (or a batch status saying success); 1 a log
could not be read whole (what was read is still shown); 2 usage.
`,

	"summary": `Usage: errscope summary [--format text|markdown|json|csv] [--query Q] [--input BATCH] [flags] LOG...

The error groups of the logs, without a screen: text for reading, markdown
for an incident ticket, json for scripts (a stable schema), csv for sheets.

Flags:
  --format F        text (default), markdown, json or csv
  --query Q         only the records of this view (the TUI's query language)
  --input BATCH     the uploaded batch file: how many of the view's refs it
                    has and has not, the records with ref null, and its lines
                    that are not one-line JSON objects
  --ref PATH        field of the record's ref, for other JSON-lines logs
  --code PATH       field of the error code
  --message PATH    field of the message
  --catalog FILE    extra catalog entries
  --connect-timeout D, --read-timeout D   waits for a LOG that is a URL

Exit status: 0 every log read whole; 1 a log could not be; 2 usage.
`,

	"export": `Usage: errscope export [--query Q] [--format refs|ndjson|csv|input] [--input BATCH]
                       [--set-mode MODE] [--part-size BYTES] [-o FILE] [--force] LOG...

Writes what a filter selects (the TUI's query language; no --query: the TUI's
default view, every failure), in log order:
  refs     one ref a line
  ndjson   the log's own lines, byte for byte (a Protegrity item: one JSON line
           {"document","bulk_id","operation","line","item"})
  csv      ref,code,title,type,pattern,message,file,line (printable; a cell
           starting with = + - @ tab or CR gets a ' before it)
  input    the uploaded batch file's lines of the selected refs, byte for byte,
           in the batch file's order: a file to re-send (refs it lacks are said)

Flags:
  --query Q          the filter, e.g. 'code:409' or 'code:400 undefined'
  --format F         refs (default), ndjson, csv or input
  --input BATCH      the uploaded batch file (gzipped or not), for --format input
  --set-mode MODE    input: set each line's mode (insert, create, upsert, merge,
                     delete, gdpr_delete), every other byte as it was
  -o FILE            write FILE (atomically, mode 0600; .gz: gzipped); else stdout
  --part-size BYTES  with -o: at most BYTES a file (for --format input, 50000000
                     unless given: the Batch API's limit); more are numbered
                     parts, name-001.gz, ...
  --force            replace FILE if it exists
  --ref, --code, --message PATH, --catalog FILE, --connect-timeout, --read-timeout
                     as for the TUI

Each file written is said on stderr: wrote PATH: N records, BYTES bytes, md5 HEX
(the md5 and size the Batch API's allocate request takes).
Exit status: 0 done; 1 a log could not be read whole, or the output could not
be written (nothing is left behind); 2 usage.
`,

	"diff": `Usage: errscope diff [--format text|markdown|json|refs] [--class CLASS] [--resent BATCH] BEFORE AFTER

Joins two error logs of the same data by ref, the one before a fix and
re-send and the one after, and says what became of each failed record:
  fixed    failed before, not after
  still    failed after with the same error type (format, code and title)
  changed  failed after with another error type
  new      failed only after
Records with no ref (or the ref null) cannot be joined and are counted apart;
a ref that appears more than once in a log is joined by its first record.

Flags:
  --format F        text (default), markdown, json (a stable schema), or refs
  --class C         the refs of one class, one a line (implies --format refs):
                    fixed, still, changed, new, not-resent
  --resent BATCH    the batch file sent the second time: a record that failed
                    before, is not in AFTER and is not in BATCH is "not re-sent",
                    not fixed
  --ref, --code, --message PATH, --catalog FILE, --connect-timeout, --read-timeout
                    as for the TUI

Exit status: 0 both logs read whole; 1 one could not be (the diff of what was
read is still printed, and says so); 2 usage.
`,

	"codes": `Usage: errscope codes [--format text|markdown|json] [--catalog FILE] [FORMAT]
       errscope codes --check FILE

What each code of each format means, its usual causes, the remedy, and, from
your team's catalog, who owns it and its runbook. FORMAT: {formats}.
--format json prints the form a catalog file holds; markdown a page for a wiki.
--check FILE checks a catalog file and runs nothing else: exit 0 when it can be
used, 1 with the line and column of what is wrong.

The catalog is the built-in one, then {config},
then --catalog FILE: for a code, the last word wins.
`,

	"completion": `Usage: errscope completion bash|zsh|fish

Prints the shell's completion script; the README says how to install it.
`,
}
