// The fields the SDK declares always present in a function's result: the
// path list of the NonNullablePaths<T, paths> its typings return (e.g.
// getContact in @wix/auto_sdk_crm_contacts, build/cjs/index.typings.d.ts:
// `_id` | `revision` | `info.emails.items` | ...). The SDK's types apply
// those paths in strict mode with type-fest's SetRequiredDeep, which makes
// every segment of a path required (`a.b` needs a and a.b; `${number}`
// stands for every array element). Resolving them with the compiler takes
// seconds per type, so they are read from the declaration text and checked
// here directly.
'use strict';

const { declarations } = require('./sdkspecs');

// requiredPaths returns the always-present paths of fn's result, or [].
function requiredPaths(pkg, fn) {
  const text = declarations(pkg);
  const start = text.indexOf(`declare function ${fn}(`);
  if (start < 0) return [];
  const end = text.indexOf(';\n', start);
  const decl = text.slice(start, end < 0 ? undefined : end);
  const ret = decl.lastIndexOf('Promise<NonNullablePaths<');
  if (ret < 0) return [];
  return [...decl.slice(ret).matchAll(/`([^`]*)`/g)].map((m) => m[1]);
}

// missing lists the paths value lacks, each at its first missing segment.
function missing(value, paths) {
  const out = new Set();
  const walk = (v, segs, at) => {
    if (!segs.length) return;
    const [seg, ...rest] = segs;
    if (seg === '${number}') {
      if (!Array.isArray(v)) {
        out.add(`${at}: not an array`);
        return;
      }
      v.forEach((e, i) => walk(e, rest, `${at}[${i}]`));
      return;
    }
    const next = v === null || typeof v !== 'object' ? undefined : v[seg];
    if (next === undefined || next === null) {
      out.add(`${at ? at + '.' : ''}${seg}: missing (always present in the SDK's types)`);
      return;
    }
    walk(next, rest, at ? `${at}.${seg}` : seg);
  };
  for (const p of paths) walk(value, p.split('.'), '');
  return [...out];
}

module.exports = { requiredPaths, missing };
