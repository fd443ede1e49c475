package main

import (
	"fmt"
	"io"

	"github.com/errscope/errscope/model"
	"github.com/errscope/errscope/source"
	"github.com/errscope/errscope/ui"
)

func startTUI(logs []string, cat *model.Catalog, m source.Mapping, stderr io.Writer) (int, error) {
	errs, err := ui.Run(ui.Options{Catalog: cat, Logs: logs, Mapping: m})
	if err != nil {
		return exitPartial, err
	}
	// The screen is gone: say again what could not be read.
	for _, e := range errs {
		fmt.Fprintln(stderr, "errscope:", model.Printable(e.Error()))
	}
	if len(errs) > 0 {
		return exitPartial, nil
	}
	return exitOK, nil
}
