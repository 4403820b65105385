'use strict';
// TypeScript declaration helpers for extract.js: REST field lists from
// meta.d.ts and query capabilities from index.typings.d.ts.
const fs = require('fs');

function parse(ts, file) {
  return ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
}

// load indexes interfaces, type aliases and enums of several files by name.
function load(ts, files) {
  const decl = { ts, byName: new Map() };
  for (const f of files) {
    const sf = parse(ts, f);
    const visit = (n) => {
      if (ts.isInterfaceDeclaration(n) || ts.isTypeAliasDeclaration(n) || ts.isEnumDeclaration(n)) {
        const prev = decl.byName.get(n.name.text);
        if (!prev) decl.byName.set(n.name.text, n);
        else if (ts.isInterfaceDeclaration(prev) && ts.isInterfaceDeclaration(n)) prev._merged = (prev._merged || []).concat([n]);
      }
      ts.forEachChild(n, visit);
    };
    visit(sf);
  }
  return decl;
}

// metaSignatures maps each method to the REST-shaped ("original") request and
// response type names: type arguments 4 and 6 of __PublicMethodMetaInfo.
function metaSignatures(ts, file) {
  const out = {};
  const sf = parse(ts, file);
  ts.forEachChild(sf, (n) => {
    if (!ts.isFunctionDeclaration(n) || !n.name || !n.type || !ts.isTypeReferenceNode(n.type)) return;
    const args = n.type.typeArguments || [];
    if (args.length < 6) return;
    out[n.name.text] = { request: refName(ts, args[3]), response: refName(ts, args[5]) };
  });
  return out;
}

function refName(ts, node) {
  if (ts.isTypeReferenceNode(node)) return node.typeName.getText();
  return '';
}

function membersOf(decl, node, seen) {
  const ts = decl.ts;
  let out = [];
  const nodes = [node].concat(node._merged || []);
  for (const n of nodes) {
    if (ts.isInterfaceDeclaration(n)) {
      for (const h of n.heritageClauses || []) {
        for (const t of h.types) {
          const base = decl.byName.get(t.expression.getText());
          if (base && !seen.has(base)) { seen.add(base); out = out.concat(membersOf(decl, base, seen)); }
        }
      }
      out = out.concat(n.members.filter((m) => ts.isPropertySignature(m)));
    } else if (ts.isTypeAliasDeclaration(n)) {
      out = out.concat(literalMembers(decl, n.type, seen));
    }
  }
  return out;
}

function literalMembers(decl, t, seen) {
  const ts = decl.ts;
  if (ts.isTypeLiteralNode(t)) return t.members.filter((m) => ts.isPropertySignature(m));
  if (ts.isIntersectionTypeNode(t)) return t.types.flatMap((x) => literalMembers(decl, x, seen));
  if (ts.isTypeReferenceNode(t)) {
    const d = decl.byName.get(t.typeName.getText());
    if (d && !seen.has(d)) { seen.add(d); return membersOf(decl, d, seen); }
  }
  return [];
}

// simplify turns a declared type into a short wire-level name and, when it
// names an object type, the declaration to descend into.
function simplify(decl, t) {
  const ts = decl.ts;
  const K = ts.SyntaxKind;
  switch (t.kind) {
    case K.StringKeyword: return { type: 'string' };
    case K.NumberKeyword: return { type: 'number' };
    case K.BooleanKeyword: return { type: 'boolean' };
    case K.AnyKeyword: case K.UnknownKeyword: return { type: 'any' };
  }
  if (ts.isParenthesizedTypeNode(t)) return simplify(decl, t.type);
  if (ts.isLiteralTypeNode(t)) return { type: t.literal.kind === K.StringLiteral ? 'string' : 'any' };
  if (ts.isArrayTypeNode(t)) {
    const el = simplify(decl, t.elementType);
    return { type: el.type + '[]', ref: el.ref };
  }
  if (ts.isUnionTypeNode(t)) {
    const parts = t.types.filter((x) => x.kind !== K.NullKeyword && x.kind !== K.UndefinedKeyword &&
      !(ts.isLiteralTypeNode(x) && x.literal.kind === K.NullKeyword));
    if (parts.length === 1) return simplify(decl, parts[0]);
    if (parts.every((x) => ts.isLiteralTypeNode(x))) return { type: 'string' };
    return { type: 'any' };
  }
  if (ts.isTypeLiteralNode(t)) return { type: 'object' };
  if (ts.isTypeReferenceNode(t)) {
    const name = t.typeName.getText();
    if (name === 'Date') return { type: 'string' };
    if (name === 'Record') return { type: 'object' };
    if (name === 'Array' && t.typeArguments) {
      const el = simplify(decl, t.typeArguments[0]);
      return { type: el.type + '[]', ref: el.ref };
    }
    const d = decl.byName.get(name);
    if (!d) return { type: name.endsWith('WithLiterals') ? 'string' : 'object' };
    if (ts.isEnumDeclaration(d)) return { type: 'string' };
    if (ts.isTypeAliasDeclaration(d) && !ts.isTypeLiteralNode(d.type) && !ts.isIntersectionTypeNode(d.type)) {
      const inner = simplify(decl, d.type);
      return inner.ref ? inner : { type: inner.type };
    }
    return { type: name.replace(/\$\d+$/, ''), ref: d };
  }
  return { type: 'any' };
}

// fields lists the properties of typeName, descending depth-1 more levels
// into object types (cycle-safe).
function fields(decl, typeName, depth) {
  const d = typeName && decl.byName.get(typeName);
  if (!d) return undefined;
  return fieldsOf(decl, d, depth, new Set([d]));
}

function fieldsOf(decl, d, depth, path) {
  const out = [];
  const names = new Set();
  for (const m of membersOf(decl, d, new Set([d]))) {
    const name = m.name.getText().replace(/^['"]|['"]$/g, '');
    if (names.has(name) || name.startsWith('__')) continue;
    names.add(name);
    const s = m.type ? simplify(decl, m.type) : { type: 'any' };
    const f = { name, type: s.type };
    if (s.ref && depth > 1 && !path.has(s.ref)) {
      path.add(s.ref);
      const sub = fieldsOf(decl, s.ref, depth - 1, path);
      path.delete(s.ref);
      if (sub.length) f.fields = sub;
    }
    out.push(f);
  }
  return out;
}

// sdkToRest renames SDK-shaped system fields to their REST names.
function sdkToRest(name) {
  return name.split('.').map((p) => ({ _id: 'id', _createdDate: 'createdDate', _updatedDate: 'updatedDate', _owner: 'owner' }[p] || p)).join('.');
}

function strings(ts, node) {
  if (!node) return [];
  if (ts.isTupleTypeNode(node)) return node.elements.flatMap((e) => strings(ts, e));
  if (ts.isLiteralTypeNode(node) && ts.isStringLiteral(node.literal)) return [node.literal.text];
  if (ts.isUnionTypeNode(node)) return node.types.flatMap((e) => strings(ts, e));
  return [];
}

function prop(ts, typeLit, name) {
  const m = typeLit.members.find((x) => ts.isPropertySignature(x) && x.name.getText() === name);
  return m && m.type;
}

// querySpecs maps query method names to {paging, filterable, sortable}, from
// the <Entity>QuerySpec interfaces tied to typed<Method>(query: <Entity>Query).
function querySpecs(ts, file) {
  const out = {};
  if (!fs.existsSync(file)) return out;
  const sf = parse(ts, file);
  const specs = {};
  const typed = {};
  const visit = (n) => {
    if (ts.isInterfaceDeclaration(n) && n.name.text.endsWith('QuerySpec')) {
      const spec = { paging: '', filterable: [], sortable: [] };
      for (const m of n.members) {
        if (!ts.isPropertySignature(m) || !m.type) continue;
        const key = m.name.getText();
        if (key === 'paging') spec.paging = strings(ts, m.type)[0] || '';
        if (key === 'wql' && ts.isTupleTypeNode(m.type)) {
          for (const el of m.type.elements) {
            if (!ts.isTypeLiteralNode(el)) continue;
            const fl = strings(ts, prop(ts, el, 'fields')).map(sdkToRest);
            const opsNode = prop(ts, el, 'operators');
            const ops = strings(ts, opsNode);
            const sort = strings(ts, prop(ts, el, 'sort'))[0] || 'NONE';
            for (const f of fl) {
              if (ops.length) spec.filterable.push({ name: f, operators: ops });
              if (sort !== 'NONE') spec.sortable.push({ name: f, operators: sort === 'BOTH' ? ['ASC', 'DESC'] : [sort] });
            }
          }
        }
      }
      specs[n.name.text] = spec;
    }
    if (ts.isFunctionDeclaration(n) && n.name && n.name.text.startsWith('typed') && n.parameters.length && n.parameters[0].type) {
      const method = n.name.text.charAt(5).toLowerCase() + n.name.text.slice(6);
      typed[method] = n.parameters[0].type.getText();
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  for (const [method, qtype] of Object.entries(typed)) {
    const spec = specs[qtype + 'Spec'];
    if (spec) out[method] = spec;
  }
  return out;
}

function findField(list, name) {
  return (list || []).find((f) => f.name === name);
}

// annotatePaging records paging style, metadata field and query fields.
function annotatePaging(ep, spec) {
  const req = ep.request || [];
  const holder = findField(req, 'query') || findField(req, 'search');
  const scope = holder && holder.fields ? holder.fields : req;
  const offset = !!findField(scope, 'paging');
  const cursor = !!findField(scope, 'cursorPaging');
  let style = '';
  if (spec && spec.paging) style = spec.paging;
  else if (cursor && !offset) style = 'cursor';
  else if (offset && !cursor) style = 'offset';
  else if (cursor && offset) style = 'cursor';
  if (style) {
    const resp = ep.response || [];
    const md = findField(resp, 'pagingMetadata') ? 'pagingMetadata' : findField(resp, 'metadata') ? 'metadata' : '';
    ep.paging = { style, metadata: md };
    if (holder) ep.queryKey = holder.name;
  }
  if (spec) {
    if (spec.filterable.length) ep.filterable = spec.filterable;
    if (spec.sortable.length) ep.sortable = spec.sortable;
  }
}

module.exports = { load, metaSignatures, fields, querySpecs, annotatePaging, sdkToRest };
