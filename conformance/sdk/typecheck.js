// Checks runtime values against the TypeScript types of Wix's SDK with the
// compiler API: each check names an SDK module and an expression of a type
// (usually the awaited return type of one of its functions), and the value
// the call returned. A property the type declares as always present
// (non-optional, as the SDK's NonNullablePaths make them) must be there, and
// every present value must have the declared kind (string, number, boolean,
// Date, array, object, or one of an enum's literals).
'use strict';

const fs = require('fs');
const path = require('path');
const ts = require('typescript');

const MAX_DEPTH = 10;

// compile writes one type alias per check and returns a function giving the
// resolved type of check i.
function compile(checks, dir) {
  const modules = [...new Set(checks.map((c) => c.module))];
  // The package's entry wraps each function for the client (its type is a
  // function returning the function); the typings file has the functions.
  const lines = modules.map((m, i) => `import type * as m${i} from '${m.startsWith('@wix/auto_sdk_') ? m + '/build/cjs/index.typings' : m}';`);
  checks.forEach((c, i) => {
    const m = `m${modules.indexOf(c.module)}`;
    lines.push(`export type T${i} = ${c.type.replaceAll('$m', m)};`);
  });
  // The SDK's types mark always-present fields only in strict mode
  // (NonNullablePaths in @wix/sdk-types checks globalThis.SDKTypeMode);
  // resolving them takes the compiler minutes per vertical, so the check
  // runs in the default mode: every present value has its declared kind,
  // and the fields the plain types require are there.
  const file = path.join(dir, 'generated-types.ts');
  fs.writeFileSync(file, lines.join('\n') + '\n');
  const program = ts.createProgram([file], {
    strict: true, noEmit: true, skipLibCheck: true, target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.CommonJS, moduleResolution: ts.ModuleResolutionKind.Node10, esModuleInterop: true,
  });
  // 2589 ("excessively deep") is reported for the SDK's deepest path
  // types; the types still resolve.
  const diags = ts.getPreEmitDiagnostics(program).filter((d) => d.file && d.file.fileName === file && d.code !== 2589);
  if (diags.length) {
    const text = diags.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n')).join('\n');
    throw new Error(`generated types do not compile:\n${text}`);
  }
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(file);
  const aliases = {};
  ts.forEachChild(source, (node) => {
    if (ts.isTypeAliasDeclaration(node)) aliases[node.name.text] = checker.getTypeAtLocation(node.name);
  });
  return { checker, typeOf: (i) => aliases[`T${i}`] };
}

function isDate(type) {
  const s = type.getSymbol();
  return !!s && s.getName() === 'Date';
}

// check returns the problems of value against type, each "path: problem".
function check(checker, value, type, at, depth, out) {
  if (depth > MAX_DEPTH) return;
  const f = type.getFlags();
  if (f & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return;
  if (type.isUnion()) {
    const members = type.types;
    if (value === undefined || value === null) {
      if (members.some((t) => t.getFlags() & (ts.TypeFlags.Undefined | ts.TypeFlags.Null | ts.TypeFlags.Void))) return;
    }
    const literals = members.filter((t) => t.isStringLiteral());
    if (typeof value === 'string' && literals.length && members.every((t) => t.isStringLiteral() || (t.getFlags() & ts.TypeFlags.Undefined))) {
      if (!literals.some((t) => t.value === value)) out.push(`${at}: "${value}" is not one of ${literals.map((t) => t.value).join(', ')}`);
      return;
    }
    const candidates = members.filter((t) => !(t.getFlags() & (ts.TypeFlags.Undefined | ts.TypeFlags.Null)));
    let best = null;
    for (const t of candidates) {
      const sub = [];
      check(checker, value, t, at, depth, sub);
      if (!sub.length) return;
      if (!best || sub.length < best.length) best = sub;
    }
    if (best) out.push(...best);
    return;
  }
  if (value === undefined || value === null) {
    out.push(`${at}: missing`);
    return;
  }
  if (f & ts.TypeFlags.StringLike) {
    if (typeof value !== 'string') out.push(`${at}: ${JSON.stringify(value)} is not a string`);
    else if (type.isStringLiteral() && value !== type.value) out.push(`${at}: "${value}" is not "${type.value}"`);
    return;
  }
  if (f & ts.TypeFlags.NumberLike) {
    if (typeof value !== 'number') out.push(`${at}: ${JSON.stringify(value)} is not a number`);
    return;
  }
  if (f & ts.TypeFlags.BooleanLike) {
    if (typeof value !== 'boolean') out.push(`${at}: ${JSON.stringify(value)} is not a boolean`);
    return;
  }
  if (isDate(type)) {
    if (!(value instanceof Date) || Number.isNaN(value.getTime())) out.push(`${at}: ${JSON.stringify(value)} is not a Date`);
    return;
  }
  if (checker.isArrayType(type)) {
    if (!Array.isArray(value)) {
      out.push(`${at}: not an array`);
      return;
    }
    const elem = checker.getTypeArguments(type)[0];
    value.forEach((v, i) => check(checker, v, elem, `${at}[${i}]`, depth + 1, out));
    return;
  }
  if (f & ts.TypeFlags.Object || type.isIntersection()) {
    if (typeof value !== 'object') {
      out.push(`${at}: ${JSON.stringify(value)} is not an object`);
      return;
    }
    for (const prop of checker.getPropertiesOfType(type)) {
      const name = prop.getName();
      const decl = prop.valueDeclaration || (prop.declarations && prop.declarations[0]);
      const propType = decl ? checker.getTypeOfSymbolAtLocation(prop, decl) : checker.getTypeOfSymbol(prop);
      if (propType.getCallSignatures().length) continue; // methods of query results
      const optional = (prop.getFlags() & ts.SymbolFlags.Optional) !== 0;
      const v = value[name];
      if (v === undefined) {
        if (!optional) out.push(`${at}.${name}: missing (always present in the SDK's types)`);
        continue;
      }
      check(checker, v, propType, `${at}.${name}`, depth + 1, out);
    }
  }
}

// typecheck runs every check; each gets a problems array.
function typecheck(checks, dir) {
  if (!checks.length) return [];
  const { checker, typeOf } = compile(checks, dir);
  return checks.map((c, i) => {
    const out = [];
    check(checker, c.value, typeOf(i), c.name, 0, out);
    return out;
  });
}

module.exports = { typecheck };
