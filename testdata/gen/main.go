// Command gen writes seeded, realistic error logs for errscope's tests and
// benchmarks: Sitecore CDP batch error logs (optionally with the uploaded batch
// file they came from) and Protegrity v1 bulk responses.
//
//	go run ./testdata/gen [-n N] [-o FILE] [-seed S] [-format sitecore|protegrity]
//	                      [-layout ndjson|array|pretty|wrapped] [-bulk K]
//	                      [-input FILE] [-unparsed N] [-messages fixed|varied|distinct]
//	                      [-after FILE [-resent FILE]] [-stats]
//
// The same flags always give byte-identical output. Output is streamed: memory
// use does not grow with -n.
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"strings"

	"github.com/klauspost/compress/gzip"
)

const bufSize = 1 << 20

func main() {
	n := flag.Int("n", 5000, "number of records (sitecore lines) or items (protegrity)")
	out := flag.String("o", "", `output path; "-" or empty = stdout; a name ending in .gz is gzipped`)
	seed := flag.Int64("seed", 1, "random seed; same flags give byte-identical output")
	format := flag.String("format", "sitecore", "sitecore | protegrity")
	layout := flag.String("layout", "ndjson", "protegrity only: ndjson | array | pretty | wrapped")
	bulk := flag.Int("bulk", 100, "protegrity: items per bulk document (ndjson, array, wrapped)")
	input := flag.String("input", "", "sitecore only: also write the uploaded batch file (gzipped JSON lines) to FILE")
	messages := flag.String("messages", "fixed", "sitecore only: fixed (the catalog's messages) | varied (shapes with variable parts: attributes, types, ids, emails) | distinct (varied, and every message its own)")
	unparsed := flag.Int("unparsed", 0, "sitecore only: N records of the batch file are pretty-printed; the log answers each of their lines with ref null, 'Failed to parse import line'")
	afterPath := flag.String("after", "", "sitecore only: also write the error log of the same data after a fix and a re-send to FILE (for errscope diff)")
	resentPath := flag.String("resent", "", "with -after: also write the re-sent batch file (gzipped JSON lines) to FILE; one fixed record in five is left out of it")
	stats := flag.Bool("stats", false, "print a JSON object of counts per code to stderr (with -after, a second one of the diff's classes)")
	flag.Parse()

	if flag.NArg() > 0 {
		usage("unexpected arguments: %s", strings.Join(flag.Args(), " "))
	}
	if *n < 0 {
		usage("-n must be >= 0")
	}
	if *afterPath != "" && *messages != "fixed" {
		usage("-after goes with -messages fixed")
	}
	if *resentPath != "" && *afterPath == "" {
		usage("-resent goes with -after")
	}
	if *bulk < 1 {
		usage("-bulk must be >= 1")
	}
	switch *messages {
	case "fixed":
	case "varied", "distinct":
		if *format != "sitecore" || *input != "" {
			usage("-messages %s is for -format sitecore without -input", *messages)
		}
	default:
		usage("unknown -messages %q (want fixed, varied or distinct)", *messages)
	}
	switch *format {
	case "sitecore":
	case "protegrity":
		switch *layout {
		case "ndjson", "array", "pretty", "wrapped":
		default:
			usage("unknown -layout %q (want ndjson, array, pretty or wrapped)", *layout)
		}
		if *input != "" || *afterPath != "" {
			usage("-input and -after are for -format sitecore only")
		}
	default:
		usage("unknown -format %q (want sitecore or protegrity)", *format)
	}

	w, err := create(*out, false)
	if err != nil {
		fail(err)
	}
	counts := map[string]int{}
	switch *format {
	case "sitecore":
		if *messages != "fixed" {
			genShaped(w.Writer, *n, uint64(*seed), *messages == "distinct", counts, nil)
			break
		}
		var in *output
		if *input != "" {
			if in, err = create(*input, true); err != nil {
				fail(err)
			}
		}
		var after *afterGen
		var aw, rw *output
		if *afterPath != "" {
			if aw, err = create(*afterPath, false); err != nil {
				fail(err)
			}
			var resent *bufio.Writer
			if *resentPath != "" {
				if rw, err = create(*resentPath, true); err != nil {
					fail(err)
				}
				resent = rw.Writer
			}
			cats, _ := sitecoreCategories()
			after = newAfterGen(aw.Writer, resent, uint64(*seed), cats)
		}
		genSitecore(w.Writer, in, after, *n, uint64(*seed), counts)
		genUnparsed(w.Writer, in, *unparsed, uint64(*seed), counts)
		for _, o := range []*output{in, aw, rw} {
			if o != nil {
				if err := o.close(); err != nil {
					fail(err)
				}
			}
		}
		if *stats && after != nil {
			defer func() {
				b, _ := json.Marshal(after.counts)
				fmt.Fprintf(os.Stderr, "%s\n", b)
			}()
		}
	case "protegrity":
		genProtegrity(w.Writer, *layout, *n, *bulk, uint64(*seed), counts)
	}
	if err := w.close(); err != nil {
		fail(err)
	}
	if *stats {
		b, _ := json.Marshal(counts) // map keys come out sorted
		fmt.Fprintf(os.Stderr, "%s\n", b)
	}
}

func usage(f string, a ...any) {
	fmt.Fprintf(os.Stderr, "gen: "+f+"\n", a...)
	flag.Usage()
	os.Exit(2)
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "gen:", err)
	os.Exit(1)
}

// output is a buffered writer over a file, stdout, or a gzip stream.
type output struct {
	*bufio.Writer
	gz   *gzip.Writer
	file *os.File
	name string
}

// create opens path for writing ("-" or "" is stdout). The stream is gzipped
// when the name ends in .gz, or always when forceGzip is set.
func create(path string, forceGzip bool) (*output, error) {
	o := &output{name: path}
	var dst io.Writer
	if path == "" || path == "-" {
		o.name = "stdout"
		dst = os.Stdout
	} else {
		f, err := os.Create(path)
		if err != nil {
			return nil, err
		}
		o.file = f
		dst = f
	}
	if forceGzip || strings.HasSuffix(path, ".gz") {
		o.gz = gzip.NewWriter(dst)
		dst = o.gz
	}
	o.Writer = bufio.NewWriterSize(dst, bufSize)
	return o, nil
}

func (o *output) close() error {
	err := o.Flush()
	if o.gz != nil {
		if e := o.gz.Close(); err == nil {
			err = e
		}
	}
	if o.file != nil {
		if e := o.file.Close(); err == nil {
			err = e
		}
	}
	if err != nil {
		return fmt.Errorf("writing %s: %w", o.name, err)
	}
	return nil
}

// newRand returns a PCG-backed generator; stream separates independent
// sequences drawn from the same seed.
func newRand(seed, stream uint64) *rand.Rand {
	return rand.New(rand.NewPCG(seed, stream))
}

// weighted picks an index with probability proportional to its weight.
type weighted struct {
	cum   []int
	total int
}

func newWeighted(w ...int) weighted {
	var t weighted
	for _, x := range w {
		t.total += x
		t.cum = append(t.cum, t.total)
	}
	return t
}

func (t weighted) pick(r *rand.Rand) int {
	x := r.IntN(t.total)
	for i, c := range t.cum {
		if x < c {
			return i
		}
	}
	return len(t.cum) - 1
}

// skewed picks from 0..n-1 with a heavy head: a few values take most draws.
func skewed(r *rand.Rand, n int) int {
	u := r.Float64()
	return int(float64(n) * u * u * u)
}
