package bench

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"sync"
	"syscall"
	"time"
)

// LoadOptions describe one load run.
type LoadOptions struct {
	// URL is the MCP endpoint; PID the server's process (0: no memory figures).
	URL string
	PID int
	// Sessions is how many concurrent MCP sessions call; Calls is how many
	// tool calls each makes, one after the other.
	Sessions, Calls int
	// Tool and Args are the call every session repeats.
	Tool string
	Args map[string]any
	// Warmup calls per session are made before the clock starts.
	Warmup int
}

// LoadResult is what a load run measured.
type LoadResult struct {
	Sessions, Calls int
	// Errors counts failed calls: HTTP or JSON-RPC errors and isError
	// results; FirstError is the first one seen.
	Errors     int
	FirstError string
	Elapsed    time.Duration
	// PerSecond is successful and failed calls per second of wall time.
	PerSecond     float64
	P50, P90, P99 time.Duration
	Max           time.Duration
	// Memory is the server's resident memory after the run (Peak is the
	// high-water mark of the whole process life).
	Memory Memory
	// ServerCPU and ClientCPU are the CPU time the server process and this
	// process (the client, and the emulator when it runs here) used during
	// the timed calls: on a small machine they compete for the same cores.
	ServerCPU, ClientCPU time.Duration
}

func selfCPU() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// newHTTPClient returns a client whose pool keeps a connection per session,
// so each session's requests reuse one connection as a real client's do.
func newHTTPClient(conns int) *http.Client {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConns = conns + 16
	t.MaxIdleConnsPerHost = conns + 16
	return &http.Client{Transport: t}
}

// RunLoad opens the sessions, then has all of them call at once.
func RunLoad(ctx context.Context, o LoadOptions) (*LoadResult, error) {
	client := newHTTPClient(o.Sessions)
	defer client.CloseIdleConnections()
	sessions := make([]*Session, o.Sessions)
	for i := range sessions {
		s, err := Open(ctx, client, o.URL)
		if err != nil {
			return nil, fmt.Errorf("session %d: %w", i, err)
		}
		sessions[i] = s
	}
	defer func() {
		for _, s := range sessions {
			_ = s.Close(context.Background())
		}
	}()
	for _, s := range sessions {
		for range o.Warmup {
			if err := s.Call(ctx, o.Tool, o.Args); err != nil {
				return nil, fmt.Errorf("warm-up call: %w", err)
			}
		}
	}

	lat := make([][]time.Duration, len(sessions))
	var (
		mu       sync.Mutex
		errCount int
		firstErr error
	)
	var wg sync.WaitGroup
	serverCPU0, _ := CPUTime(o.PID)
	clientCPU0 := selfCPU()
	start := time.Now()
	for i, s := range sessions {
		wg.Add(1)
		go func() {
			defer wg.Done()
			mine := make([]time.Duration, 0, o.Calls)
			for range o.Calls {
				t0 := time.Now()
				err := s.Call(ctx, o.Tool, o.Args)
				mine = append(mine, time.Since(t0))
				if err != nil {
					mu.Lock()
					errCount++
					if firstErr == nil {
						firstErr = err
					}
					mu.Unlock()
				}
			}
			lat[i] = mine
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	clientCPU := selfCPU() - clientCPU0
	serverCPU1, _ := CPUTime(o.PID)

	all := slices.Concat(lat...)
	slices.Sort(all)
	r := &LoadResult{
		Sessions: o.Sessions, Calls: len(all), Errors: errCount, Elapsed: elapsed,
		PerSecond: float64(len(all)) / elapsed.Seconds(),
		P50:       percentile(all, 50), P90: percentile(all, 90), P99: percentile(all, 99), Max: percentile(all, 100),
		ServerCPU: serverCPU1 - serverCPU0, ClientCPU: clientCPU,
	}
	if firstErr != nil {
		r.FirstError = firstErr.Error()
	}
	if o.PID != 0 {
		m, err := ReadMemory(o.PID)
		if err != nil {
			return r, err
		}
		r.Memory = m
	}
	return r, ctx.Err()
}

// percentile returns the p-th percentile (nearest rank) of sorted d.
func percentile(d []time.Duration, p int) time.Duration {
	if len(d) == 0 {
		return 0
	}
	i := (len(d)*p + 99) / 100
	return d[max(0, min(len(d)-1, i-1))]
}

// IdleOptions describe an idle-sessions run.
type IdleOptions struct {
	URL string
	PID int
	// Sessions is how many sessions to open and leave idle.
	Sessions int
	// Listen also opens each session's GET event stream, as SDK clients
	// do; each then holds a connection and a stream on the server.
	Listen bool
	// Settle is how long to wait, sessions open, before reading memory.
	Settle time.Duration
}

// IdleResult is the server's memory before and with the idle sessions.
type IdleResult struct {
	Sessions int
	Listen   bool
	// Before is measured before the first session, With once all are open.
	Before, With Memory
	// OpenTime is how long opening all the sessions took.
	OpenTime time.Duration
}

// PerSession is the resident memory each idle session added.
func (r *IdleResult) PerSession() int64 {
	if r.Sessions == 0 {
		return 0
	}
	return (r.With.RSS - r.Before.RSS) / int64(r.Sessions)
}

// RunIdle opens sessions that then do nothing, and reads the server's
// memory with all of them open.
func RunIdle(ctx context.Context, o IdleOptions) (*IdleResult, error) {
	before, err := ReadMemory(o.PID)
	if err != nil {
		return nil, err
	}
	client := newHTTPClient(o.Sessions)
	defer client.CloseIdleConnections()
	listenCtx, stopListening := context.WithCancel(ctx)
	defer stopListening()
	var sessions []*Session
	defer func() {
		stopListening()
		for _, s := range sessions {
			_ = s.Close(context.Background())
		}
	}()
	start := time.Now()
	// Opened a few at a time, as clients arriving do.
	const parallel = 8
	var (
		mu       sync.Mutex
		firstErr error
		wg       sync.WaitGroup
	)
	sem := make(chan struct{}, parallel)
	for range o.Sessions {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			s, err := Open(ctx, client, o.URL)
			if err == nil && o.Listen {
				err = s.Listen(listenCtx)
			}
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				if firstErr == nil {
					firstErr = err
				}
				return
			}
			sessions = append(sessions, s)
		}()
	}
	wg.Wait()
	if firstErr != nil {
		return nil, fmt.Errorf("opening %d sessions (%d opened): %w", o.Sessions, len(sessions), firstErr)
	}
	r := &IdleResult{Sessions: len(sessions), Listen: o.Listen, Before: before, OpenTime: time.Since(start)}
	select {
	case <-time.After(o.Settle):
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	if r.With, err = ReadMemory(o.PID); err != nil {
		return nil, err
	}
	return r, nil
}
