// Reads the pinned @wix/auto_sdk_* packages' typings: every declaration
// file of a package, and its query and search specs.
'use strict';

const fs = require('fs');
const path = require('path');

const cache = new Map();

// declarations returns the text of a package's declaration files (the
// entry's typings and the chunks they import; not meta.d.ts, whose
// functions describe requests, nor index.d.ts, whose wrap them).
function declarations(pkg) {
  if (cache.has(pkg)) return cache.get(pkg);
  const dir = path.join(path.dirname(require.resolve(`${pkg}/package.json`)), 'build', 'cjs');
  const text = fs.readdirSync(dir)
    .filter((f) => f.endsWith('.d.ts') && f !== 'meta.d.ts' && f !== 'index.d.ts')
    .map((f) => fs.readFileSync(path.join(dir, f), 'utf8')).join('\n');
  cache.set(pkg, text);
  return text;
}

// wireName is Wix's name of an SDK field path: the SDK answers id,
// createdDate and updatedDate as _id, _createdDate and _updatedDate.
function wireName(f) {
  return f.split('.').map((s) => (['_id', '_createdDate', '_updatedDate'].includes(s) ? s.slice(1) : s)).join('.');
}

// querySpecs reads the query and search specs of a package's typings
// (interface XQuerySpec extends QuerySpec { wql: [{fields, operators,
// sort}] }) and the entity each is for (Query<Entity, XQuerySpec>), keyed
// "<package>/<query|search>/<Entity>", with the SDK's field names (wireName
// gives Wix's).
function querySpecs(pkg) {
  const text = declarations(pkg);
  const out = {};
  for (const m of text.matchAll(/\b(Query|Search)<(\w+), (\w+Spec)>/g)) {
    const [, kind, entity, specName] = m;
    const start = text.search(new RegExp(`interface ${specName} extends (Query|Search)Spec \\{`));
    if (start < 0) continue;
    const body = text.slice(start, text.indexOf('\n}\n', start));
    const filter = [];
    const sort = [];
    for (const block of body.matchAll(/\{([^{}]*)\}/g)) {
      const fields = /fields:\s*\[([^\]]*)\]/.exec(block[1]);
      const ops = /operators:\s*(\[[^\]]*\]|'\*')/.exec(block[1]);
      const order = /sort:\s*'(\w+)'/.exec(block[1]);
      if (!fields) continue;
      const names = [...fields[1].matchAll(/'([^']*)'/g)].map((x) => x[1]);
      const opList = ops ? (ops[1] === "'*'" ? ['*'] : [...ops[1].matchAll(/'([^']*)'/g)].map((x) => x[1])) : [];
      for (const n of names) {
        if (opList.length) filter.push([n, opList]);
        if (order && order[1] !== 'NONE') sort.push(n);
      }
    }
    out[`${pkg}/${kind.toLowerCase()}/${entity}`] = { filter, sort };
  }
  return out;
}


module.exports = { declarations, querySpecs, wireName };
