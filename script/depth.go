package script

import (
	"fmt"
	"time"

	"github.com/dlclark/regexp2/v2"
	"github.com/dop251/goja"
)

// maxJSONDepth bounds how deeply nested JSON a run may parse or serialize.
// goja's JSON.parse recurses in Go once per level, so text nested millions
// deep exceeds Go's stack limit, which kills the whole process (a fatal
// error, not a panic); its JSON.stringify is quadratic in the depth and is
// one Go call the wall-time interrupt cannot stop. Wix answers are far
// shallower than this.
const maxJSONDepth = 1000

// regexMatchTimeout bounds one regular-expression match. goja runs
// patterns Go's regexp cannot (back-references, lookaround) on regexp2, a
// backtracking engine, inside one Go call that vm.Interrupt cannot stop;
// regexp2 gives up after its MatchTimeout
// (https://pkg.go.dev/github.com/dlclark/regexp2/v2#Regexp), and goja then
// reports "no match", which the guards below turn into an error.
const regexMatchTimeout = time.Second

func init() {
	// DefaultMatchTimeout is read when a pattern is compiled, so it is set
	// once, before any run compiles one (a later write would race).
	regexp2.DefaultMatchTimeout = regexMatchTimeout
}

// guardsPrelude runs after prelude, before the script. It replaces
// JSON.parse and JSON.stringify with versions that refuse values nested
// deeper than maxDepth, and makes RegExp methods throw when a match ran
// into regexp2's timeout instead of answering "no match". It keeps what it
// needs from the standard library now, so a script that replaces Map,
// String or Reflect later cannot weaken the guards.
const guardsPrelude = `(function (maxDepth, jsonDepth, nowMs, regexMs) {
  "use strict";
  const apply = Reflect.apply, defineProperty = Object.defineProperty, isArray = Array.isArray;
  const Str = String, Rng = RangeError, MapC = Map, mapGet = Map.prototype.get, mapSet = Map.prototype.set;
  const toTag = Object.prototype.toString, bind = Function.prototype.bind;
  const fix = (obj, name, value) => defineProperty(obj, name, { value, writable: false, configurable: false, enumerable: false });
  const origParse = JSON.parse, origStringify = JSON.stringify;
  const parse = function parse(text, reviver) {
    const s = Str(text);
    if (jsonDepth(s) > maxDepth) throw new Rng("JSON.parse: the text nests deeper than " + maxDepth + " levels, the most run_wix_script parses");
    return apply(origParse, JSON, [s, reviver]);
  };
  // The depth is counted in a replacer, which JSON.stringify calls for
  // every value it serializes (after toJSON), with the value's holder as
  // this: it sees exactly what is written, and it is JavaScript, so the
  // wall-time interrupt stops it.
  const stringify = function stringify(value, replacer, space) {
    const depths = new MapC();
    const depthOf = apply(bind, mapGet, [depths]), setDepth = apply(bind, mapSet, [depths]);
    const user = typeof replacer === "function" ? replacer : undefined;
    let keys;
    if (user === undefined && isArray(replacer)) {
      // An array replacer is a property list; it is applied here, because
      // JSON.stringify takes one replacer. Integer-like keys are written
      // in ascending order rather than in the list's order.
      keys = [];
      const seen = new MapC();
      for (let i = 0; i < replacer.length; i++) {
        const k = replacer[i];
        const t = typeof k === "object" && k !== null ? apply(toTag, k, []) : "";
        if (typeof k === "string" || typeof k === "number" || t === "[object String]" || t === "[object Number]") {
          const s = Str(k);
          if (!apply(mapGet, seen, [s])) { apply(mapSet, seen, [s, true]); keys[keys.length] = s; }
        }
      }
    }
    const guard = function (key, v) {
      if (user !== undefined) v = apply(user, this, [key, v]);
      if (v === null || typeof v !== "object") return v;
      const d = (depthOf(this) || 0) + 1;
      if (d > maxDepth) throw new Rng("JSON.stringify: the value nests deeper than " + maxDepth + " levels, the most run_wix_script serializes");
      if (keys !== undefined && !isArray(v)) {
        const t = apply(toTag, v, []);
        if (t !== "[object Number]" && t !== "[object String]" && t !== "[object Boolean]") {
          const o = {};
          for (let i = 0; i < keys.length; i++) {
            const x = v[keys[i]];
            if (x !== undefined) defineProperty(o, keys[i], { value: x, writable: true, enumerable: true, configurable: true });
          }
          v = o;
        }
      }
      setDepth(v, d);
      return v;
    };
    return apply(origStringify, JSON, [value, guard, space]);
  };
  fix(JSON, "parse", parse);
  fix(JSON, "stringify", stringify);
  // A match that reaches regexp2's timeout answers "no match"; one step
  // that took that long is refused rather than trusted.
  const rp = RegExp.prototype;
  for (const key of ["exec", "test", Symbol.match, Symbol.matchAll, Symbol.replace, Symbol.search, Symbol.split]) {
    const orig = rp[key];
    fix(rp, key, { [key](...args) {
      const t0 = nowMs();
      const res = apply(orig, this, args);
      if (nowMs() - t0 >= regexMs) throw new Rng("a regular expression ran longer than " + regexMs + " ms in one step (catastrophic backtracking?); run_wix_script stopped it. Simplify the pattern (avoid nested quantifiers and back-references)");
      return res;
    } }[key]);
  }
  return { stringify, parse: origParse };
})`

// guardsProgram is guardsPrelude compiled once for every run.
var guardsProgram = goja.MustCompile("guards.js", guardsPrelude, false)

// installGuards runs guardsPrelude and takes the guarded JSON.stringify
// and the original JSON.parse (Go checks the depth before using it).
func (r *run) installGuards() error {
	v, err := r.vm.RunProgram(guardsProgram)
	if err != nil {
		return fmt.Errorf("guards: %w", err)
	}
	fn, _ := goja.AssertFunction(v)
	base := time.Now()
	res, err := fn(goja.Undefined(), r.vm.ToValue(maxJSONDepth),
		r.vm.ToValue(func(c goja.FunctionCall) goja.Value {
			return r.vm.ToValue(jsonDepth(c.Argument(0).String(), maxJSONDepth))
		}),
		r.vm.ToValue(func(goja.FunctionCall) goja.Value {
			return r.vm.ToValue(float64(time.Since(base)) / float64(time.Millisecond))
		}),
		r.vm.ToValue(regexMatchTimeout.Milliseconds()))
	if err != nil {
		return fmt.Errorf("guards: %w", err)
	}
	o := res.ToObject(r.vm)
	r.prims.stringify, _ = goja.AssertFunction(o.Get("stringify"))
	r.prims.parse, _ = goja.AssertFunction(o.Get("parse"))
	return nil
}

// jsonDepth is the deepest nesting of arrays and objects in JSON text,
// counting [ and { outside strings; it stops counting once past most. It
// does not validate: JSON.parse does, after the depth is known to be safe.
func jsonDepth(s string, most int) int {
	depth, deepest := 0, 0
	inString, escaped := false, false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case inString:
			switch {
			case escaped:
				escaped = false
			case c == '\\':
				escaped = true
			case c == '"':
				inString = false
			}
		case c == '"':
			inString = true
		case c == '[' || c == '{':
			depth++
			if depth > deepest {
				deepest = depth
				if deepest > most {
					return deepest
				}
			}
		case c == ']' || c == '}':
			depth--
		}
	}
	return deepest
}

// errTooDeep is a Wix answer nested deeper than maxJSONDepth.
var errTooDeep = fmt.Errorf("the answer from Wix nests deeper than %d levels, the most run_wix_script parses; nothing of it was given to the script", maxJSONDepth)
