package source

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/klauspost/compress/gzip"

	"github.com/errscope/errscope/model"
)

// TestLoaderSlowInput: records that trickle in, fewer than a batch, reach
// the screen while the input is still open (a log piped from a slow source),
// plain or gzipped.
func TestLoaderSlowInput(t *testing.T) {
	for _, gz := range []bool{false, true} {
		t.Run(fmt.Sprint("gzip=", gz), func(t *testing.T) {
			fifo := filepath.Join(t.TempDir(), "slow.ndjson")
			if err := syscall.Mkfifo(fifo, 0o600); err != nil {
				t.Skip("no fifo here:", err)
			}
			l := NewStream(StreamOptions{Catalog: model.DefaultCatalog(), Logs: []string{fifo}})
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			go l.Run(ctx)
			f, err := os.OpenFile(fifo, os.O_WRONLY, 0)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			var w io.Writer = f
			var zw *gzip.Writer
			if gz {
				zw = gzip.NewWriter(f)
				w = zw
			}
			for i := range 10 {
				fmt.Fprintf(w, `{"ref": "r%d", "code": "409", "message": "Resource conflict"}`+"\n", i)
			}
			if zw != nil {
				if err := zw.Flush(); err != nil { // a sync block: decodable, stream still open
					t.Fatal(err)
				}
			}
			deadline := time.After(5 * time.Second)
			for {
				select {
				case msg := <-l.Updates():
					if msg.Done {
						t.Fatal("the load ended while its input was open")
					}
					if msg.Snap != nil && msg.Snap.Records() == 10 {
						return
					}
				case <-deadline:
					t.Fatal("10 records written to a pipe that stays open never reached the screen")
				}
			}
		})
	}
}
