module github.com/errscope/errscope

go 1.26.8

require (
	github.com/charmbracelet/x/term v0.2.2
	github.com/klauspost/compress v1.20.3
	github.com/sahilm/fuzzy v0.1.3
)

require golang.org/x/sys v0.47.0 // indirect
