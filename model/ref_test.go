package model

import (
	"bytes"
	"strings"
	"testing"
)

func TestPackUUID(t *testing.T) {
	for _, tt := range []struct {
		ref  string
		pack bool
	}{
		{"3e06c2f4-5b1a-4c7e-9d2f-8a1b2c3d4e5f", true},
		{"00000000-0000-0000-0000-000000000000", true},
		{"ffffffff-ffff-ffff-ffff-ffffffffffff", true},
		{"3E06C2F4-5B1A-4C7E-9D2F-8A1B2C3D4E5F", false}, // upper case would not come back as written
		{"3e06c2f4-5b1a-4c7e-9d2f-8a1b2c3d4e5", false},
		{"3e06c2f4x5b1a-4c7e-9d2f-8a1b2c3d4e5f", false},
		{"3e06c2f4-5b1a-4c7e-9d2f-8a1b2c3d4e5g", false},
		{"1/2", false},
		{"", false},
	} {
		packed, ok := packUUID(nil, []byte(tt.ref))
		if ok != tt.pack {
			t.Errorf("packUUID(%q) ok = %v", tt.ref, ok)
			continue
		}
		if ok {
			var buf [36]byte
			if got := string(unpackUUID(&buf, packed)); got != tt.ref || len(packed) != 16 {
				t.Errorf("round trip %q -> %x -> %q", tt.ref, packed, got)
			}
		}
	}
}

// TestStoreRefs: packed and plain refs side by side, in rows, raw bytes and
// ref: filters; an overlong ref is cut in its column but whole in the raw.
func TestStoreRefs(t *testing.T) {
	s := NewStore(DefaultCatalog())
	src := s.AddSource("x")
	long := strings.Repeat("r", MaxRef+100)
	refs := []string{"3e06c2f4-5b1a-4c7e-9d2f-8a1b2c3d4e5f", "1/2", "3E06C2F4-5B1A-4C7E-9D2F-8A1B2C3D4E5F", long, "3e06c2f4-0000-4c7e-9d2f-8a1b2c3d4e5f"}
	for i, r := range refs {
		addLine(s, src, i+1, r, "409", "Resource conflict")
	}
	snap := s.Snapshot()
	for i, r := range refs {
		want := r
		if len(want) > MaxRef {
			want = want[:MaxRef]
		}
		if got := snap.Row(i).Ref; got != want {
			t.Errorf("Row(%d).Ref = %.40q, want %.40q", i, got, want)
		}
		if raw, _ := snap.Raw(i); !bytes.Equal(raw, sitecoreLine(r, "409", "Resource conflict")) {
			t.Errorf("Raw(%d) = %.80q", i, raw)
		}
	}
	if got := runQuery(t, snap, "ref:3e06c2f4"); len(got) != 3 {
		t.Errorf("ref:3e06c2f4 matched %d, want 3 (any case)", len(got))
	}
	if got := runQuery(t, snap, "ref:3e06c2f4-5b1a"); len(got) != 2 {
		t.Errorf("ref:3e06c2f4-5b1a matched %d, want 2", len(got))
	}
}

// FuzzRefPrefix: a ref: prefix matches a packed UUID exactly as it matches
// the UUID's text.
func FuzzRefPrefix(f *testing.F) {
	f.Add([]byte("3e06c2f4-5b1a-4c7e-9d2f-8a1b2c3d4e5f"), "3e06")
	f.Add([]byte("3e06c2f4-5b1a-4c7e-9d2f-8a1b2c3d4e5f"), "3E06C2F4-5")
	f.Add([]byte("00000000-0000-0000-0000-000000000000"), "00000000-0000-0000-0000-0000000000000")
	f.Fuzz(func(t *testing.T, ref []byte, prefix string) {
		s := NewStore(DefaultCatalog())
		s.AddSource("x")
		s.Add(&Rec{Format: "sitecore", Ref: ref, Code: []byte("409"), Raw: []byte("{}")})
		snap := s.Snapshot()
		c, j := snap.at(0)
		p := []byte(strings.ToLower(prefix))
		want := hasPrefixFold(ref[:min(len(ref), MaxRef)], p)
		if got := c.refHasPrefixFold(j, p); got != want {
			t.Fatalf("ref %q prefix %q: %v, text says %v", ref, prefix, got, want)
		}
		if got := snap.Row(0).Ref; got != string(ref[:min(len(ref), MaxRef)]) {
			t.Fatalf("ref %q came back %q", ref, got)
		}
	})
}
