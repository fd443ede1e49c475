package model

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
)

// BatchAdvice is what the uploaded record says of one failure, beside the
// catalog's remedy: a 409 sent with mode create (or insert) is re-sent with
// upsert or merge; a 402 names the mode that was sent; an error naming an
// attribute shows that attribute's value in the record. The text is not
// yet Printable.
func BatchAdvice(format, code, msg string, rec BatchRecord) []string {
	if format != "sitecore" {
		return nil
	}
	var out []string
	switch code {
	case "409":
		if rec.Mode == "create" || rec.Mode == "insert" {
			out = append(out, fmt.Sprintf("It was sent with mode %q, which fails when the guest already exists: re-send it with mode upsert or merge (errscope export --format input --input BATCH --query code:409 --set-mode upsert -o resend.gz).", rec.Mode))
		} else if rec.HasMode {
			out = append(out, fmt.Sprintf("It was sent with mode %q.", rec.Mode))
		}
	case "402":
		switch {
		case !rec.HasMode:
			out = append(out, "It was sent without a mode: set one of "+strings.Join(BatchModes, ", ")+".")
		case ValidBatchMode(rec.Mode):
			out = append(out, fmt.Sprintf("It was sent with mode %q, which the Batch API takes: is this the line that was uploaded?", rec.Mode))
		default:
			out = append(out, fmt.Sprintf("It was sent with mode %q, which the Batch API does not take: use one of %s (--set-mode rewrites it).", rec.Mode, strings.Join(BatchModes, ", ")))
		}
	case "400":
		if attr := quotedName(msg); attr != "" {
			vals := findKey(rec.Value, attr, 3)
			if len(vals) == 0 {
				out = append(out, fmt.Sprintf("The record's value has no attribute %q.", attr))
			}
			for _, v := range vals {
				out = append(out, fmt.Sprintf("In the record: %q is %s", attr, v))
			}
		}
	}
	return out
}

// quotedName is the first name a message quotes: "undefined attribute
// 'loyaltyTier'" gives loyaltyTier.
func quotedName(msg string) string {
	i := strings.IndexByte(msg, '\'')
	if i < 0 {
		return ""
	}
	j := strings.IndexByte(msg[i+1:], '\'')
	if j <= 0 {
		return ""
	}
	return msg[i+1 : i+1+j]
}

// findKey gives the JSON of up to max values of key name anywhere in the
// document value (the attribute of an extension lies a few levels down).
func findKey(value []byte, name string, max int) []string {
	dec := json.NewDecoder(bytes.NewReader(value))
	dec.UseNumber()
	var v any
	if dec.Decode(&v) != nil {
		return nil
	}
	var out []string
	var walk func(v any)
	walk = func(v any) {
		if len(out) >= max {
			return
		}
		switch t := v.(type) {
		case map[string]any:
			if x, ok := t[name]; ok {
				b, _ := json.Marshal(x)
				out = append(out, string(b))
			}
			for _, x := range t {
				walk(x)
			}
		case []any:
			for _, x := range t {
				walk(x)
			}
		}
	}
	walk(v)
	return out
}
