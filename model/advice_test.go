package model

import (
	"strings"
	"testing"
)

func TestBatchAdvice(t *testing.T) {
	val := []byte(`{"email":"a@example.com","extensions":[{"name":"ext","points":"12","tier":{"x":1}}]}`)
	for _, c := range []struct {
		code, msg, mode string
		hasMode         bool
		want            string
	}{
		{"409", "Resource conflict", "create", true, `sent with mode "create", which fails when the guest already exists: re-send it with mode upsert or merge`},
		{"409", "Resource conflict", "insert", true, `sent with mode "insert"`},
		{"409", "Resource conflict", "upsert", true, `It was sent with mode "upsert".`},
		{"402", "Unsupported mode 'updat'", "updat", true, `sent with mode "updat", which the Batch API does not take: use one of insert, create, upsert, merge, delete, gdpr_delete`},
		{"402", "Unsupported mode", "", false, "sent without a mode"},
		{"402", "Unsupported mode", "upsert", true, `sent with mode "upsert", which the Batch API takes`},
		{"400", "Validation error: incorrect data type for extension field 'points', expected integer but was string", "upsert", true, `In the record: "points" is "12"`},
		{"400", "Validation error: undefined attribute 'tier'", "upsert", true, `In the record: "tier" is {"x":1}`},
		{"400", "Validation error: undefined attribute 'shoeSize'", "upsert", true, `no attribute "shoeSize"`},
	} {
		got := strings.Join(BatchAdvice("sitecore", c.code, c.msg, BatchRecord{Mode: c.mode, HasMode: c.hasMode, Value: val}), " | ")
		if !strings.Contains(got, c.want) {
			t.Errorf("%s %q mode %q: %q, want %q", c.code, c.msg, c.mode, got, c.want)
		}
	}
	if got := BatchAdvice("protegrity", "409", "x", BatchRecord{Mode: "create"}); got != nil {
		t.Errorf("protegrity: %q", got)
	}
}
