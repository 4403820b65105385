package script

import (
	"sync"
	"time"
)

// clock is a run's wall-time budget, paused while a person is asked.
type clock struct {
	mu      sync.Mutex
	budget  time.Duration
	started time.Time
	paused  int
	timer   *time.Timer
	fired   chan time.Time
	// onFire interrupts JavaScript that is running when time is up.
	onFire func()
}

func newClock(budget time.Duration, onFire func()) *clock {
	return &clock{budget: budget, fired: make(chan time.Time, 1), onFire: onFire}
}

func (c *clock) start() <-chan time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.started = time.Now()
	c.timer = time.AfterFunc(c.budget, c.fire)
	return c.fired
}

func (c *clock) fire() {
	c.onFire()
	select {
	case c.fired <- time.Now():
	default:
	}
}

func (c *clock) stop() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.timer != nil {
		c.timer.Stop()
	}
}

// pause stops the clock until the returned function is called; pauses
// nest (several questions may wait at once).
func (c *clock) pause() func() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.paused == 0 && c.timer != nil && c.timer.Stop() {
		c.budget -= time.Since(c.started)
	}
	c.paused++
	var once sync.Once
	return func() {
		once.Do(func() {
			c.mu.Lock()
			defer c.mu.Unlock()
			c.paused--
			if c.paused == 0 && c.timer != nil {
				c.started = time.Now()
				c.timer = time.AfterFunc(max(c.budget, 0), c.fire)
			}
		})
	}
}
