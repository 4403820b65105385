package script

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/dop251/goja"
)

// Bounds of what one builtin call may build: characters of a string and
// elements of an array. goja's builtins are Go loops that allocate before
// the heap watchdog could interrupt them (new Array(5e7).fill(0) takes
// seconds and gigabytes), so they are checked before they start.
const (
	maxStringChars = 4 << 20
	maxElements    = 1 << 20
)

// prelude runs before the script, in the same runtime. It defines the two
// error classes, removes code generation from strings (eval, Function and
// the constructors of async and generator functions; goja has no async
// generators: the script a person
// reviews must be the code that runs) and bounds the string builders.
const prelude = `(function (maxChars, maxElems) {
  "use strict";
  const deny = function () { throw new EvalError("code generation from strings (eval, Function) is disabled in run_wix_script"); };
  for (const f of [function () {}, async function () {}, function* () {}]) {
    const proto = Object.getPrototypeOf(f);
    Object.defineProperty(proto, "constructor", { value: deny, writable: false, configurable: false });
  }
  Object.defineProperty(deny, "prototype", { value: Function.prototype });
  Object.defineProperty(globalThis, "Function", { value: deny, writable: false, configurable: false });
  delete globalThis.eval;
  // goja's builtins run as single Go calls that an interrupt cannot stop,
  // so the ones that allocate in proportion to an argument are bounded
  // before they start; growth in JavaScript loops is left to the heap
  // watchdog and the wall clock.
  // Reflect's functions are taken now: a script that replaces
  // Function.prototype.call later must not be handed the originals.
  const apply = Reflect.apply, construct = Reflect.construct, defineProperty = Object.defineProperty;
  const fix = (obj, name, value) => defineProperty(obj, name, { value, writable: false, configurable: false, enumerable: false });
  const tooBig = (what, n, most) => { throw new RangeError(what + " would build " + n + " elements or characters; at most " + most + " are allowed in run_wix_script"); };
  const isArray = Array.isArray, getProto = Object.getPrototypeOf, ownProp = Object.getOwnPropertyDescriptor;
  // An array-like whose length is a getter could pass the check with a
  // small length and answer a huge one to the builtin.
  const lengthOf = (v) => {
    if (v == null) return 0;
    if (!isArray(v)) {
      for (let o = Object(v); o !== null; o = getProto(o)) {
        const d = ownProp(o, "length");
        if (d && (d.get || d.set)) throw new TypeError("array-likes with a length getter are not accepted in run_wix_script");
        if (d) break;
      }
    }
    return Number(v.length) || 0;
  };
  const sp = String.prototype;
  for (const name of ["repeat", "padStart", "padEnd", "replace", "replaceAll", "split"]) {
    const orig = sp[name];
    fix(sp, name, function (a, b, ...rest) {
      // Coerce once: a toString or valueOf could answer differently to the
      // builtin than to the check.
      const str = String(this);
      const len = str.length;
      if (name === "repeat" || name === "padStart" || name === "padEnd") a = Number(a);
      if (name === "split") {
        if ((typeof a !== "string" || a === "") && len > maxElems) tooBig("String.split", len, maxElems);
      } else {
        const size = name === "repeat" ? len * a
          : name === "padStart" || name === "padEnd" ? a
          : typeof b === "string" ? len * (b.length + 1) : len;
        if (size > maxChars) tooBig("String." + name, size, maxChars);
      }
      return apply(orig, str, [a, b, ...rest]);
    });
  }
  const ap = Array.prototype;
  for (const name of Object.getOwnPropertyNames(ap)) {
    const orig = ap[name];
    if (name === "constructor" || typeof orig !== "function") continue;
    fix(ap, name, { [name](...args) {
      const len = lengthOf(this);
      if (len > maxElems) tooBig("Array." + name + " on an array of length " + len, len, maxElems);
      if (name === "join" && typeof args[0] === "string" && len * (args[0].length + 1) > maxChars) tooBig("Array.join", len * (args[0].length + 1), maxChars);
      return apply(orig, this, args);
    } }[name]);
  }
  const OrigArray = Array;
  const GuardedArray = function Array(...args) {
    if (args.length === 1 && typeof args[0] === "number" && args[0] > maxElems) tooBig("new Array", args[0], maxElems);
    return construct(OrigArray, args, new.target || GuardedArray);
  };
  fix(GuardedArray, "prototype", ap);
  fix(GuardedArray, "isArray", OrigArray.isArray);
  fix(GuardedArray, "of", OrigArray.of);
  const from = OrigArray.from;
  fix(GuardedArray, "from", function (src, ...rest) {
    const len = lengthOf(src);
    if (len > maxElems) tooBig("Array.from", len, maxElems);
    return apply(from, this, [src, ...rest]);
  });
  fix(ap, "constructor", GuardedArray);
  fix(globalThis, "Array", GuardedArray);
  // Binary buffers and proxies have no use against a JSON API, and each
  // can make a builtin allocate without bound in one step.
  for (const name of ["Proxy", "ArrayBuffer", "SharedArrayBuffer", "DataView", "Int8Array", "Uint8Array", "Uint8ClampedArray", "Int16Array", "Uint16Array", "Int32Array", "Uint32Array", "Float32Array", "Float64Array", "BigInt64Array", "BigUint64Array"]) {
    delete globalThis[name];
  }
  class WixError extends Error {
    constructor(message, fields) { super(message); this.name = "WixError"; Object.assign(this, fields); }
  }
  class PolicyError extends Error {
    constructor(message) { super(message); this.name = "PolicyError"; this.reason = message; }
  }
  Object.freeze(WixError.prototype); Object.freeze(PolicyError.prototype);
  Object.defineProperty(globalThis, "WixError", { value: WixError, writable: false, configurable: false });
  Object.defineProperty(globalThis, "PolicyError", { value: PolicyError, writable: false, configurable: false });
  return { stringify: JSON.stringify, parse: JSON.parse, WixError, PolicyError, Error, freeze: Object.freeze };
})`

// preludeProgram is the prelude compiled once for every run.
var preludeProgram = goja.MustCompile("prelude.js", prelude, false)

// primordials are the prelude's originals, taken before the script can
// replace JSON or Object.
type primordials struct {
	stringify, parse, freeze goja.Callable
	wixError, policyError    *goja.Object
	plainError               *goja.Object
}

// install prepares the runtime: prelude, console and wix.
func (r *run) install() error {
	v, err := r.vm.RunProgram(preludeProgram)
	if err != nil {
		return fmt.Errorf("prelude: %w", err)
	}
	fn, _ := goja.AssertFunction(v)
	res, err := fn(goja.Undefined(), r.vm.ToValue(maxStringChars), r.vm.ToValue(maxElements))
	if err != nil {
		return fmt.Errorf("prelude: %w", err)
	}
	o := res.ToObject(r.vm)
	get := func(name string) goja.Callable { f, _ := goja.AssertFunction(o.Get(name)); return f }
	r.prims = primordials{stringify: get("stringify"), parse: get("parse"), freeze: get("freeze"),
		wixError: o.Get("WixError").ToObject(r.vm), policyError: o.Get("PolicyError").ToObject(r.vm),
		plainError: o.Get("Error").ToObject(r.vm)}
	if err := r.installGuards(); err != nil {
		return err
	}

	console := r.vm.NewObject()
	for _, name := range []string{"log", "info", "warn", "error", "debug"} {
		prefix := ""
		if name == "warn" || name == "error" {
			prefix = name + ": "
		}
		_ = console.Set(name, func(call goja.FunctionCall) goja.Value {
			r.console.add(prefix + r.format(call.Arguments))
			return goja.Undefined()
		})
	}
	if err := r.define("console", console); err != nil {
		return err
	}
	return r.define("wix", r.wixObject())
}

// define sets a frozen, non-writable global.
func (r *run) define(name string, obj *goja.Object) error {
	if _, err := r.prims.freeze(goja.Undefined(), obj); err != nil {
		return err
	}
	return r.vm.GlobalObject().DefineDataProperty(name, obj, goja.FLAG_FALSE, goja.FLAG_FALSE, goja.FLAG_TRUE)
}

func (r *run) wixObject() *goja.Object {
	w := r.vm.NewObject()
	_ = w.Set("site", func(c goja.FunctionCall) goja.Value {
		// An empty reference is the pinned site, when the server has one.
		return r.handle(Call{Site: argString(c, 0)})
	})
	_ = w.Set("account", func(c goja.FunctionCall) goja.Value {
		return r.handle(Call{Account: argString(c, 0), AccountLevel: true})
	})
	_ = w.Set("sites", func(c goja.FunctionCall) goja.Value {
		var f struct{ Name, Account string }
		if arg := c.Argument(0); !goja.IsUndefined(arg) && !goja.IsNull(arg) {
			o := arg.ToObject(r.vm)
			f.Name, f.Account = valueString(o.Get("name")), valueString(o.Get("account"))
		}
		call := Call{AccountLevel: true, Account: f.Account, Method: "POST", Path: "/site-list/v2/sites/query"}
		call.Body, _ = json.Marshal(map[string]string{"wix.sites name filter": f.Name})
		return r.start(call, func(rc *Call) (*Outcome, error) { return r.host.Sites(r.ctx, f.Name, f.Account) })
	})
	_ = w.Set("search", func(c goja.FunctionCall) goja.Value {
		limit := 10
		if l := c.Argument(1); !goja.IsUndefined(l) {
			limit = int(l.ToInteger())
		}
		raw, err := r.host.Search(argString(c, 0), limit)
		return r.settled(raw, err)
	})
	_ = w.Set("describe", func(c goja.FunctionCall) goja.Value {
		raw, err := r.host.Describe(argString(c, 0))
		return r.settled(raw, err)
	})
	return w
}

// settled returns an already settled promise for a local answer.
func (r *run) settled(raw json.RawMessage, err error) goja.Value {
	p, resolve, reject := r.vm.NewPromise()
	if err != nil {
		_ = reject(r.jsError(err))
	} else {
		v, perr := r.parse(raw)
		if perr != nil {
			_ = reject(r.jsError(perr))
		} else {
			_ = resolve(v)
		}
	}
	return r.vm.ToValue(p)
}

// handle is a site or account handle; its methods close over the target,
// so nothing the script does to the object changes where calls go.
func (r *run) handle(target Call) goja.Value {
	h := r.vm.NewObject()
	send := func(method, path string, query, body goja.Value) goja.Value {
		return r.handleSend(target, method, path, query, body)
	}
	for _, m := range []string{"get", "delete"} {
		method := strings.ToUpper(m)
		_ = h.Set(m, func(c goja.FunctionCall) goja.Value {
			return send(method, argString(c, 0), c.Argument(1), goja.Undefined())
		})
	}
	for _, m := range []string{"post", "put", "patch"} {
		method := strings.ToUpper(m)
		_ = h.Set(m, func(c goja.FunctionCall) goja.Value {
			return send(method, argString(c, 0), c.Argument(2), c.Argument(1))
		})
	}
	_ = h.Set("request", func(c goja.FunctionCall) goja.Value {
		arg := c.Argument(0)
		if goja.IsUndefined(arg) || goja.IsNull(arg) {
			panic(r.vm.NewTypeError("request needs { method, path, query, body }"))
		}
		o := arg.ToObject(r.vm)
		if v := o.Get("validate"); v != nil && !goja.IsUndefined(v) && !v.ToBoolean() {
			c := target
			c.NoValidate = true
			return r.handleSend(c, strings.ToUpper(valueString(o.Get("method"))), valueString(o.Get("path")), o.Get("query"), o.Get("body"))
		}
		return send(strings.ToUpper(valueString(o.Get("method"))), valueString(o.Get("path")), o.Get("query"), o.Get("body"))
	})
	_, _ = r.prims.freeze(goja.Undefined(), h)
	return h
}

// handleSend starts one call of a handle.
func (r *run) handleSend(target Call, method, path string, query, body goja.Value) goja.Value {
	c := target
	c.Method, c.Path = method, path
	var err error
	if c.Query, err = r.queryOf(query); err == nil {
		c.Body, err = r.bodyOf(body)
	}
	if err != nil {
		panic(r.vm.NewTypeError(err.Error()))
	}
	return r.start(c, nil)
}

// queryOf turns {k: v | [v…]} into query parameters.
func (r *run) queryOf(v goja.Value) (url.Values, error) {
	if v == nil || goja.IsUndefined(v) || goja.IsNull(v) {
		return nil, nil
	}
	raw, err := r.toJSON(v)
	if err != nil {
		return nil, err
	}
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		return nil, errors.New("query must be an object of parameter names to values, e.g. { \"paging.limit\": 10 }")
	}
	q := url.Values{}
	for k, val := range m {
		vals, ok := val.([]any)
		if !ok {
			vals = []any{val}
		}
		for _, x := range vals {
			switch x.(type) {
			case string, float64, bool:
				q.Add(k, fmt.Sprint(x))
			default:
				return nil, fmt.Errorf("query parameter %q must be a string, number or boolean (or an array of them)", k)
			}
		}
	}
	return q, nil
}

func (r *run) bodyOf(v goja.Value) (json.RawMessage, error) {
	if v == nil || goja.IsUndefined(v) || goja.IsNull(v) {
		return nil, nil
	}
	return r.toJSON(v)
}

func (r *run) toJSON(v goja.Value) (json.RawMessage, error) {
	s, err := r.prims.stringify(goja.Undefined(), v)
	if err != nil {
		return nil, fmt.Errorf("cannot be turned into JSON: %v", err)
	}
	if goja.IsUndefined(s) {
		return nil, nil
	}
	return json.RawMessage(s.String()), nil
}

// parse turns Wix's JSON into a script value with the original JSON.parse,
// after checking its depth (errTooDeep); text that is not JSON is given as
// a string.
func (r *run) parse(raw []byte) (goja.Value, error) {
	if len(strings.TrimSpace(string(raw))) == 0 {
		return r.vm.NewObject(), nil
	}
	if jsonDepth(string(raw), maxJSONDepth) > maxJSONDepth {
		return nil, errTooDeep
	}
	v, err := r.prims.parse(goja.Undefined(), r.vm.ToValue(string(raw)))
	if err != nil {
		return r.vm.ToValue(string(raw)), nil
	}
	return v, nil
}

// jsError turns a Sender's error into the script's rejection value.
func (r *run) jsError(err error) goja.Value {
	var (
		wixErr    *WixError
		policyErr *PolicyError
	)
	switch {
	case errors.As(err, &wixErr):
		fields := r.vm.NewObject()
		_ = fields.Set("status", wixErr.Status)
		_ = fields.Set("code", wixErr.Code)
		_ = fields.Set("requestId", wixErr.RequestID)
		if details, err := r.parse(wixErr.Details); err == nil && len(wixErr.Details) > 0 {
			_ = fields.Set("details", details)
		} else {
			_ = fields.Set("details", r.vm.NewObject())
		}
		obj, e := r.vm.New(r.prims.wixError, r.vm.ToValue(wixErr.Message), fields)
		if e == nil {
			return obj
		}
	case errors.As(err, &policyErr):
		obj, e := r.vm.New(r.prims.policyError, r.vm.ToValue(policyErr.Reason))
		if e == nil {
			return obj
		}
	}
	if obj, e := r.vm.New(r.prims.plainError, r.vm.ToValue(err.Error())); e == nil {
		return obj
	}
	return r.vm.ToValue(err.Error())
}

// format renders console arguments: strings as they are, the rest as JSON.
func (r *run) format(args []goja.Value) string {
	parts := make([]string, 0, len(args))
	for _, a := range args {
		if _, ok := a.Export().(string); ok {
			parts = append(parts, a.String())
			continue
		}
		if raw, err := r.toJSON(a); err == nil && raw != nil {
			parts = append(parts, string(raw))
			continue
		}
		parts = append(parts, a.String())
	}
	return strings.Join(parts, " ")
}

func argString(c goja.FunctionCall, i int) string { return valueString(c.Argument(i)) }

func valueString(v goja.Value) string {
	if v == nil || goja.IsUndefined(v) || goja.IsNull(v) {
		return ""
	}
	return v.String()
}

// consoleBuf keeps console lines up to max bytes and counts the rest.
type consoleBuf struct {
	max     int
	size    int
	lines   []string
	dropped int
}

func (b *consoleBuf) add(line string) {
	if b.size+len(line) > b.max {
		if b.dropped == 0 && b.size < b.max {
			// Keep the start of the first line that does not fit.
			line = truncate(line, (b.max-b.size)/4)
			b.lines = append(b.lines, line)
			b.size = b.max
			return
		}
		b.dropped++
		return
	}
	b.size += len(line)
	b.lines = append(b.lines, line)
}
