package script

import (
	"fmt"
	"runtime/metrics"
	"sync"
	"time"
)

// watchInterval is how often the heap is sampled while scripts run. Reading
// one runtime metric does not stop the world, so this is cheap.
const watchInterval = 5 * time.Millisecond

// heapMetric is the bytes of heap objects, live or not yet swept; it grows
// as soon as a script allocates, unlike the live heap measured at GC.
const heapMetric = "/memory/classes/heap/objects:bytes"

// watchdog stops scripts whose JavaScript is running when the heap passes
// a run's MaxHeapBytes. goja cannot account memory per runtime, so this is
// a backstop against huge allocations (a string doubled in a loop, an
// array filled with millions of objects) that the call, time and string
// limits do not catch; runs waiting for Wix are not executing and are left
// alone.
var watchdog = &heapWatch{runs: map[*run]struct{}{}}

type heapWatch struct {
	mu   sync.Mutex
	runs map[*run]struct{}
	stop chan struct{}
}

// add watches r until the returned function is called.
func (w *heapWatch) add(r *run) func() {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.runs[r] = struct{}{}
	if w.stop == nil {
		w.stop = make(chan struct{})
		go w.loop(w.stop)
	}
	return func() {
		w.mu.Lock()
		defer w.mu.Unlock()
		delete(w.runs, r)
		if len(w.runs) == 0 && w.stop != nil {
			close(w.stop)
			w.stop = nil
		}
	}
}

func (w *heapWatch) loop(stop chan struct{}) {
	sample := []metrics.Sample{{Name: heapMetric}}
	t := time.NewTicker(watchInterval)
	defer t.Stop()
	for {
		select {
		case <-stop:
			return
		case <-t.C:
		}
		metrics.Read(sample)
		if sample[0].Value.Kind() != metrics.KindUint64 {
			return
		}
		heap := sample[0].Value.Uint64()
		w.mu.Lock()
		for r := range w.runs {
			if heap > r.limits.MaxHeapBytes {
				r.interruptIfExecuting(&RunError{Name: "RangeError", Limit: true,
					Message: fmt.Sprintf("the script allocated too much memory (the server's heap reached %d MiB; the limit is %d MiB)", heap>>20, r.limits.MaxHeapBytes>>20)})
			}
		}
		w.mu.Unlock()
	}
}
