package source

import (
	"context"
	"io"

	"github.com/errscope/errscope/model"
)

// protegrity decodes Protegrity Application Protector REST v1 bulk responses.
// (Being written; until then every document is reported as one bad line.)
type protegrity struct{}

func newProtegrity() *protegrity { return &protegrity{} }

func (p *protegrity) Decode(ctx context.Context, r io.Reader, src int, sink model.Sink) error {
	return newJSONLines(FormatProtegrity, Mapping{}, true).Decode(ctx, r, src, sink)
}
