package script

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/dop251/goja"
)

// maxCallStack bounds JavaScript recursion; deeper ends the run.
const maxCallStack = 2000

// CallRecord is one call of a run and what became of it.
type CallRecord struct {
	N            int
	Site         string
	Account      string
	AccountLevel bool
	Method, Path string
	// Line is the script line that made the call.
	Line    int
	Outcome Outcome
	// Err is why the call failed or was refused; nil when Wix answered 2xx
	// (or the call was recorded, not sent, in a dry run).
	Err error
	// Replayed says the outcome came from an earlier round of the run.
	Replayed bool
	// Duration is how long the call took (0 for replayed calls).
	Duration time.Duration
	key      string
}

// RunError is why a run ended without a result.
type RunError struct {
	// Name is the error's name (TypeError, WixError, …) or the limit hit.
	Name    string
	Message string
	// Line is the script's line (from 1); 0 when unknown.
	Line int
	// Limit says the run was stopped by a limit or a cancellation rather
	// than by the script's own exception.
	Limit bool
}

// Suspension is a run stopped to ask a person (see SuspendError).
type Suspension struct {
	// N is the call that needs the answer; Key identifies what it sends.
	N        int
	Key      string
	Question any
	// Recorded holds every call that finished before the run stopped.
	Recorded map[int]Recorded
}

// Report is what a run did.
type Report struct {
	// Result is the JSON of the script's return value; nil for undefined.
	Result json.RawMessage
	// Error is set when the script threw or a limit ended it.
	Error *RunError
	// Calls lists every call in number order.
	Calls []CallRecord
	// Console holds console output lines, up to the limit; Dropped counts
	// the lines left out.
	Console        []string
	ConsoleDropped int
	// Unhandled lists promise rejections the script never handled.
	Unhandled []string
	Elapsed   time.Duration
	// Suspended is set when the run stopped to ask a person.
	Suspended *Suspension
	// OverLimit counts calls refused by the call or read limit (they are
	// not in Calls); LateCalls those made after the script returned.
	OverLimit, LateCalls int
}

type run struct {
	opts   Options
	limits Limits
	sender Sender
	host   Host
	vm     *goja.Runtime
	ctx    context.Context
	cancel context.CancelFunc

	jobs    chan *finished
	pending int // calls in flight; loop goroutine only
	sem     chan struct{}
	ended   bool // the script's promise settled: no more calls
	calls   []CallRecord
	read    int64
	// made counts calls started; overLimit and lateCalls count calls
	// refused by a limit or made after the script returned.
	made, overLimit, lateCalls int
	// used marks recorded calls already replayed; nextN is the last live
	// number given; pendingUsed says the pending call was met.
	used        map[int]bool
	nextN       int
	pendingUsed bool
	report      *Report
	console     consoleBuf

	// suspended is the first SuspendError's call; later ones are dropped.
	suspended *Suspension

	clock *clock
	prims primordials

	unhandled map[*goja.Promise]string
	// executing is set while JavaScript runs, for the memory watchdog.
	mu        sync.Mutex
	executing bool
	since     time.Time
	fatal     *RunError
}

// Run runs one script to completion and reports what it did. It returns
// an error only for bugs of the host; a script's failure is in the report.
func Run(ctx context.Context, opts Options, sender Sender, host Host) *Report {
	limits := opts.Limits.WithDefaults()
	start := time.Now()
	rep := &Report{}
	defer func() { rep.Elapsed = time.Since(start) }()
	if len(opts.Script) > limits.MaxScriptBytes {
		rep.Error = &RunError{Name: "LimitError", Limit: true, Message: fmt.Sprintf("the script is %d bytes; at most %d are accepted", len(opts.Script), limits.MaxScriptBytes)}
		return rep
	}
	prog, err := goja.Compile("script.js", wrapSource(opts.Script), false)
	if err != nil {
		rep.Error = syntaxError(err)
		return rep
	}
	rctx, cancel := context.WithCancel(ctx)
	defer cancel()
	r := &run{
		opts: opts, limits: limits, sender: sender, host: host,
		vm: goja.New(), ctx: rctx, cancel: cancel,
		jobs: make(chan *finished, limits.MaxInFlight), sem: make(chan struct{}, limits.MaxInFlight),
		report: rep, console: consoleBuf{max: limits.MaxConsoleBytes},
		unhandled: map[*goja.Promise]string{}, used: map[int]bool{},
	}
	for n := range opts.Replay {
		r.nextN = max(r.nextN, n)
	}
	if opts.Pending != nil {
		r.nextN = max(r.nextN, opts.Pending.N)
	}
	r.clock = newClock(limits.WallTime, func() { r.vm.Interrupt(r.timeoutError()) })
	stopCancel := context.AfterFunc(ctx, func() { r.vm.Interrupt(errCancelled) })
	defer stopCancel()
	r.execute(prog)
	sort.Slice(r.calls, func(i, j int) bool { return r.calls[i].N < r.calls[j].N })
	rep.Calls = r.calls
	rep.OverLimit, rep.LateCalls = r.overLimit, r.lateCalls
	rep.Console, rep.ConsoleDropped = r.console.lines, r.console.dropped
	for _, msg := range r.unhandled {
		rep.Unhandled = append(rep.Unhandled, msg)
	}
	if r.suspended != nil {
		r.suspended.Recorded = r.recorded()
		rep.Error = nil
	}
	rep.Suspended = r.suspended
	return rep
}

// wrapSource makes the script the body of an async function, on the same
// line, so error lines are the script's own.
func wrapSource(src string) string {
	return "(async function () {" + src + "\n})"
}

func (r *run) execute(prog *goja.Program) {
	r.vm.SetMaxCallStackSize(maxCallStack)
	r.vm.SetRandSource(rand.New(rand.NewSource(r.opts.Seed)).Float64) //nolint:gosec // G404: Math.random, not a secret
	r.vm.SetPromiseRejectionTracker(r.trackRejection)
	stopWatch := watchdog.add(r)
	defer stopWatch()

	timer := r.clock.start()
	defer r.clock.stop()
	var fn goja.Value
	var setupErr error
	r.js(func() {
		if setupErr = r.install(); setupErr != nil {
			return
		}
		fn, setupErr = r.vm.RunProgram(prog)
	})
	if setupErr != nil {
		r.fail(setupErr)
		r.drain()
		return
	}
	call, ok := goja.AssertFunction(fn)
	if !ok {
		r.fail(errors.New("the script did not compile to a function"))
		return
	}
	var result goja.Value
	r.js(func() { result, setupErr = call(goja.Undefined()) })
	if setupErr != nil {
		r.fail(setupErr)
		r.drain()
		return
	}
	promise, _ := result.Export().(*goja.Promise)
	for promise != nil && promise.State() == goja.PromiseStatePending && r.fatal == nil && r.suspended == nil {
		if r.pending == 0 {
			// Nothing can settle the promise any more: the script awaits
			// something that never resolves.
			r.setFatal(&RunError{Name: "Error", Message: "the script is waiting for something that will never happen (an await on a promise nothing resolves)"})
			break
		}
		select {
		case f := <-r.jobs:
			r.finish(f, true, true)
		case <-timer:
			r.setFatal(r.timeoutError())
		case <-r.ctx.Done():
			r.setFatal(errCancelled)
		}
	}
	r.ended = true
	if r.fatal == nil && r.suspended == nil && promise != nil {
		r.settle(promise)
	}
	r.drain()
}

// errCancelled ends a run whose client cancelled the tool call.
var errCancelled = &RunError{Name: "Cancelled", Limit: true, Message: "the run was cancelled by the client"}

// settle turns the script's settled promise into the report's result.
func (r *run) settle(p *goja.Promise) {
	if p.State() == goja.PromiseStateRejected {
		r.report.Error = r.thrown(p.Result())
		delete(r.unhandled, p)
		return
	}
	v := p.Result()
	if goja.IsUndefined(v) {
		return
	}
	var out string
	var err error
	r.js(func() {
		var s goja.Value
		s, err = r.prims.stringify(goja.Undefined(), v)
		if err == nil && !goja.IsUndefined(s) {
			out = s.String()
		}
	})
	switch {
	case err != nil:
		r.report.Error = r.errorOf(err, "the script's return value cannot be turned into JSON")
	case out != "":
		r.report.Result = json.RawMessage(out)
	}
}

// drain waits for the calls still in flight: their outcomes belong in the
// report (a write that was sent must be listed). After a fatal error or a
// suspension they are cancelled first and no more JavaScript runs.
func (r *run) drain() {
	if r.fatal != nil {
		r.cancel()
	}
	for r.pending > 0 {
		f := <-r.jobs
		r.finish(f, r.fatal == nil && r.suspended == nil, true)
		if r.fatal != nil {
			r.cancel()
		}
	}
	if r.fatal != nil && r.suspended == nil {
		r.report.Error = r.fatal
	}
}

// js runs f on the runtime, marked as executing for the watchdog.
func (r *run) js(f func()) {
	r.mu.Lock()
	r.executing, r.since = true, time.Now()
	r.mu.Unlock()
	defer func() {
		r.mu.Lock()
		r.executing = false
		r.mu.Unlock()
	}()
	f()
}

// executingFor is how long the run has been running JavaScript without a
// pause; 0 when it is not running any.
func (r *run) executingFor() time.Duration {
	r.mu.Lock()
	defer r.mu.Unlock()
	if !r.executing {
		return 0
	}
	return max(time.Since(r.since), time.Nanosecond)
}

// interruptIfExecuting stops the script if it is running JavaScript now;
// the watchdog calls it from its own goroutine.
func (r *run) interruptIfExecuting(e *RunError) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.executing {
		r.vm.Interrupt(e)
	}
}

func (r *run) setFatal(e *RunError) {
	if r.fatal == nil {
		r.fatal = e
	}
	r.vm.Interrupt(e)
}

// fail records an error that ended JavaScript execution.
func (r *run) fail(err error) {
	if r.fatal != nil || r.suspended != nil {
		return
	}
	r.fatal = r.errorOf(err, "")
}

func (r *run) errorOf(err error, context string) *RunError {
	var (
		interrupted *goja.InterruptedError
		overflow    *goja.StackOverflowError
		exc         *goja.Exception
	)
	switch {
	case errors.As(err, &interrupted):
		if e, ok := interrupted.Value().(*RunError); ok {
			return e
		}
		return &RunError{Name: "Interrupted", Limit: true, Message: fmt.Sprint(interrupted.Value())}
	case errors.As(err, &overflow):
		return &RunError{Name: "RangeError", Limit: true, Message: fmt.Sprintf("the script recursed deeper than %d calls", maxCallStack), Line: lineOf(overflow.String())}
	case errors.As(err, &exc):
		e := r.thrown(exc.Value())
		if context != "" {
			e.Message = context + ": " + e.Message
		}
		return e
	}
	return &RunError{Name: "Error", Message: err.Error()}
}

func (r *run) timeoutError() *RunError {
	return &RunError{Name: "LimitError", Limit: true, Message: fmt.Sprintf("the script ran longer than its %s wall-time limit", r.limits.WallTime)}
}

// thrown describes a value the script threw.
func (r *run) thrown(v goja.Value) *RunError {
	e := &RunError{Name: "Error", Message: "the script threw a value that is not an Error"}
	r.js(func() {
		obj, ok := v.(*goja.Object)
		if !ok || obj == nil {
			if v != nil && !goja.IsUndefined(v) && !goja.IsNull(v) {
				e.Message = "the script threw " + truncate(v.String(), 500)
			}
			return
		}
		if n := obj.Get("name"); n != nil && !goja.IsUndefined(n) {
			e.Name = truncate(n.String(), 100)
		}
		if m := obj.Get("message"); m != nil && !goja.IsUndefined(m) {
			e.Message = truncate(m.String(), 2000)
		}
		if s := obj.Get("stack"); s != nil && !goja.IsUndefined(s) {
			e.Line = lineOf(s.String())
		}
	})
	return e
}

var (
	stackLine  = regexp.MustCompile(`script\.js:(\d+):\d+`)
	syntaxLine = regexp.MustCompile(`Line (\d+):\d+`)
)

// lineOf finds the script's line in a goja stack trace.
func lineOf(stack string) int {
	m := stackLine.FindStringSubmatch(stack)
	if m == nil {
		return 0
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

func syntaxError(err error) *RunError {
	e := &RunError{Name: "SyntaxError", Message: err.Error()}
	if m := syntaxLine.FindStringSubmatch(e.Message); m != nil {
		e.Line, _ = strconv.Atoi(m[1])
	}
	e.Message = strings.TrimPrefix(strings.TrimPrefix(e.Message, "SyntaxError: "), "script.js: ")
	return e
}

// trackRejection remembers rejected promises without a handler; those
// still unhandled when the run ends are reported.
func (r *run) trackRejection(p *goja.Promise, op goja.PromiseRejectionOperation) {
	if op == goja.PromiseRejectionHandle {
		delete(r.unhandled, p)
		return
	}
	if len(r.unhandled) >= 20 {
		return
	}
	e := r.thrown(p.Result())
	msg := e.Name + ": " + e.Message
	if e.Line > 0 {
		msg += fmt.Sprintf(" (line %d)", e.Line)
	}
	r.unhandled[p] = msg
}

func truncate(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}
