package model

import (
	"fmt"
	"strings"
)

// QueryField is one row of the query language: a field (code:409), or, with
// no Name, a piece of the rest of its syntax (negation, words, quotes). The
// parser reads its fields from QueryLanguage; the help behind ? and the
// README's table are written from it, so the three cannot drift apart.
type QueryField struct {
	Name    string   // what stands before the colon; "" for syntax that is not a field
	Aliases []string // other names for the field (returncode: for code:)
	Example string   // a term as a user writes it
	Desc    string   // what it matches; `spans` are query text

	list  bool                           // an unquoted value is a comma-separated list of alternatives
	empty bool                           // a quoted value may be empty ("" for records without one)
	norm  func(v string) (string, error) // reads one value as the filter compares it
}

// queryLanguage is the query language, in the order the help lists it.
var queryLanguage = []QueryField{
	{Name: "code", Aliases: []string{"returncode"}, Example: "code:409",
		Desc: "records with code 409; `code:409,404` for either",
		list: true, empty: true, norm: func(v string) (string, error) { return NormalizeCode(v), nil }},
	{Example: "-code:500", Desc: "any term negated with a leading `-`"},
	{Name: "type", Example: "type:error",
		Desc: "`error`, `warning`, `success`, `bad` (unreadable lines) or `all`; without `type:`, successes and unreadable lines are hidden (but `code:6` shows code 6)",
		list: true, norm: func(v string) (string, error) {
			v = strings.ToLower(v)
			if _, ok := ParseType(v); !ok && v != "all" {
				return "", fmt.Errorf("type:%s: types are error, warning, success, bad, all", v)
			}
			return v, nil
		}},
	{Name: "ref", Example: "ref:3e06",
		Desc: "refs that begin with `3e06`, any case; a pasted ref works alone too (a word of hex digits and dashes that no message contains)",
		list: true},
	{Name: "op", Example: "op:unprotect",
		Desc: "Protegrity operation (`protect`, `unprotect`, `reprotect`)",
		list: true, norm: lower},
	{Name: "title", Example: "title:conflict",
		Desc: "the error type's title contains the word",
		norm: lower}, // titles may hold commas: one value
	{Name: "file", Example: "file:import",
		Desc: "the log's file name contains the word",
		list: true},
	{Name: "format", Example: "format:sitecore",
		Desc: formatList(),
		list: true, norm: lower},
	{Name: "pattern", Example: `pattern:"a <*>"`,
		Desc: "messages that fit a pattern, each `<*>` any one value"},
	{Name: "class", Example: "class:still",
		Desc: "`still`, `changed` or `new` since the `--baseline` log",
		list: true, norm: func(v string) (string, error) {
			v = strings.ToLower(v)
			if _, ok := ParseClass(v); !ok {
				return "", fmt.Errorf("class:%s: classes are fixed, still, changed, new, not-resent", v)
			}
			return v, nil
		}},
	{Example: "undefined attr",
		Desc: "other words match the message: the messages that contain the word, any case, or when none does, fuzzily, letters in order (`undefloy`); best matches first"},
	{Example: "-timeout", Desc: "messages that do not contain the word"},
	{Example: `"two words"`, Desc: "quotes keep spaces, commas and colons in one value; terms combine with AND"},
}

// formatList is "`sitecore`, `protegrity` or `jsonl`".
func formatList() string {
	ids := FormatIDs()
	for i, id := range ids {
		ids[i] = "`" + id + "`"
	}
	if len(ids) < 2 {
		return strings.Join(ids, "")
	}
	return strings.Join(ids[:len(ids)-1], ", ") + " or " + ids[len(ids)-1]
}

func lower(v string) (string, error) { return strings.ToLower(v), nil }

// QueryLanguage lists the query language's fields and syntax, in the order
// the help shows them; an alias has a row of its own after its field's
// (returncode:409, the same as code:409).
func QueryLanguage() []QueryField {
	var out []QueryField
	for _, f := range queryLanguage {
		out = append(out, f)
		_, val, _ := strings.Cut(f.Example, ":")
		for _, a := range f.Aliases {
			out = append(out, QueryField{Name: a, Example: a + ":" + val, Desc: "the same as `" + f.Example + "`"})
		}
	}
	return out
}

// queryField finds a field by its name or an alias; it returns the field
// as the query names it (code for returncode).
func queryField(name string) (*QueryField, bool) {
	for i := range queryLanguage {
		f := &queryLanguage[i]
		if f.Name == "" {
			continue
		}
		if f.Name == name {
			return f, true
		}
		for _, a := range f.Aliases {
			if a == name {
				return f, true
			}
		}
	}
	return nil, false
}

// queryFieldNames lists every field's name and alias.
func queryFieldNames() []string {
	var out []string
	for _, f := range queryLanguage {
		if f.Name != "" {
			out = append(out, f.Name)
			out = append(out, f.Aliases...)
		}
	}
	return out
}

// PlainDesc is Desc as plain text, for a terminal: the backticks that mark
// query text in Markdown are left out.
func (f QueryField) PlainDesc() string { return strings.ReplaceAll(f.Desc, "`", "") }

// QueryTableMarkdown is the query language as the README's table.
func QueryTableMarkdown() string {
	var b strings.Builder
	b.WriteString("| term | matches |\n|---|---|\n")
	for _, f := range QueryLanguage() {
		fmt.Fprintf(&b, "| `%s` | %s |\n", f.Example, strings.ReplaceAll(f.Desc, "|", `\|`))
	}
	return b.String()
}
