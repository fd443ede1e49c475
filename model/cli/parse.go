package cli

import (
	"flag"
	"fmt"
	"strconv"
	"strings"
)

// Parse parses flags that may stand before, between or after the
// positional arguments ("--" ends the flags).
func Parse(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, nil
		}
		if len(args) > len(rest) && args[len(args)-len(rest)-1] == "--" {
			return append(pos, rest...), nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

// ByteSize is a flag's size in bytes: 1048576, 64KiB, 64MiB, 1GiB (or
// K, M, G, KB, MB, GB: binary units all).
type ByteSize int

func (b *ByteSize) String() string { return strconv.Itoa(int(*b)) }

func (b *ByteSize) Set(s string) error {
	t := strings.TrimSpace(s)
	mult := 1
	for _, u := range []struct {
		suffix string
		mult   int
	}{{"KiB", 1 << 10}, {"MiB", 1 << 20}, {"GiB", 1 << 30}, {"KB", 1 << 10}, {"MB", 1 << 20}, {"GB", 1 << 30}, {"K", 1 << 10}, {"M", 1 << 20}, {"G", 1 << 30}, {"B", 1}} {
		if len(t) > len(u.suffix) && strings.EqualFold(t[len(t)-len(u.suffix):], u.suffix) {
			t, mult = strings.TrimSpace(t[:len(t)-len(u.suffix)]), u.mult
			break
		}
	}
	n, err := strconv.Atoi(t)
	if err != nil || n <= 0 || n > (1<<40)/mult {
		return fmt.Errorf("%q is not a size (e.g. 64MiB, 1GiB, 1048576)", s)
	}
	*b = ByteSize(n * mult)
	return nil
}

// SizeOrOff is a ByteSize that may be turned off: 0, off or none. Given
// says whether the flag was set.
type SizeOrOff struct {
	Size  ByteSize
	Off   bool
	Given bool
}

func (s *SizeOrOff) String() string {
	if s.Off {
		return "off"
	}
	return s.Size.String()
}

func (s *SizeOrOff) Set(v string) error {
	s.Given = true
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "0", "off", "none":
		s.Size, s.Off = 0, true
		return nil
	}
	s.Off = false
	if err := s.Size.Set(v); err != nil {
		return fmt.Errorf("%q is not a size or off (e.g. 2GiB, 500MB, off)", v)
	}
	return nil
}
