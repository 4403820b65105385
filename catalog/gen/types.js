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
  // Packages that predate auto_sdk qualify the name with a namespace
  // import (ambassadorWixEcommerceCouponsV2CouponTypes.QueryCouponsRequest).
  if (ts.isTypeReferenceNode(node)) return ts.isQualifiedName(node.typeName) ? node.typeName.right.text : node.typeName.getText();
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
  if (ts.isLiteralTypeNode(t)) {
    if (t.literal.kind === K.StringLiteral) return { type: 'string', enum: [t.literal.text] };
    return { type: 'any' };
  }
  if (ts.isArrayTypeNode(t)) {
    const el = simplify(decl, t.elementType);
    return { type: el.type + '[]', ref: el.ref, enum: el.enum };
  }
  if (ts.isUnionTypeNode(t)) {
    const parts = t.types.filter((x) => x.kind !== K.NullKeyword && x.kind !== K.UndefinedKeyword &&
      !(ts.isLiteralTypeNode(x) && x.literal.kind === K.NullKeyword));
    if (parts.length === 1) return simplify(decl, parts[0]);
    // An enum and its string literals ("OrderStatus | 'APPROVED' | ..."),
    // or literals alone, are a string with those values.
    const subs = parts.map((x) => simplify(decl, x));
    if (subs.every((x) => x.type === 'string')) {
      const vals = [...new Set(subs.flatMap((x) => x.enum || []))];
      return vals.length ? { type: 'string', enum: vals } : { type: 'string' };
    }
    return { type: 'any' };
  }
  if (ts.isTypeLiteralNode(t)) return { type: 'object' };
  if (ts.isTypeReferenceNode(t)) {
    const name = t.typeName.getText();
    if (name === 'Date') return { type: 'string' };
    if (name === 'Record') return { type: 'object' };
    if (name === 'Array' && t.typeArguments) {
      const el = simplify(decl, t.typeArguments[0]);
      return { type: el.type + '[]', ref: el.ref, enum: el.enum };
    }
    const d = decl.byName.get(name);
    if (!d) return { type: name.endsWith('WithLiterals') ? 'string' : 'object' };
    if (ts.isEnumDeclaration(d)) return { type: 'string', enum: enumValues(ts, d) };
    if (ts.isTypeAliasDeclaration(d) && !ts.isTypeLiteralNode(d.type) && !ts.isIntersectionTypeNode(d.type)) {
      const inner = simplify(decl, d.type);
      return inner.ref ? inner : { type: inner.type, enum: inner.enum };
    }
    return { type: name.replace(/\$\d+$/, ''), ref: d };
  }
  return { type: 'any' };
}

// enumValues are an enum's wire values, without the UNKNOWN_/UNSPECIFIED
// default that Wix's proto enums start with (sending it means "unset").
function enumValues(ts, d) {
  const out = [];
  for (const m of d.members) {
    const v = m.initializer && ts.isStringLiteral(m.initializer) ? m.initializer.text : m.name.getText();
    if (/^(UNKNOWN|UNSPECIFIED|UNDEFINED)(_|$)|_UNSPECIFIED$|^UNKNOWN_/.test(v)) continue;
    out.push(v);
  }
  return out;
}

// maxEnum caps the values kept for one field: beyond it the list costs more
// than it helps (country and currency codes).
const maxEnum = 40;

function jsdocTag(ts, node, name) {
  for (const tag of ts.getJSDocTags(node)) {
    if (tag.tagName.text === name) return typeof tag.comment === 'string' ? tag.comment.trim() : ts.getTextOfJSDocComment(tag.comment) || '';
  }
  return null;
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
    if (s.enum && s.enum.length && s.enum.length <= maxEnum) f.enum = s.enum;
    if (name === 'limit') {
      const max = jsdocTag(decl.ts, m, 'max');
      if (max && /^\d+$/.test(max)) f.max = Number(max);
    }
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

// sdkInfo reads the SDK-shaped typings (index.typings.d.ts and the chunks it
// re-exports) for what meta.d.ts lacks: the query capabilities of each query
// and search method, from the <Entity>QuerySpec / <Entity>SearchSpec
// interface its query parameter is typed with, and the fields a call must
// carry (positional parameters that are not optional, and @requiredField
// tags), in SDK names ("options.revision", "_id").
function sdkInfo(ts, files) {
  const specs = {};
  const byParamType = {};
  const required = {};
  const builders = {};
  const builderOf = {};
  for (const file of files) {
    if (!fs.existsSync(file)) continue;
    const sf = parse(ts, file);
    const visit = (n) => {
      if (ts.isInterfaceDeclaration(n) && /(Query|Search)Spec$/.test(n.name.text)) specs[n.name.text] = specOf(ts, n);
      if (ts.isInterfaceDeclaration(n) && n.name.text.endsWith('QueryBuilder')) builders[n.name.text] = builderSpec(ts, n);
      if (ts.isFunctionDeclaration(n) && n.name && n.type && ts.isTypeReferenceNode(n.type) && n.type.typeName.getText().endsWith('QueryBuilder')) {
        builderOf[n.name.text] = n.type.typeName.getText();
      }
      if (ts.isFunctionDeclaration(n) && n.name && n.body === undefined) {
        const raw = n.name.text;
        const method = raw.startsWith('typed') ? raw.charAt(5).toLowerCase() + raw.slice(6) : raw;
        for (const p of n.parameters) {
          if (p.type && ts.isTypeReferenceNode(p.type)) (byParamType[method] = byParamType[method] || []).push(p.type.typeName.getText());
        }
        const req = [];
        for (const p of n.parameters) {
          const name = p.name.getText();
          if (!p.questionToken && !p.initializer && name !== 'options') req.push(name);
        }
        for (const tag of ts.getJSDocTags(n)) {
          if (tag.tagName.text !== 'requiredField') continue;
          const c = typeof tag.comment === 'string' ? tag.comment : ts.getTextOfJSDocComment(tag.comment) || '';
          if (c.trim()) req.push(c.trim().split(/\s/)[0]);
        }
        if (req.length && !required[method]) required[method] = [...new Set(req)];
      }
      ts.forEachChild(n, visit);
    };
    visit(sf);
  }
  const out = {};
  for (const [method, types] of Object.entries(byParamType)) {
    for (const t of types) {
      const spec = specs[t + 'Spec'];
      if (spec) { out[method] = spec; break; }
    }
  }
  // Older packages describe a query by its builder (queryGroups():
  // GroupsQueryBuilder, whose eq/ge/... name the fields they take).
  for (const [method, b] of Object.entries(builderOf)) {
    const spec = builders[b];
    const have = out[method];
    if (!spec || !(spec.filterable.length || spec.sortable.length)) continue;
    if (have && (have.filterable.length || have.sortable.length)) continue;
    out[method] = Object.assign({}, spec, { paging: have ? have.paging : '' });
  }
  // Newer packages type the public method with a generic CursorSearch and
  // tie the spec to the entity only (SearchHelpers<Order, OrderSearchSpec,
  // OrderSearch>): fall back to the method the name implies.
  for (const [specName, spec] of Object.entries(specs)) {
    const m = /^(.*?)(Query|Search)Spec$/.exec(specName);
    const verb = m[2].toLowerCase();
    for (const plural of plurals(m[1])) {
      if (!out[verb + plural]) out[verb + plural] = spec;
    }
  }
  return { specs: out, required };
}

function plurals(entity) {
  const out = [entity + 's', entity + 'es', entity];
  if (entity.endsWith('y')) out.push(entity.slice(0, -1) + 'ies');
  return out;
}

function specOf(ts, n) {
  const spec = { paging: '', filterable: [], sortable: [] };
  for (const m of n.members) {
    if (!ts.isPropertySignature(m) || !m.type) continue;
    const key = m.name.getText();
    if (key === 'paging') spec.paging = strings(ts, m.type)[0] || '';
    if (key !== 'wql' || !ts.isTupleTypeNode(m.type)) continue;
    for (const el of m.type.elements) {
      if (!ts.isTypeLiteralNode(el)) continue;
      const fl = strings(ts, prop(ts, el, 'fields')).map(sdkToRest);
      const ops = strings(ts, prop(ts, el, 'operators'));
      const sort = strings(ts, prop(ts, el, 'sort'))[0] || 'NONE';
      for (const f of fl) {
        if (ops.length) spec.filterable.push({ name: f, operators: ops });
        if (sort !== 'NONE') spec.sortable.push({ name: f, operators: sort === 'BOTH' ? ['ASC', 'DESC'] : [sort] });
      }
    }
  }
  return spec;
}

// builderOperators maps query builder methods to the REST filter
// operators they send (@wix/sdk-runtime's query builder).
const builderOperators = {
  eq: ['$eq'], ne: ['$ne'], ge: ['$gte'], gt: ['$gt'], le: ['$lte'], lt: ['$lt'], in: ['$in'],
  exists: ['$exists'], startsWith: ['$startsWith'], endsWith: ['$endsWith'], contains: ['$contains'],
  hasSome: ['$hasSome'], hasAll: ['$hasAll'], isEmpty: ['$isEmpty'], isNotEmpty: ['$isNotEmpty'],
  between: ['$gte', '$lt'],
};

// builderSpec reads a <Entity>QueryBuilder: a filter method whose first
// parameter is a union of names declares those fields filterable with its
// operator; one typed plain string allows any field and declares nothing.
// ascending/descending name the sortable fields.
function builderSpec(ts, n) {
  const filter = new Map();
  const sort = new Map();
  for (const m of n.members) {
    if (!(ts.isPropertySignature(m) || ts.isMethodSignature(m)) || !m.name) continue;
    const name = m.name.getText();
    const fn = ts.isMethodSignature(m) ? m : (m.type && ts.isFunctionTypeNode(m.type) ? m.type : null);
    if (!fn || !fn.parameters.length || !fn.parameters[0].type) continue;
    let t = fn.parameters[0].type;
    if (ts.isArrayTypeNode(t)) t = t.elementType;
    else if (ts.isTypeReferenceNode(t) && t.typeName.getText() === 'Array' && t.typeArguments) t = t.typeArguments[0];
    const fields = strings(ts, t).map(sdkToRest);
    if (!fields.length) continue;
    if (name === 'ascending' || name === 'descending') {
      for (const f of fields) sort.set(f, (sort.get(f) || []).concat([name === 'ascending' ? 'ASC' : 'DESC']));
      continue;
    }
    const ops = builderOperators[name];
    if (!ops) continue;
    for (const f of fields) filter.set(f, [...new Set((filter.get(f) || []).concat(ops))]);
  }
  return {
    paging: '',
    filterable: [...filter.entries()].map(([name, operators]) => ({ name, operators })),
    sortable: [...sort.entries()].map(([name, operators]) => ({ name, operators })),
  };
}

// restRequired turns SDK-named required fields into REST request paths:
// options are flattened into the request ("options.revision" is
// "revision"), system fields lose their underscore, and a name the REST
// request does not have (a positional "_id" that REST carries as
// "order.id" in the path) is dropped rather than guessed.
function restRequired(list, request, pathParams, queryKey) {
  const top = new Set((request || []).map((f) => f.name));
  const out = [];
  for (const raw of list || []) {
    // The SDK makes a query method's query positional, but Wix answers an
    // empty body with the first page; refusing it would help no one.
    if (raw === queryKey) continue;
    const p = sdkToRest(raw.replace(/^options\./, '').replace(/\.\$\{number\}/g, ''));
    const first = p.split('.')[0];
    if (!top.has(first) && !pathParams.has(p)) continue;
    if (!out.includes(p)) out.push(p);
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
    const pf = findField(scope, style === 'cursor' ? 'cursorPaging' : 'paging') || findField(scope, 'paging') || findField(scope, 'cursorPaging');
    const lim = pf && findField(pf.fields, 'limit');
    if (lim && lim.max) ep.paging.maxLimit = lim.max;
    if (holder) ep.queryKey = holder.name;
  }
  // An update that takes a field mask changes only the paths it names.
  const mask = req.find((f) => /^(fieldMask|mask|updateMask)$/.test(f.name));
  if (mask) ep.fieldMask = mask.name;
  if (spec) {
    if (spec.filterable.length) ep.filterable = spec.filterable;
    if (spec.sortable.length) ep.sortable = spec.sortable;
  }
}

module.exports = { load, metaSignatures, fields, sdkInfo, restRequired, annotatePaging, sdkToRest };
