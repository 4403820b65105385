// Drives Wix's official JavaScript SDK (@wix/sdk with ApiKeyStrategy and
// the module packages pinned in package.json, the versions the catalog is
// generated from) against wixsim, and checks what comes back:
//   - every operation an app would use, per vertical, must succeed, and
//     its result must match the SDK's TypeScript types (typecheck.js);
//   - every filter and sort field the SDK's query specs declare (as the
//     catalog records them) must be accepted;
//   - errors must parse into the SDK's error shape.
// The SDK always builds https://www.wixapis.com URLs and picks its path
// mapping by that host, so requests are redirected with a custom fetch.
//
//   node run.js /path/to/wixsim
'use strict';

const { spawn } = require('child_process');
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');
const { createClient, ApiKeyStrategy } = require('@wix/sdk');
const { typecheck } = require('./typecheck');
const { requiredPaths, missing } = require('./required');
const { verticals } = require('./verticals');
const { querySpecs, wireName } = require('./sdkspecs');

const WIX = 'https://www.wixapis.com';
const AGENCY_KEY = 'IST.sim-agency-all-sites.7f3c9e21';

function startSim(bin) {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, ['--addr', '127.0.0.1:0'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    const timer = setTimeout(() => reject(new Error(`wixsim did not start: ${err}`)), 10000);
    child.stderr.on('data', (d) => {
      err += d;
      const m = /listening on (http:\/\/\S+)/.exec(err);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[1] });
      }
    });
    child.on('exit', (code) => reject(new Error(`wixsim exited with ${code}: ${err}`)));
  });
}

function loadCatalog() {
  const gz = fs.readFileSync(path.join(__dirname, '..', '..', 'catalog', 'catalog.json.gz'));
  return JSON.parse(zlib.gunzipSync(gz)).endpoints;
}

// client builds an SDK client for a site whose requests go to the sim; the
// paths it asks for are recorded.
function clientFor(base, siteId, modules, seen) {
  return createClient({
    modules,
    auth: ApiKeyStrategy({ apiKey: AGENCY_KEY, siteId }),
    fetch: (url, init) => {
      const u = String(url);
      if (!u.startsWith(WIX)) throw new Error(`the SDK called ${u}, not ${WIX}`);
      seen.push(`${(init && init.method) || 'GET'} ${u.slice(WIX.length).split('?')[0]}`);
      return fetch(base + u.slice(WIX.length), init);
    },
  });
}

// sdkError checks an error thrown by the SDK has the shape its error
// handling documents: message, and details with applicationError
// {code, description} or validationError {fieldViolations}.
function sdkErrorProblems(e) {
  const out = [];
  if (!e || typeof e.message !== 'string' || !e.message) out.push('no message');
  const d = e && e.details;
  if (!d || typeof d !== 'object') out.push('no details');
  else if (d.applicationError) {
    if (typeof d.applicationError.code !== 'string') out.push('applicationError.code is not a string');
    if (typeof d.applicationError.description !== 'string') out.push('applicationError.description is not a string');
  } else if (d.validationError) {
    if (!Array.isArray(d.validationError.fieldViolations)) out.push('validationError.fieldViolations is not an array');
  } else out.push('details has neither applicationError nor validationError');
  return out;
}

async function main() {
  const bin = process.argv[2];
  if (!bin) throw new Error('usage: node run.js /path/to/wixsim');
  const catalog = loadCatalog();
  const { child, url } = await startSim(bin);
  const ops = []; // {vertical, name, ok, error, check}
  const probes = []; // {vertical, kind, field, ok, error}
  const errors = []; // {name, problems}
  try {
    for (const v of verticals) {
      const seen = [];
      const client = clientFor(url, v.siteId, v.modules, seen);
      const ctx = { client, state: {} };
      for (const op of v.ops) {
        const name = `${v.name}.${op.name}`;
        try {
          const value = await op.run(ctx);
          const entry = { vertical: v.name, name, ok: true };
          if (op.type) entry.check = { name, module: op.module || v.module, type: op.type, value: op.pick ? op.pick(value) : value };
          const fn = /typeof \$m\.(\w+)>>$/.exec(op.type || '');
          if (fn) {
            const paths = requiredPaths(op.module || v.module, fn[1]);
            entry.required = paths.length;
            const lacks = missing(value, paths);
            if (lacks.length) {
              entry.ok = false;
              entry.error = `lacks fields the SDK's types declare always present (${lacks.length}):\n      ${lacks.slice(0, 12).join('\n      ')}`;
            }
          }
          ops.push(entry);
        } catch (e) {
          ops.push({ vertical: v.name, name, ok: false, error: `${e.message} [${seen.slice(-1)}]` });
        }
      }
      for (const q of v.queries || []) {
        const { filter, sort } = declared(catalog, q);
        for (const [name, operators] of filter) {
          const r = await attempt(() => q.filter(ctx, q.raw ? wireName(name) : name, operators));
          probes.push({ vertical: v.name, kind: 'filter', field: `${q.method}: ${name}`, ...r });
        }
        for (const name of sort) {
          const r = await attempt(() => q.sort(ctx, q.raw ? wireName(name) : name));
          probes.push({ vertical: v.name, kind: 'sort', field: `${q.method}: ${name}`, ...r });
        }
      }
      for (const e of v.errors || []) {
        try {
          await e.run(ctx);
          errors.push({ name: `${v.name}.${e.name}`, problems: ['no error thrown'] });
        } catch (err) {
          errors.push({ name: `${v.name}.${e.name}`, problems: sdkErrorProblems(err) });
        }
      }
    }
  } finally {
    child.kill();
  }

  const checks = ops.filter((o) => o.check).map((o) => o.check);
  const problems = typecheck(checks, __dirname);
  checks.forEach((c, i) => {
    const op = ops.find((o) => o.check === c);
    if (problems[i].length) {
      op.ok = false;
      op.error = `${op.error ? op.error + '\n    ' : ''}does not match the SDK's types:\n      ${problems[i].slice(0, 8).join('\n      ')}`;
    }
  });

  let failed = 0;
  for (const o of ops.filter((x) => !x.ok)) {
    failed++;
    console.log(`FAIL ${o.name}: ${o.error}`);
  }
  for (const p of probes.filter((x) => !x.ok)) {
    failed++;
    console.log(`FAIL ${p.vertical} ${p.kind} field ${p.field}: ${p.error}`);
  }
  for (const e of errors.filter((x) => x.problems.length)) {
    failed++;
    console.log(`FAIL ${e.name}: error shape: ${e.problems.join('; ')}`);
  }
  const count = (xs) => `${xs.filter((x) => x.ok).length} of ${xs.length}`;
  console.log('');
  console.log('vertical            operations   typed   filter fields   sort fields');
  for (const v of verticals) {
    const vo = ops.filter((o) => o.vertical === v.name);
    const vp = probes.filter((p) => p.vertical === v.name);
    console.log(`${v.name.padEnd(20)}${count(vo).padEnd(13)}${String(vo.filter((o) => o.check).length).padEnd(8)}` +
      `${count(vp.filter((p) => p.kind === 'filter')).padEnd(16)}${count(vp.filter((p) => p.kind === 'sort'))}`);
  }
  console.log(`operations passing: ${count(ops)} (${checks.length} results checked against the SDK's types, ` +
    `${ops.reduce((n, o) => n + (o.required || 0), 0)} always-present field paths checked)`);
  console.log(`declared filter fields accepted: ${count(probes.filter((p) => p.kind === 'filter'))}`);
  console.log(`declared sort fields accepted: ${count(probes.filter((p) => p.kind === 'sort'))}`);
  console.log(`errors in the SDK's shape: ${errors.filter((e) => !e.problems.length).length} of ${errors.length}`);
  if (failed) {
    console.log(`${failed} failure(s)`);
    process.exit(1);
  }
}

// declared returns the filter fields (with operators) and sort fields a
// query or search method declares: its query spec in the package's
// typings (XQuerySpec / XSearchSpec), and the catalog's record of it, in
// the SDK's field names.
function declared(catalog, q) {
  const kind = q.method.startsWith('search') ? 'search' : 'query';
  const filter = new Map();
  const sort = new Set();
  for (const [key, spec] of Object.entries(querySpecs(q.package))) {
    if (!key.startsWith(`${q.package}/${kind}/`)) continue;
    for (const [name, ops] of spec.filter) filter.set(name, ops);
    for (const name of spec.sort) sort.add(name);
  }
  const ep = catalog.find((e) => e.package && e.package.startsWith(q.package + '@') && e.sdkMethod === q.method);
  if (!ep) throw new Error(`no catalog endpoint ${q.package} ${q.method}`);
  const sdkName = (n) => n.split('.').map((s) => (['id', 'createdDate', 'updatedDate'].includes(s) ? `_${s}` : s)).join('.');
  for (const f of ep.filterable || []) if (!filter.has(sdkName(f.name)) && !filter.has(f.name)) filter.set(f.name, f.operators);
  for (const f of ep.sortable || []) if (!sort.has(sdkName(f.name)) && !sort.has(f.name)) sort.add(f.name);
  return { filter: [...filter], sort: [...sort] };
}

async function attempt(fn) {
  try {
    await fn();
    return { ok: true };
  } catch (e) {
    return { ok: false, error: e.message };
  }
}

main().catch((e) => {
  console.error(e.stack || e.message);
  process.exit(2);
});
