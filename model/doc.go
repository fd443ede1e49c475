// Package model holds what errscope knows, with no I/O and nothing of ours
// imported: the Store of records (append-only, interned, a record in a few
// words) and its Snapshots, the error groups, queries and filters, the
// catalog of codes, the loading stage's Progress values, and Printable, the
// one function that makes log text safe to show.
package model
