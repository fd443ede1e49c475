package main

import (
	"github.com/errscope/errscope/model"
	"github.com/errscope/errscope/source"
)

func startTUI(logs []string, cat *model.Catalog, m source.Mapping) (int, error) {
	return exitUsage, usageError{"TUI not built yet"}
}
