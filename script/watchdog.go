package script

import (
	"fmt"
	"math"
	"runtime"
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
// a run's MaxHeapBytes, after a collection. goja cannot account memory per
// runtime, so this is a backstop against huge allocations (a string
// doubled in a loop, an array filled with millions of objects) that the
// call, time and builtin limits do not catch; runs waiting for Wix are not
// executing and are left alone.
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
		limit := w.lowestLimit()
		w.mu.Unlock()
		if heap <= limit {
			continue
		}
		// The metric counts garbage not yet swept: collect first, so that
		// a run is stopped only for memory that is still reachable.
		runtime.GC()
		metrics.Read(sample)
		heap = sample[0].Value.Uint64()
		w.mu.Lock()
		w.stopHogs(heap)
		w.mu.Unlock()
	}
}

// lowestLimit is the smallest MaxHeapBytes of the watched runs.
func (w *heapWatch) lowestLimit() uint64 {
	limit := uint64(math.MaxUint64)
	for r := range w.runs {
		limit = min(limit, r.limits.MaxHeapBytes)
	}
	return limit
}

// hogTime is how long a run must have been running JavaScript without a
// pause to be taken for the one allocating: runs doing ordinary work run
// for microseconds between their awaits.
const hogTime = 20 * time.Millisecond

// stopHogs stops the runs over their limit that have been executing for
// hogTime; when none has, every run over its limit that is executing.
func (w *heapWatch) stopHogs(heap uint64) {
	var long, short []*run
	for r := range w.runs {
		if heap <= r.limits.MaxHeapBytes {
			continue
		}
		switch since := r.executingFor(); {
		case since >= hogTime:
			long = append(long, r)
		case since > 0:
			short = append(short, r)
		}
	}
	if len(long) == 0 {
		long = short
	}
	for _, r := range long {
		r.interruptIfExecuting(&RunError{Name: "RangeError", Limit: true,
			Message: fmt.Sprintf("the script allocated too much memory (the server's heap reached %d MiB; the limit is %d MiB)", heap>>20, r.limits.MaxHeapBytes>>20)})
	}
}
