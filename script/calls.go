package script

import (
	"errors"
	"fmt"
	"time"

	"github.com/dop251/goja"
)

// finished is a call whose outcome is known, handed back to the loop.
type finished struct {
	rec     CallRecord
	resolve func(any) error
	reject  func(any) error
}

// start begins one call and returns its promise. send replaces the Sender
// for calls the host answers itself (wix.sites).
func (r *run) start(c Call, send func(*Call) (*Outcome, error)) goja.Value {
	p, resolve, reject := r.vm.NewPromise()
	line := r.scriptLine()
	refuse := func(reason string) goja.Value {
		_ = reject(r.jsErrorAt(&PolicyError{Reason: reason}, line))
		return r.vm.ToValue(p)
	}
	switch {
	case r.ended:
		r.lateCalls++
		return refuse("the script has already returned: calls made after that are not sent")
	case r.made >= r.limits.MaxCalls:
		r.overLimit++
		return refuse(fmt.Sprintf("this run already made %d calls, the most one run may make; nothing was sent. Split the work into several runs", r.limits.MaxCalls))
	case r.read > r.limits.MaxReadBytes:
		r.overLimit++
		return refuse(fmt.Sprintf("this run already read more than %d bytes from Wix, the most one run may read; nothing was sent. Ask for fewer fields or smaller pages", r.limits.MaxReadBytes))
	}
	r.made++
	c.RunID, c.DryRun, c.Pause = r.opts.RunID, r.opts.DryRun, r.clock.pause
	key := c.Key()
	rec := CallRecord{Site: c.Site, Account: c.Account, AccountLevel: c.AccountLevel, Method: c.Method, Path: c.Path, Line: line, key: key}
	if n, old, ok := r.replayed(key); ok {
		rec.N, rec.Outcome, rec.Err, rec.Replayed = n, old.Outcome, old.err(), true
		r.finish(&finished{rec: rec, resolve: resolve, reject: reject}, true, false)
		return r.vm.ToValue(p)
	}
	c.N = r.number(key)
	rec.N = c.N
	if send == nil {
		send = func(c *Call) (*Outcome, error) { return r.sender.Send(r.ctx, c) }
	}
	r.pending++
	go func() {
		began := time.Now()
		var out *Outcome
		var err error
		select {
		case r.sem <- struct{}{}:
			out, err = send(&c)
			<-r.sem
		case <-r.ctx.Done():
			err = fmt.Errorf("not sent: %w", r.ctx.Err())
		}
		if out == nil {
			out = &Outcome{}
		}
		rec.Outcome, rec.Err, rec.Duration = *out, err, time.Since(began)
		r.jobs <- &finished{rec: rec, resolve: resolve, reject: reject}
	}()
	return r.vm.ToValue(p)
}

// replayed finds an unused recorded call that sent exactly what this one
// sends; matching by content, not by number, keeps a replay valid when
// concurrent answers arrive in another order than the first time.
func (r *run) replayed(key string) (int, Recorded, bool) {
	best := 0
	for n, rec := range r.opts.Replay {
		if rec.Key == key && !r.used[n] && (best == 0 || n < best) {
			best = n
		}
	}
	if best == 0 {
		return 0, Recorded{}, false
	}
	r.used[best] = true
	return best, r.opts.Replay[best], true
}

// number gives a live call its number: the pending call of an earlier
// round keeps its own; others follow every number used so far.
func (r *run) number(key string) int {
	if p := r.opts.Pending; p != nil && !r.pendingUsed && p.Key == key {
		r.pendingUsed = true
		return p.N
	}
	r.nextN++
	return r.nextN
}

// finish records a call's outcome and, when JavaScript may still run,
// settles its promise. It runs on the loop goroutine.
func (r *run) finish(f *finished, mayRunJS, wasPending bool) {
	if wasPending {
		r.pending--
	}
	var suspend *SuspendError
	if errors.As(f.rec.Err, &suspend) {
		if r.suspended == nil {
			r.suspended = &Suspension{N: f.rec.N, Key: f.rec.key, Question: suspend.Question}
			r.vm.Interrupt(errSuspended)
		}
		return
	}
	r.calls = append(r.calls, f.rec)
	r.read += int64(len(f.rec.Outcome.Body))
	if !mayRunJS {
		return
	}
	var err error
	r.js(func() {
		switch {
		case f.rec.Err != nil:
			err = f.reject(r.jsErrorAt(f.rec.Err, f.rec.Line))
		case f.rec.Outcome.DryRun:
			obj := r.vm.NewObject()
			_ = obj.Set("dryRun", true)
			err = f.resolve(obj)
		default:
			v, perr := r.parse(f.rec.Outcome.Body)
			if perr != nil {
				err = f.reject(r.jsErrorAt(perr, f.rec.Line))
			} else {
				err = f.resolve(v)
			}
		}
	})
	if err != nil {
		r.fail(err)
	}
}

// errSuspended interrupts a run stopped to ask a person.
var errSuspended = &RunError{Name: "Suspended", Message: "waiting for a person's answer"}

// recorded returns every finished call, for the next round of the run.
func (r *run) recorded() map[int]Recorded {
	out := make(map[int]Recorded, len(r.calls))
	for _, c := range r.calls {
		out[c.N] = record(c.key, c.Outcome, c.Err)
	}
	return out
}

// scriptLine is the script line that is running, for calls and their
// errors: an error made by the host has no script frame of its own.
func (r *run) scriptLine() int {
	for _, f := range r.vm.CaptureCallStack(20, nil) {
		if f.SrcName() == "script.js" {
			return f.Position().Line
		}
	}
	return 0
}

// jsErrorAt is jsError with the stack pointing at the script's line.
func (r *run) jsErrorAt(err error, line int) goja.Value {
	v := r.jsError(err)
	if obj, ok := v.(*goja.Object); ok && line > 0 {
		_ = obj.Set("stack", fmt.Sprintf("%s: %s\n    at script.js:%d:1", obj.Get("name"), obj.Get("message"), line))
	}
	return v
}
