package catalog

import (
	"bytes"
	"encoding/json"
	"os"
	"strings"
	"testing"
)

type evalTask struct {
	Task   string   `json:"task"`
	Expect []string `json:"expect"`
}

// serves reports whether e is the endpoint behind "METHOD /path": the path is
// its main path or an alias, and the method its own or its SDK fallback.
func serves(e *Endpoint, want string) bool {
	method, path, _ := strings.Cut(want, " ")
	if e.Method != method && e.FallbackMethod != method {
		return false
	}
	for _, p := range append([]string{e.Path}, e.Aliases...) {
		if p == path {
			return true
		}
	}
	return false
}

func loadEval(t *testing.T) []evalTask {
	t.Helper()
	b, err := os.ReadFile("testdata/eval.json")
	if err != nil {
		t.Fatal(err)
	}
	var tasks []evalTask
	if err := json.Unmarshal(b, &tasks); err != nil {
		t.Fatal(err)
	}
	return tasks
}

// TestSearchEval measures ranking quality on plain-language tasks written
// from Wix knowledge, independently of the ranker.
func TestSearchEval(t *testing.T) {
	t.Parallel()
	c := Default()
	tasks := loadEval(t)
	if len(tasks) < 150 {
		t.Fatalf("eval set has %d tasks, want >= 150", len(tasks))
	}
	top1, top5 := 0, 0
	for _, task := range tasks {
		for _, want := range task.Expect {
			if !hasServing(c, want) {
				t.Errorf("task %q expects %q, which no catalog endpoint serves", task.Task, want)
			}
		}
		res := c.Search(task.Task, 5)
		rank := -1
		for i, r := range res {
			for _, want := range task.Expect {
				if serves(r.Endpoint, want) {
					rank = i
				}
			}
			if rank >= 0 {
				break
			}
		}
		if rank == 0 {
			top1++
		}
		if rank >= 0 {
			top5++
		}
		if rank != 0 && testing.Verbose() {
			var got []string
			for _, r := range res {
				got = append(got, r.Endpoint.Method+" "+r.Endpoint.Path)
			}
			t.Logf("miss@1 %q (rank %d): want %v, got %v", task.Task, rank+1, task.Expect, got)
		}
	}
	r1 := float64(top1) / float64(len(tasks))
	r5 := float64(top5) / float64(len(tasks))
	t.Logf("search eval: %d tasks, top-1 %.1f%% (%d), top-5 %.1f%% (%d)", len(tasks), 100*r1, top1, 100*r5, top5)
	if r1 < 0.70 {
		t.Errorf("top-1 hit rate %.1f%% < 70%%", 100*r1)
	}
	if r5 < 0.95 {
		t.Errorf("top-5 hit rate %.1f%% < 95%%", 100*r5)
	}
}

func hasServing(c *Catalog, want string) bool {
	for _, e := range c.All() {
		if serves(e, want) {
			return true
		}
	}
	return false
}

func BenchmarkSearch(b *testing.B) {
	c := Default()
	c.Search("warm up", 1)
	queries := []string{"find contacts by email", "cancel a booking", "add an item to a CMS collection", "list my sites", "refund a payment"}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		c.Search(queries[i%len(queries)], 10)
	}
}

// BenchmarkLoad is the one-time cost Default pays on first use.
func BenchmarkLoad(b *testing.B) {
	for i := 0; i < b.N; i++ {
		if _, err := Load(bytes.NewReader(embedded)); err != nil {
			b.Fatal(err)
		}
	}
}
