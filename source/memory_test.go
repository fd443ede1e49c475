package source

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/errscope/errscope/model"
)

// writeTree writes files (path: content) under a new root.
func writeTree(t *testing.T, files map[string]string) string {
	t.Helper()
	root := t.TempDir()
	for name, content := range files {
		p := filepath.Join(root, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

const meminfo = "MemTotal:       24683716 kB\nMemFree:        22474924 kB\nMemAvailable:   24036468 kB\nBuffers:          123 kB\n"

// TestAvailableMemory: the lower of the cgroup's limit and MemAvailable,
// on the layouts a process meets: cgroup v2 in a container and nested in
// a limited parent, v1 alone and beside v2 (hybrid), no limit ("max", v1's
// 2^63), and no /proc at all.
func TestAvailableMemory(t *testing.T) {
	const v2mount = "40 30 0:37 / /sys/fs/cgroup rw,nosuid - cgroup2 cgroup2 rw,nsdelegate\n"
	const hybrid = "30 22 0:27 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755\n" +
		"31 30 0:28 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu\n" +
		"34 30 0:31 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory\n" +
		"40 30 0:37 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw\n"
	avail := int64(24036468) << 10
	cases := []struct {
		name  string
		files map[string]string
		want  int64
		from  string
	}{
		{"v2 container", map[string]string{
			"proc/meminfo": meminfo, "proc/self/cgroup": "0::/\n", "proc/self/mountinfo": v2mount,
			"sys/fs/cgroup/memory.max": "536870912\n",
		}, 512 << 20, "cgroup limit"},
		{"v2 nested, the parent limits", map[string]string{
			"proc/meminfo": meminfo, "proc/self/cgroup": "0::/user.slice/app.scope\n", "proc/self/mountinfo": v2mount,
			"sys/fs/cgroup/user.slice/app.scope/memory.max": "max\n",
			"sys/fs/cgroup/user.slice/memory.max":           "2147483648\n",
		}, 2 << 30, "cgroup limit"},
		{"v2 max", map[string]string{
			"proc/meminfo": meminfo, "proc/self/cgroup": "0::/a\n", "proc/self/mountinfo": v2mount,
			"sys/fs/cgroup/a/memory.max": "max\n",
		}, avail, "MemAvailable"},
		{"v2 limit above MemAvailable", map[string]string{
			"proc/meminfo": meminfo, "proc/self/cgroup": "0::/a\n", "proc/self/mountinfo": v2mount,
			"sys/fs/cgroup/a/memory.max": fmt.Sprint(64 << 30),
		}, avail, "MemAvailable"},
		{"hybrid, v1 without a limit", map[string]string{
			"proc/meminfo": meminfo, "proc/self/mountinfo": hybrid,
			"proc/self/cgroup": "9:name=systemd:/\n4:memory:/process_api/d58e\n1:cpu:/\n0::/\n",
			"sys/fs/cgroup/memory/process_api/d58e/memory.limit_in_bytes": "9223372036854771712\n",
			"sys/fs/cgroup/memory/memory.limit_in_bytes":                  "9223372036854771712\n",
		}, avail, "MemAvailable"},
		{"hybrid, v1 limited", map[string]string{
			"proc/meminfo": meminfo, "proc/self/mountinfo": hybrid,
			"proc/self/cgroup": "4:memory:/job\n0::/\n",
			"sys/fs/cgroup/memory/job/memory.limit_in_bytes": "1073741824\n",
			"sys/fs/cgroup/unified/memory.max":               "max\n",
		}, 1 << 30, "cgroup limit"},
		{"v1 namespaced: the mount shows the cgroup as its root", map[string]string{
			"proc/meminfo": meminfo, "proc/self/cgroup": "5:memory,hugetlb:/docker/abc\n",
			"proc/self/mountinfo":                        "34 30 0:31 /docker/abc /sys/fs/cgroup/memory ro - cgroup cgroup rw,memory,hugetlb\n",
			"sys/fs/cgroup/memory/memory.limit_in_bytes": "268435456\n",
		}, 256 << 20, "cgroup limit"},
		{"no cgroup", map[string]string{"proc/meminfo": meminfo}, avail, "MemAvailable"},
		{"nothing", map[string]string{"etc/hostname": "x\n"}, 0, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			n, from := availableMemory(writeTree(t, c.files))
			if n != c.want || from != c.from {
				t.Errorf("got %d (%s), want %d (%s)", n, from, c.want, c.from)
			}
		})
	}
}

// TestStreamBudget: past its memory budget the stream's store keeps no more
// rows; every record is still counted, by error type and pattern, as a
// stream without a budget counts them. A budget of 1 byte is reached at
// the first look at the heap, after budgetEvery records.
func TestStreamBudget(t *testing.T) {
	log := filepath.Join("..", "testdata", "import.gz")
	read := func(budget int64) *model.Snapshot {
		return NewStream(StreamOptions{Catalog: model.DefaultCatalog(), Logs: []string{log}, Budget: budget}).Run(context.Background()).Snap
	}
	whole, capped := read(0), read(1)
	if whole.Partial() || whole.Len() != 5000 {
		t.Fatalf("without a budget: %d rows, partial %v; want all 5,000", whole.Len(), whole.Partial())
	}
	if !capped.Partial() || capped.Len() != budgetEvery {
		t.Errorf("budget of 1 byte: %d rows, partial %v; want the first %d, partial", capped.Len(), capped.Partial(), budgetEvery)
	}
	if capped.Records() != whole.Records() || capped.BadLines() != whole.BadLines() {
		t.Errorf("budget of 1 byte: %d records, %d bad; want %d, %d", capped.Records(), capped.BadLines(), whole.Records(), whole.BadLines())
	}
	if w, c := fmt.Sprint(whole.Groups()), fmt.Sprint(capped.Groups()); w != c {
		t.Errorf("groups differ:\n whole  %s\n capped %s", w, c)
	}
	for _, g := range whole.Groups() {
		if w, c := fmt.Sprint(whole.Patterns(g.ID)), fmt.Sprint(capped.Patterns(g.ID)); w != c {
			t.Errorf("patterns of %s differ:\n whole  %s\n capped %s", g.Kind.Code, w, c)
		}
	}
	if !OverBudget(1) || OverBudget(1<<50) || OverBudget(0) {
		t.Errorf("OverBudget: 1 byte %v, 1 PiB %v, none %v", OverBudget(1), OverBudget(1<<50), OverBudget(0))
	}
}

// BenchmarkOverBudget is the cost of one look at the heap, which the stream
// takes every budgetEvery records:
// go test ./source -run '^$' -bench OverBudget -count 5
func BenchmarkOverBudget(b *testing.B) {
	for b.Loop() {
		if OverBudget(1 << 50) {
			b.Fatal("over a budget of 1 PiB")
		}
	}
}
