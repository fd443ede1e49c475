package main

import (
	"fmt"
	"io"
	"os"
	"time"

	"github.com/errscope/errscope/model"
	"github.com/errscope/errscope/source"
	"github.com/errscope/errscope/ui"
)

func startTUI(logs []string, cat *model.Catalog, m source.Mapping, stderr io.Writer) (int, error) {
	opt := ui.Options{Catalog: cat, Logs: logs, Mapping: m}
	if os.Getenv("ERRSCOPE_TIMING") != "" {
		opt.Timing = &ui.Timing{Start: processStart}
	}
	errs, err := ui.Run(opt)
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

// processStart is as near to the start of the process as Go code gets.
var processStart = time.Now()
