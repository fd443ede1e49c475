package source

import (
	"bufio"
	"bytes"
	"os"
	"path"
	"runtime/metrics"
	"strconv"
	"strings"
)

// The TUI's memory budget: how much memory there is when it starts, and how
// much of it the records take.

// AvailableMemory is the memory the process may use as it starts: the
// lower of its cgroup's limit (v2 memory.max, v1 memory.limit_in_bytes,
// the lowest of the cgroup's and its parents') and the kernel's
// MemAvailable. from says which ("cgroup limit", "MemAvailable"); 0 and ""
// when neither is known (not Linux, no /proc).
func AvailableMemory() (n int64, from string) { return availableMemory("/") }

// availableMemory is AvailableMemory with /proc and /sys under root.
func availableMemory(root string) (n int64, from string) {
	if v, ok := memAvailable(root); ok {
		n, from = v, "MemAvailable"
	}
	if v, ok := cgroupLimit(root); ok && (from == "" || v < n) {
		n, from = v, "cgroup limit"
	}
	return n, from
}

// noLimit is where a cgroup limit means none: v2 writes "max", v1 a
// number near 2^63.
const noLimit = 1 << 60

// memAvailable reads MemAvailable from /proc/meminfo.
func memAvailable(root string) (int64, bool) {
	b, err := os.ReadFile(path.Join(root, "proc/meminfo"))
	if err != nil {
		return 0, false
	}
	for line := range strings.Lines(string(b)) {
		rest, ok := strings.CutPrefix(line, "MemAvailable:")
		if !ok {
			continue
		}
		f := strings.Fields(rest)
		if len(f) == 0 {
			return 0, false
		}
		v, err := strconv.ParseInt(f[0], 10, 64)
		if err != nil || v <= 0 || v > noLimit>>10 {
			return 0, false
		}
		if len(f) > 1 && f[1] == "kB" {
			v <<= 10
		}
		return v, true
	}
	return 0, false
}

// cgroupLimit finds the memory limit of the process's cgroup, v2 or v1
// (both, on a hybrid system: the lower), from /proc/self/cgroup and where
// /proc/self/mountinfo says the hierarchies are mounted. A cgroup's limit
// is the lowest of its own and its parents' up to the mount.
func cgroupLimit(root string) (int64, bool) {
	cg, err := os.ReadFile(path.Join(root, "proc/self/cgroup"))
	if err != nil {
		return 0, false
	}
	mi, err := os.ReadFile(path.Join(root, "proc/self/mountinfo"))
	if err != nil {
		return 0, false
	}
	var best int64
	found := false
	for line := range strings.Lines(string(cg)) {
		// hierarchy-id:controllers:path; v2 is "0::path".
		f := strings.SplitN(strings.TrimRight(line, "\n"), ":", 3)
		if len(f) != 3 {
			continue
		}
		var fstype, option, file string
		switch {
		case f[0] == "0" && f[1] == "":
			fstype, file = "cgroup2", "memory.max"
		case hasWord(f[1], ',', "memory"):
			fstype, option, file = "cgroup", "memory", "memory.limit_in_bytes"
		default:
			continue
		}
		mount, mroot, ok := cgroupMount(mi, fstype, option)
		if !ok {
			continue
		}
		// The cgroup's path is from the hierarchy's root; the mount may
		// show a part of it (a container's namespace shows "/").
		rel := strings.TrimPrefix(path.Clean(f[2]), path.Clean(mroot))
		dir := path.Join(root, mount, rel)
		if _, err := os.Stat(dir); err != nil {
			dir = path.Join(root, mount)
		}
		top := path.Join(root, mount)
		for {
			if v, ok := readLimit(path.Join(dir, file)); ok && (!found || v < best) {
				best, found = v, true
			}
			if dir == top || len(dir) <= len(top) {
				break
			}
			dir = path.Dir(dir)
		}
	}
	return best, found
}

// cgroupMount finds where a cgroup hierarchy of fstype (with option among
// its super options, for v1) is mounted, and which of its folders the
// mount shows.
func cgroupMount(mountinfo []byte, fstype, option string) (mount, mroot string, ok bool) {
	sc := bufio.NewScanner(bytes.NewReader(mountinfo))
	for sc.Scan() {
		// id parent major:minor root mount-point options [optional...] - fstype source super-options
		pre, post, found := strings.Cut(sc.Text(), " - ")
		if !found {
			continue
		}
		a, b := strings.Fields(pre), strings.Fields(post)
		if len(a) < 5 || len(b) < 1 || b[0] != fstype {
			continue
		}
		if option != "" && (len(b) < 3 || !hasWord(b[2], ',', option)) {
			continue
		}
		return unescapeMount(a[4]), unescapeMount(a[3]), true
	}
	return "", "", false
}

// unescapeMount undoes mountinfo's octal escapes (\040 for a space).
func unescapeMount(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+3 < len(s) {
			if v, err := strconv.ParseUint(s[i+1:i+4], 8, 8); err == nil {
				b.WriteByte(byte(v))
				i += 3
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

func hasWord(list string, sep byte, w string) bool {
	for f := range strings.SplitSeq(list, string(sep)) {
		if f == w {
			return true
		}
	}
	return false
}

// readLimit reads a cgroup limit file: a number of bytes, or "max" (none).
func readLimit(name string) (int64, bool) {
	b, err := os.ReadFile(name)
	if err != nil {
		return 0, false
	}
	v, err := strconv.ParseInt(strings.TrimSpace(string(b)), 10, 64)
	if err != nil || v <= 0 || v >= noLimit {
		return 0, false
	}
	return v, true
}

// budgetEvery is how many records the stream adds between looks at the
// heap: a look costs about 300 ns, and 4,096 records of a store take
// about 130 KB.
const budgetEvery = 4096

// heapLive is the heap the last garbage collection found live, as
// runtime/metrics gives it without stopping the world.
func heapLive() int64 {
	s := [1]metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(s[:])
	if s[0].Value.Kind() != metrics.KindUint64 {
		return 0
	}
	return int64(min(s[0].Value.Uint64(), 1<<62))
}

// OverBudget says whether the process's live heap has reached half the
// budget, where the TUI stops keeping rows: the garbage collector lets the
// heap grow to twice what is live before it collects, so the process's
// heap then stays near the budget.
func OverBudget(budget int64) bool { return budget > 0 && heapLive() >= budget/2 }
