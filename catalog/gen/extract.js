'use strict';
// Reads installed @wix SDK packages and prints one JSON catalog.
// Usage: node extract.js <prefix with node_modules> <packages.txt> <handwritten.json> <account-level.txt> [report.txt]
//
// The public REST path of each method is not written anywhere literally: the
// SDK computes it at call time from a host->mappings table. We capture that
// table by wrapping @wix/sdk-runtime/rest-modules' resolveUrl while calling
// each meta factory, then apply the www.wixapis.com mapping ourselves so that
// {placeholders} survive (the SDK would fill them with "undefined").
const fs = require('fs');
const path = require('path');
const Module = require('module');
const types = require('./types.js');

const [prefix, pkgList, handFile, accountFile, reportFile] = process.argv.slice(2);
const nm = path.join(prefix, 'node_modules');
const ts = require(require.resolve('typescript', { paths: [prefix] }));

let captured = [];
const realLoad = Module._load;
Module._load = function (request, parent, isMain) {
  const mod = realLoad.apply(this, arguments);
  if (request === '@wix/sdk-runtime/rest-modules') {
    const wrapped = Object.assign({}, mod);
    wrapped.resolveUrl = (opts) => {
      captured.push({ protoPath: opts.protoPath, mappings: opts.domainToMappings });
      return mod.resolveUrl(opts);
    };
    return wrapped;
  }
  return mod;
};

// publicPath applies the www.wixapis.com mapping the way the SDK's
// resolvePathFromMappings does (first mapping in table order whose destPath
// prefixes protoPath), preferring paths outside /_api and a mapping that
// adds a service prefix over a bare alias (/blog/v3/posts over /v3/posts).
// A method whose only www.wixapis.com paths are under /_api keeps them: they
// are still public paths of that host.
function publicPath(protoPath, mappings) {
  const onHost = ((mappings || {})['www.wixapis.com'] || []).filter((m) => protoPath.startsWith(m.destPath));
  const outsideApi = onHost.filter((m) => !m.srcPath.startsWith('/_api'));
  const list = outsideApi.length ? outsideApi : onHost;
  if (!list.length) return null;
  const best = list.find((m) => m.srcPath !== m.destPath) || list[0];
  const main = best.srcPath + protoPath.slice(best.destPath.length);
  const aliases = [...new Set(list.map((m) => m.srcPath + protoPath.slice(m.destPath.length)))].filter((a) => a !== main);
  return { main, aliases };
}

function words(name) {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2');
}
function title(name) {
  const w = words(name);
  return w.charAt(0).toUpperCase() + w.slice(1);
}

// Verbs match whole camelCase words only ("get" is not "getOrCreate…"'s
// only word that matters, and "check" must not match "checkout").
const READ = /^(get|list|query|search|count|aggregate|find|lookup|validate|preview|calculate|estimate|retrieve|fetch|is|has|resolve|download|export|render|batchGet|bulkGet|typedQuery|suggest|autocomplete|predict)(?=[A-Z0-9]|$)/;
const DESTRUCTIVE = /^(delete|remove|cancel|refund|void|publish|unpublish|transfer|bulkDelete|bulkRemove|bulkCancel|truncate|purge|archive|revoke|deactivate|terminate|disconnect|uninstall|reject|decline|expire|block|ban|clear|reset|discard|chargeback|asyncRemove)(?=[A-Z0-9]|$)/;
// A name that also creates, updates or sets something is a write whatever
// its first word ("getOrCreateRibbon", "findOrCreateLabel").
const MUTATES = /(Or(Create|Update|Insert)|AndSet|AndUpdate)(?=[A-Z0-9]|$)/;
// classify is a heuristic over the SDK method name; the HTTP verb settles
// DELETE, and a GET can never be destructive. wix-mcp's safety classifier
// only lets this class make a call stricter, never laxer.
function classify(method, verb) {
  if (verb === 'DELETE') return 'destructive';
  if (DESTRUCTIVE.test(method)) return verb === 'GET' ? 'read' : 'destructive';
  if (verb === 'GET') return 'read';
  if (READ.test(method) && !MUTATES.test(method)) return 'read';
  return 'write';
}

// addField declares a field at a dotted request path, where the parent's
// fields are known and it is not there yet.
function addField(list, parts, field) {
  if (parts.length === 1) {
    if (!list.some((f) => f.name === field.name)) list.push(field);
    return;
  }
  const parent = list.find((f) => f.name === parts[0]);
  if (parent && parent.fields) addField(parent.fields, parts.slice(1), field);
}

function methodBlock(src, name) {
  const i = src.indexOf('function __' + name + '(');
  if (i < 0) return '';
  const j = src.indexOf('\nfunction ', i + 10);
  return src.slice(i, j < 0 ? undefined : j);
}

function fallbackMethod(src, name) {
  const m = /fallback:\s*\[\s*\{\s*method:\s*"([A-Z]+)"/.exec(methodBlock(src, name));
  return m ? m[1] : '';
}

// fieldMaskPath is the request path of the field mask the SDK computes for
// an update (the transformSDKFieldMaskToRESTFieldMask step of
// @wix/sdk-runtime joins the SDK's list with commas: REST takes
// "name,description"). The REST request types leave the field out.
function fieldMaskPath(src, name) {
  const block = methodBlock(src, name);
  const i = block.indexOf('transformSDKFieldMaskToRESTFieldMask');
  if (i < 0) return '';
  const m = /path:\s*"([A-Za-z.]*fieldMask)"/.exec(block.slice(i));
  return m ? m[1] : '';
}

// requestDepth is how deep request types are spelled out: deep enough that
// the pre-send check knows the fields of nested objects people write
// (info.emails.items[].email), shallow enough to keep the catalog small.
const requestDepth = 4;

function pathParams(p) {
  return new Set((p.match(/\{[^}]+\}/g) || []).map((x) => x.slice(1, -1)));
}

function splitName(pkg) {
  const short = pkg.replace(/^@wix\/(auto_sdk_)?/, '');
  const i = short.indexOf('_');
  return { vertical: short.slice(0, i), entity: short.slice(i + 1) };
}

// typingFiles finds, for one package's build/cjs directory, the REST-shaped
// meta declarations (meta.d.ts, or the src/*.meta.d.ts it re-exports in
// packages that predate auto_sdk, e.g. @wix/marketing_coupons), the REST
// types they name, and the SDK-shaped typings (index.typings.d.ts and the
// chunks it re-exports) that carry query specs and required fields.
function typingFiles(dir) {
  const list = (d) => (fs.existsSync(d) ? fs.readdirSync(d).filter((f) => f.endsWith('.d.ts')).map((f) => path.join(d, f)) : []);
  const top = list(dir), src = list(path.join(dir, 'src'));
  const meta = [path.join(dir, 'meta.d.ts')].concat(src.filter((f) => f.endsWith('.meta.d.ts')));
  const rest = meta.concat(src.filter((f) => f.endsWith('.types.d.ts')));
  const sdk = top.concat(src).filter((f) => !/(^|[/.])meta\.d\.ts$|\.http\.d\.ts$|\.context\.d\.ts$|(^|\/)context\.d\.ts$|\.types\.d\.ts$/.test(f));
  return { meta, rest, sdk };
}

function autoPackage(pkg, version, accountPkgs, out, stats) {
  const dir = path.join(nm, pkg, 'build', 'cjs');
  const metaJs = path.join(dir, 'meta.js');
  if (!fs.existsSync(metaJs)) { stats.noMeta.push(pkg); return; }
  const src = fs.readFileSync(metaJs, 'utf8');
  const meta = require(metaJs);
  const files = typingFiles(dir);
  const decl = types.load(ts, files.rest);
  const sigs = {};
  for (const f of files.meta) Object.assign(sigs, types.metaSignatures(ts, f));
  const sdk = types.sdkInfo(ts, files.sdk);
  const query = sdk.specs;
  const { vertical, entity } = splitName(pkg);
  let n = 0;
  for (const name of Object.keys(meta)) {
    if (name.endsWith('Original') || typeof meta[name] !== 'function') continue;
    let info;
    try { info = meta[name](); } catch (e) { continue; }
    if (!info || typeof info.getUrl !== 'function' || !info.httpMethod) continue;
    captured = [];
    try { info.getUrl({ host: 'www.wixapis.com' }); } catch (e) { /* captured anyway */ }
    if (!captured.length) { stats.noUrl.push(pkg + ':' + name); continue; }
    const resolved = publicPath(info.path, captured[0].mappings);
    if (!resolved) { stats.noMapping.push(pkg + ':' + name); continue; }
    const p = resolved.main;
    const ep = {
      id: vertical + '.' + entity + '.' + name,
      sdkMethod: name,
      title: title(name),
      method: info.httpMethod,
      path: p,
      scope: accountPkgs.has(pkg) ? 'account' : 'site',
      vertical, entity, package: pkg + '@' + version,
      class: classify(name, info.httpMethod),
    };
    if (resolved.aliases.length) ep.aliases = resolved.aliases;
    const fb = captured.length > 1 ? fallbackMethod(src, name) : '';
    if (fb && fb !== ep.method) ep.fallbackMethod = fb;
    const sig = sigs[name];
    if (sig) {
      ep.request = types.fields(decl, sig.request, requestDepth);
      ep.response = types.fields(decl, sig.response, 2);
    }
    const mask = fieldMaskPath(src, name);
    if (mask) addField(ep.request || (ep.request = []), mask.split('.'), { name: 'fieldMask', type: 'string' });
    types.annotatePaging(ep, query[name]);
    if (mask) ep.fieldMask = mask;
    const req = types.restRequired(sdk.required[name], ep.request, pathParams(p), ep.queryKey);
    if (req.length) ep.required = req;
    out.push(ep);
    n++;
  }
  stats.perPackage[pkg] = n;
}

// dataItemsPackage reads the hand-written Wix Data items client, whose
// request options objects are plain {method, methodName, httpPath}.
function dataItemsPackage(pkg, version, out, stats) {
  const base = path.join(nm, pkg, 'build', 'cjs', 'src');
  const client = require(path.join(base, 'data-items-api-client.js'));
  const commonTypes = path.join(nm, '@wix', 'wix-data-items-common', 'dist', 'types', 'types', 'data-item-types.d.ts');
  const files = [path.join(base, 'data-items-api-client.d.ts')];
  if (fs.existsSync(commonTypes)) files.push(commonTypes);
  const decl = types.load(ts, files);
  let n = 0;
  for (const key of Object.keys(client)) {
    const o = client[key];
    if (!key.endsWith('RequestOptions') || !o || !o.httpPath || !o.methodName) continue;
    const name = o.methodName.charAt(0).toLowerCase() + o.methodName.slice(1);
    const ep = {
      id: 'data.items.' + name,
      sdkMethod: name,
      title: title(name),
      method: o.method,
      path: '/wix-data' + o.httpPath,
      scope: 'site', vertical: 'data', entity: 'items', package: pkg + '@' + version,
      class: classify(name, o.method),
    };
    ep.request = types.fields(decl, o.methodName + 'Request', 3);
    ep.response = types.fields(decl, o.methodName + 'Response', 2);
    types.annotatePaging(ep, null);
    out.push(ep);
    n++;
  }
  stats.perPackage[pkg] = n;
}

// mergeQueryExtras adds what Wix's REST documentation says a query can
// filter and sort on beyond the SDK's per-method spec (Query Contacts v4
// documents info.emails.email and extended fields; the SDK's spec omits
// them). Each entry names its documentation page; "x.*" covers x's members.
function mergeQueryExtras(out, file) {
  if (!fs.existsSync(file)) return;
  const extras = JSON.parse(fs.readFileSync(file, 'utf8'));
  for (const ep of out) {
    const x = extras[ep.id];
    if (!x) continue;
    for (const key of ['filterable', 'sortable']) {
      const list = ep[key] || [];
      for (const f of x[key] || []) {
        const have = list.find((g) => g.name === f.name);
        if (have) have.operators = [...new Set(have.operators.concat(f.operators))];
        else list.push({ name: f.name, operators: f.operators.slice() });
      }
      if (list.length) ep[key] = list;
    }
  }
}

// writeReport is the committed account of what the catalog holds and what
// it left out, and why, so a reviewer can see coverage without running npm.
function writeReport(file, out, stats) {
  const pkgs = Object.entries(stats.perPackage);
  const none = pkgs.filter(([, n]) => n === 0).map(([p]) => p);
  const noMapping = {};
  for (const m of stats.noMapping) { const p = m.split(':')[0]; noMapping[p] = (noMapping[p] || 0) + 1; }
  const lines = [
    '# Generated by extract.js; do not edit.',
    `endpoints ${out.length}`,
    `packages with endpoints ${pkgs.length - none.length}`,
    `hand-written endpoints ${out.filter((e) => e.handWritten).length}`,
    '',
    '# Versions an umbrella pins that the registry does not serve (npm install refused them):',
    ...stats.unserved.map((p) => 'not served: ' + p),
    ...stats.repinned.map((p) => 'not served, newest published pinned instead: ' + p),
    '',
    '# Packages without meta.js (service plugins and other non-REST modules):',
    ...stats.noMeta.map((p) => 'no REST module: ' + p),
    '',
    '# Packages whose methods have no www.wixapis.com mapping (not public REST):',
    ...none.filter((p) => noMapping[p]).map((p) => `no REST mapping: ${p} (${noMapping[p]} methods)`),
    '',
    '# Methods whose URL the SDK computes without the shared REST runtime (not read):',
    ...stats.noUrl.map((m) => 'no URL: ' + m),
    '',
    '# Methods without a www.wixapis.com mapping in packages that have others:',
    ...Object.entries(noMapping).filter(([p]) => !none.includes(p)).map(([p, n]) => `partly unmapped: ${p} (${n} methods)`),
  ];
  fs.writeFileSync(file, lines.join('\n') + '\n');
}

function main() {
  const lines = fs.readFileSync(pkgList, 'utf8').split('\n').map((s) => s.trim()).filter((s) => s && !s.startsWith('#'));
  const accountPkgs = new Set(fs.readFileSync(accountFile, 'utf8').split('\n').map((s) => s.trim()).filter((s) => s && !s.startsWith('#')));
  const out = [];
  const stats = { perPackage: {}, noMeta: [], noUrl: [], noMapping: [] };
  const unservedFile = path.join(prefix, 'unserved.txt');
  const unservedLines = fs.existsSync(unservedFile) ? fs.readFileSync(unservedFile, 'utf8').split('\n').filter(Boolean) : [];
  const unserved = new Set(unservedLines.filter((l) => !l.includes(' -> ')));
  stats.unserved = [];
  stats.repinned = unservedLines.filter((l) => l.includes(' -> '));
  for (const line of lines) {
    const at = line.lastIndexOf('@');
    const pkg = line.slice(0, at), version = line.slice(at + 1);
    if (unserved.has(pkg) || !fs.existsSync(path.join(nm, pkg))) { stats.unserved.push(line); continue; }
    try {
      if (pkg === '@wix/wix-data-items-sdk') dataItemsPackage(pkg, version, out, stats);
      else autoPackage(pkg, version, accountPkgs, out, stats);
    } catch (e) {
      stats.noMeta.push(pkg + ' (error: ' + e.message.split('\n')[0] + ')');
    }
  }
  mergeQueryExtras(out, path.join(path.dirname(handFile), 'query-extras.json'));
  const hand = JSON.parse(fs.readFileSync(handFile, 'utf8'));
  const have = new Set(out.map((e) => e.method + ' ' + e.path));
  const haveIDs = new Set(out.map((e) => e.id));
  for (const e of hand) {
    if (have.has(e.method + ' ' + e.path) || haveIDs.has(e.id)) { stats.handSkipped = (stats.handSkipped || 0) + 1; continue; }
    e.handWritten = true;
    out.push(e);
  }
  const ids = new Set();
  for (const e of out) {
    if (ids.has(e.id)) throw new Error('duplicate id ' + e.id);
    ids.add(e.id);
  }
  out.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const withEndpoints = Object.values(stats.perPackage).filter((n) => n > 0).length;
  process.stderr.write(`endpoints=${out.length} packages_with_endpoints=${withEndpoints} ` +
    `no_meta=${stats.noMeta.length} no_url=${stats.noUrl.length} no_mapping=${stats.noMapping.length}\n`);
  if (reportFile) writeReport(reportFile, out, stats);
  if (process.env.CATALOG_STATS) fs.writeFileSync(process.env.CATALOG_STATS, JSON.stringify(stats, null, 1));
  process.stdout.write(JSON.stringify({ endpoints: out }));
}

main();
