// Generates wixclient/wixsim/sdkshapes.json.gz: the query and search specs
// of the pinned @wix/auto_sdk_* packages (filterable fields with their
// operators, sortable fields), and for every function of the
// pinned @wix/auto_sdk_* packages whose result the SDK declares with
// NonNullablePaths<T, paths> (the fields always present in Wix's answer),
// the paths and the kind of value at each (string, number, boolean, date,
// array, object, or an enum's first literal), resolved with the compiler
// API. wixsim fills any of them an answer lacks with an empty value of that
// kind, so code written against the SDK's types finds them.
//
//   node gen-shapes.js [OUT]   (after npm ci; the output is committed, and
//   scripts/sdk-conformance.sh checks it is current)
'use strict';

const fs = require('fs');
const path = require('path');
const zlib = require('zlib');
const ts = require('typescript');

const pkgs = Object.keys(require('./package.json').dependencies).filter((p) => p.startsWith('@wix/auto_sdk_'));

const { declarations, querySpecs, wireName } = require('./sdkspecs');

// functions lists {fn, type, paths} of one package.
function functions(pkg) {
  const text = declarations(pkg);
  const out = [];
  for (const chunk of text.split('\ndeclare function ').slice(1)) {
    const name = /^(\w+)\(/.exec(chunk);
    if (!name) continue;
    const decl = chunk.slice(0, chunk.indexOf(';\n') < 0 ? undefined : chunk.indexOf(';\n'));
    const at = decl.lastIndexOf('Promise<NonNullablePaths<');
    if (at < 0) continue;
    const rest = decl.slice(at + 'Promise<NonNullablePaths<'.length);
    const type = /^(\w+)/.exec(rest)[1];
    const paths = [...rest.matchAll(/`([^`]*)`/g)].map((m) => m[1]);
    out.push({ fn: name[1], type, paths });
  }
  return out;
}

function main() {
  const all = pkgs.map((pkg) => ({ pkg, fns: functions(pkg) }));
  const lines = [];
  all.forEach(({ pkg, fns }, i) => {
    lines.push(`import type * as m${i} from '${pkg}/build/cjs/index.typings';`);
    fns.forEach((f, j) => lines.push(`export type T${i}_${j} = m${i}.${f.type};`));
  });
  const file = path.join(__dirname, 'generated-shapes.ts');
  fs.writeFileSync(file, lines.join('\n') + '\n');
  const program = ts.createProgram([file], { noEmit: true, skipLibCheck: true, strict: true,
    moduleResolution: ts.ModuleResolutionKind.Node10, module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 });
  const checker = program.getTypeChecker();
  const aliases = {};
  ts.forEachChild(program.getSourceFile(file), (n) => {
    if (ts.isTypeAliasDeclaration(n)) aliases[n.name.text] = checker.getTypeAtLocation(n.name);
  });
  fs.rmSync(file);

  const strip = (t) => (t.isUnion() ? t.types.filter((x) => !(x.getFlags() & (ts.TypeFlags.Undefined | ts.TypeFlags.Null))) : [t]);
  const kindOf = (t) => {
    const members = strip(t);
    if (members.length && members.every((m) => m.isStringLiteral())) return `enum:${members[0].value}`;
    const m = members.find((x) => x.isStringLiteral()) && members.some((x) => !x.isStringLiteral() && x.getFlags() & ts.TypeFlags.String)
      ? members.find((x) => x.isStringLiteral()) : members[0];
    if (!m) return 'any';
    if (m.isStringLiteral()) return `enum:${m.value}`;
    const f = m.getFlags();
    if (f & ts.TypeFlags.StringLike) return 'string';
    if (f & ts.TypeFlags.NumberLike) return 'number';
    if (f & ts.TypeFlags.BooleanLike) return 'boolean';
    if (m.getSymbol() && m.getSymbol().getName() === 'Date') return 'date';
    if (checker.isArrayType(m)) return 'array';
    if (f & ts.TypeFlags.Object) return 'object';
    return 'any';
  };
  const step = (t, seg) => {
    for (const m of strip(t)) {
      if (seg === '${number}') {
        if (checker.isArrayType(m)) return checker.getTypeArguments(m)[0];
        continue;
      }
      const p = checker.getPropertyOfType(m, seg);
      if (p) return checker.getTypeOfSymbol(p);
    }
    return null;
  };

  const shapes = {};
  all.forEach(({ pkg, fns }, i) => {
    fns.forEach((f, j) => {
      const root = aliases[`T${i}_${j}`];
      if (!root) return;
      const paths = [];
      for (const p of f.paths) {
        let t = root;
        for (const seg of p.split('.')) {
          t = t && step(t, seg);
        }
        if (t) paths.push([p, kindOf(t)]);
      }
      shapes[`${pkg}/${f.fn}`] = { type: f.type, paths };
    });
  });
  const specs = {};
  for (const pkg of pkgs) {
    for (const [key, spec] of Object.entries(querySpecs(pkg))) {
      specs[key] = { filter: spec.filter.map(([f, ops]) => [wireName(f), ops]), sort: spec.sort.map(wireName) };
    }
  }
  const out = process.argv[2] || path.join(__dirname, '..', '..', 'wixclient', 'wixsim', 'sdkshapes.json.gz');
  fs.writeFileSync(out, zlib.gzipSync(JSON.stringify({ functions: shapes, querySpecs: specs }), { level: 9 }));
  console.log(`${Object.keys(shapes).length} functions, ${Object.values(shapes).reduce((n, s) => n + s.paths.length, 0)} paths, ` +
    `${Object.keys(specs).length} query specs -> ${out}`);
}

main();
