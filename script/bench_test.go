package script

import (
	"context"
	"runtime"
	"sync"
	"testing"
)

// blockingWix holds every call until release is closed.
type blockingWix struct {
	fakeWix
	started chan struct{}
	release chan struct{}
}

func (b *blockingWix) Send(ctx context.Context, c *Call) (*Outcome, error) {
	b.started <- struct{}{}
	<-b.release
	return &Outcome{Class: "read", Sent: true, Status: 200, Body: []byte(`{"ok":true}`)}, nil
}

// BenchmarkIdleRuns holds 50 runs at once, each waiting for its Wix call,
// and reports the heap they take, per run: what 50 concurrent runs cost.
func BenchmarkIdleRuns(b *testing.B) {
	const runs = 50
	src := `const r = await wix.site("a").get("/x"); return r.ok`
	var perRun float64
	for b.Loop() {
		w := &blockingWix{started: make(chan struct{}, runs), release: make(chan struct{})}
		runtime.GC()
		var before, during runtime.MemStats
		runtime.ReadMemStats(&before)
		var wg sync.WaitGroup
		for range runs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if rep := Run(context.Background(), Options{Script: src}, w, w); rep.Error != nil || string(rep.Result) != "true" {
					b.Errorf("run: %+v %s", rep.Error, rep.Result)
				}
			}()
		}
		for range runs {
			<-w.started
		}
		runtime.GC()
		runtime.ReadMemStats(&during)
		close(w.release)
		wg.Wait()
		perRun = float64(during.HeapAlloc-before.HeapAlloc) / runs
	}
	b.ReportMetric(perRun/1024, "KiB/idle-run")
}

// BenchmarkRuntimeStart is the cost of one run that makes no call: a
// fresh runtime, the prelude and the wix global.
func BenchmarkRuntimeStart(b *testing.B) {
	f := &fakeWix{}
	b.ReportAllocs()
	for b.Loop() {
		if rep := Run(context.Background(), Options{Script: `return 1`}, f, f); rep.Error != nil {
			b.Fatal(rep.Error)
		}
	}
}

// BenchmarkStringifyWide is a run that builds and serializes a list of
// 10,000 small records: the cost of the JSON.stringify depth guard (a
// replacer called for every value) on the kind of value scripts return.
func BenchmarkStringifyWide(b *testing.B) {
	f := &fakeWix{}
	src := `const a = Array.from({ length: 10000 }, (_, i) => ({ id: i, name: "n" + i, tags: ["a", "b"] })); return JSON.stringify(a).length`
	for b.Loop() {
		if rep := Run(context.Background(), Options{Script: src}, f, f); rep.Error != nil {
			b.Fatal(rep.Error)
		}
	}
}
