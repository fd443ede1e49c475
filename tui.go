package main

import (
	"github.com/errscope/errscope/model"
	"github.com/errscope/errscope/source"
	"github.com/errscope/errscope/ui"
)

func startTUI(logs []string, cat *model.Catalog, m source.Mapping) (int, error) {
	if err := ui.Run(ui.Options{Catalog: cat, Logs: logs, Mapping: m}); err != nil {
		return exitPartial, err
	}
	return exitOK, nil
}
