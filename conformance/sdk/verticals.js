// The operations an app would make, per vertical, through the SDK's own
// functions. Each op returns what the SDK returned; `type` is the
// TypeScript type it must match ($m is the vertical's module), `pick`
// chooses the part of the result to check.
'use strict';

const contacts = require('@wix/auto_sdk_crm_contacts');
const members = require('@wix/auto_sdk_members_members');
const productsV3 = require('@wix/auto_sdk_stores_products-v-3');
const orders = require('@wix/auto_sdk_ecom_orders');
const items = require('@wix/wix-data-items-sdk');
const siteProperties = require('@wix/auto_sdk_business-tools_site-properties');
const posts = require('@wix/auto_sdk_blog_posts');
const tags = require('@wix/auto_sdk_blog_tags');
const plans = require('@wix/auto_sdk_pricing-plans_plans');
const events = require('@wix/auto_sdk_events_wix-events-v-2');
const services = require('@wix/auto_sdk_bookings_services');
const productsV1 = require('@wix/auto_sdk_stores_products');
const collections = require('@wix/auto_sdk_data_collections');

const BAKERY = '5a1d0c0a-0000-4000-8000-00000000b001';
const BOOKSHOP = '5a1d0c0a-0000-4000-8000-00000000b003';

const ret = (fn) => `Awaited<ReturnType<typeof $m.${fn}>>`;
const found = (builder) => `Awaited<ReturnType<ReturnType<typeof $m.${builder}>['find']>>['items'][number]`;
const first = (r) => r.items[0];

// Probe values: a string for equality-like operators, an ISO date for
// ranges, an array for set operators, true for $exists.
function filterWith(builder, name, operators) {
  const opsList = operators && operators.length && operators[0] !== '*' ? operators : ['$eq'];
  const op = ['$eq', '$in', '$hasSome', '$startsWith', '$exists', '$gt', '$hasAll', '$ne'].find((o) => opsList.includes(o)) || opsList[0];
  switch (op) {
    case '$in': return builder.in(name, ['x']);
    case '$hasSome': return builder.hasSome(name, ['x']);
    case '$hasAll': return builder.hasAll(name, ['x']);
    case '$startsWith': return builder.startsWith(name, 'x');
    case '$exists': return builder.exists(name, true);
    case '$gt': return builder.gt(name, '2024-01-01T00:00:00.000Z');
    case '$ne': return builder.ne(name, 'x');
    default: return builder.eq(name, 'x');
  }
}

// A query spec probe through a query builder.
const builderQueries = (pkg, method, make) => ({
  package: pkg, method,
  filter: (ctx, name, operators) => filterWith(make(ctx), name, operators).limit(1).find(),
  sort: (ctx, name) => make(ctx).ascending(name).limit(1).find(),
});

// rawCondition is a filter condition with one of the declared operators.
function rawCondition(operators) {
  const opsList = operators && operators.length && operators[0] !== '*' ? operators : ['$eq'];
  const op = ['$eq', '$in', '$hasSome', '$startsWith', '$exists', '$gt', '$hasAll', '$ne', '$matchItems'].find((o) => opsList.includes(o)) || opsList[0];
  const value = {
    $in: ['x'], $hasSome: ['x'], $hasAll: ['x'], $exists: true, $gt: '2024-01-01T00:00:00.000Z', $matchItems: [{}],
  }[op];
  return { [op]: value === undefined ? 'x' : value };
}

// A query spec probe through a search function taking {filter, sort}.
const searchQueries = (pkg, method, call) => ({
  package: pkg, method, raw: true,
  filter: (ctx, name, operators) => call(ctx, { filter: { [name]: rawCondition(operators) }, cursorPaging: { limit: 1 } }),
  sort: (ctx, name) => call(ctx, { sort: [{ fieldName: name, order: 'ASC' }], cursorPaging: { limit: 1 } }),
});

const verticals = [
  {
    name: 'contacts', siteId: BAKERY, module: '@wix/auto_sdk_crm_contacts', modules: { contacts },
    ops: [
      { name: 'createContact', type: ret('createContact'),
        run: async ({ client, state }) => {
          const r = await client.contacts.createContact({ name: { first: 'Sdk', last: 'Probe' }, emails: { items: [{ email: 'sdk.probe@example.com', primary: true }] } });
          state.id = r.contact._id;
          return r;
        } },
      { name: 'getContact', type: ret('getContact'), run: ({ client, state }) => client.contacts.getContact(state.id) },
      { name: 'updateContact', type: ret('updateContact'),
        run: async ({ client, state }) => client.contacts.updateContact(state.id, { name: { first: 'Sdk', last: 'Updated' } }, 1) },
      { name: 'queryContacts (filter, sort)', type: found('queryContacts'), pick: first,
        run: async ({ client }) => {
          const r = await client.contacts.queryContacts().eq('info.name.last', 'Updated').descending('createdDate').find();
          if (r.items.length !== 1) throw new Error(`filter on info.name.last found ${r.items.length}`);
          return r;
        } },
      { name: 'listContacts', type: ret('listContacts'), run: ({ client }) => client.contacts.listContacts({ paging: { limit: 3 } }) },
      { name: 'deleteContact', run: ({ client, state }) => client.contacts.deleteContact(state.id) },
    ],
    queries: [builderQueries('@wix/auto_sdk_crm_contacts', 'queryContacts', (ctx) => ctx.client.contacts.queryContacts())],
    errors: [{ name: 'getContact (missing)', run: ({ client }) => client.contacts.getContact('00000000-0000-4000-8000-000000000000') }],
  },
  {
    name: 'members', siteId: BAKERY, module: '@wix/auto_sdk_members_members', modules: { members },
    ops: [
      { name: 'listMembers', type: ret('listMembers'), run: ({ client }) => client.members.listMembers({ fieldsets: ['FULL'] }) },
      { name: 'queryMembers (search)', type: found('queryMembers'), pick: first,
        run: async ({ client, state }) => {
          const all = await client.members.queryMembers({ fieldsets: ['FULL'] }).find();
          state.id = all.items[0]._id;
          const nick = all.items[0].profile.nickname;
          const r = await client.members.queryMembers({ fieldsets: ['FULL'], search: { expression: nick } }).find();
          if (r.items.length === 0 || r.items.length === all.items.length) throw new Error(`search found ${r.items.length} of ${all.items.length}`);
          return r;
        } },
      { name: 'getMember', type: ret('getMember'), run: ({ client, state }) => client.members.getMember(state.id, { fieldsets: ['FULL'] }) },
    ],
    queries: [builderQueries('@wix/auto_sdk_members_members', 'queryMembers', (ctx) => ctx.client.members.queryMembers())],
    errors: [{ name: 'getMember (missing)', run: ({ client }) => client.members.getMember('00000000-0000-4000-8000-000000000000') }],
  },
  {
    name: 'stores products v3', siteId: BOOKSHOP, module: '@wix/auto_sdk_stores_products-v-3', modules: { products: productsV3 },
    ops: [
      { name: 'queryProducts', type: found('queryProducts'), pick: first,
        run: async ({ client, state }) => {
          const r = await client.products.queryProducts().descending('createdDate').find();
          state.id = r.items[0]._id;
          return r;
        } },
      { name: 'searchProducts', type: ret('searchProducts'),
        run: ({ client }) => client.products.searchProducts({ search: { expression: 'a' }, cursorPaging: { limit: 5 } }, {}) },
      { name: 'getProduct', type: ret('getProduct'), run: ({ client, state }) => client.products.getProduct(state.id) },
    ],
    queries: [
      builderQueries('@wix/auto_sdk_stores_products-v-3', 'queryProducts', (ctx) => ctx.client.products.queryProducts()),
      searchQueries('@wix/auto_sdk_stores_products-v-3', 'searchProducts', (ctx, s) => ctx.client.products.searchProducts(s, {})),
    ],
    errors: [{ name: 'getProduct (missing)', run: ({ client }) => client.products.getProduct('00000000-0000-4000-8000-000000000000') }],
  },
  {
    name: 'stores v1', siteId: BOOKSHOP, module: '@wix/auto_sdk_stores_products', modules: { products: productsV1 },
    ops: [
      { name: 'queryProducts', type: found('queryProducts'), pick: first,
        run: async ({ client, state }) => { const r = await client.products.queryProducts().find(); state.id = r.items[0]._id; return r; } },
      { name: 'getProduct', type: ret('getProduct'), run: ({ client, state }) => client.products.getProduct(state.id) },
    ],
  },
  {
    name: 'orders', siteId: BAKERY, module: '@wix/auto_sdk_ecom_orders', modules: { orders },
    ops: [
      { name: 'searchOrders', type: ret('searchOrders'),
        run: async ({ client, state }) => {
          const r = await client.orders.searchOrders({ filter: { status: { $ne: 'INITIALIZED' } }, sort: [{ fieldName: 'createdDate', order: 'DESC' }], cursorPaging: { limit: 5 } });
          state.id = r.orders[0]._id;
          return r;
        } },
      { name: 'getOrder', type: ret('getOrder'), run: ({ client, state }) => client.orders.getOrder(state.id) },
    ],
    queries: [searchQueries('@wix/auto_sdk_ecom_orders', 'searchOrders', (ctx, s) => ctx.client.orders.searchOrders(s))],
    errors: [{ name: 'getOrder (missing)', run: ({ client }) => client.orders.getOrder('00000000-0000-4000-8000-000000000000') }],
  },
  {
    name: 'wix data', siteId: BAKERY, module: '@wix/wix-data-items-sdk', modules: { items, collections },
    ops: [
      { name: 'createDataCollection', module: '@wix/auto_sdk_data_collections', type: ret('createDataCollection'),
        run: ({ client }) => client.collections.createDataCollection({ _id: 'SdkJams', displayName: 'Jams',
          fields: [{ key: 'flavour', type: 'TEXT' }], permissions: { insert: 'ADMIN', read: 'ANYONE', remove: 'ADMIN', update: 'ADMIN' } }) },
      { name: 'getDataCollection', module: '@wix/auto_sdk_data_collections', type: ret('getDataCollection'),
        run: ({ client, state }) => client.collections.getDataCollection('SdkJams').then((r) => { state.collection = r; return r; }) },
      { name: 'updateDataCollection (revision)', module: '@wix/auto_sdk_data_collections', type: ret('updateDataCollection'),
        run: ({ client, state }) => client.collections.updateDataCollection({ ...state.collection, displayName: 'Jams 2' }) },
      { name: 'listDataCollections', module: '@wix/auto_sdk_data_collections', type: ret('listDataCollections'),
        run: ({ client }) => client.collections.listDataCollections() },
      { name: 'deleteDataCollection', run: ({ client }) => client.collections.deleteDataCollection('SdkJams') },
      { name: 'insert', run: async ({ client, state }) => { const r = await client.items.insert('Recipes', { title: 'Sdk Loaf', minutes: 42 }); state.id = r._id; return r; } },
      { name: 'get', run: async ({ client, state }) => { const r = await client.items.get('Recipes', state.id); if (!r || r.title !== 'Sdk Loaf') throw new Error(`got ${JSON.stringify(r)}`); return r; } },
      { name: 'update', run: async ({ client, state }) => client.items.update('Recipes', { _id: state.id, title: 'Sdk Bread', minutes: 43 }) },
      { name: 'query (filter, sort)',
        run: async ({ client }) => {
          const r = await client.items.query('Recipes').eq('title', 'Sdk Bread').ascending('title').find();
          if (r.items.length !== 1) throw new Error(`query found ${r.items.length}`);
          return r;
        } },
      { name: 'count', run: async ({ client }) => { const n = await client.items.query('Recipes').count(); if (typeof n !== 'number') throw new Error(`count ${n}`); return n; } },
      { name: 'bulkInsert', run: ({ client }) => client.items.bulkInsert('Recipes', [{ title: 'Bulk A' }, { title: 'Bulk B' }]) },
      { name: 'remove', run: ({ client, state }) => client.items.remove('Recipes', state.id) },
      { name: 'truncate', run: async ({ client }) => {
        await client.items.truncate('Testimonials');
        const n = await client.items.query('Testimonials').count();
        if (n !== 0) throw new Error(`${n} items left`);
      } },
    ],
    errors: [{ name: 'query (missing collection)', run: ({ client }) => client.items.query('NoSuchCollection').find() }],
  },
  {
    name: 'site properties', siteId: BAKERY, module: '@wix/auto_sdk_business-tools_site-properties', modules: { siteProperties },
    ops: [{ name: 'getSiteProperties', type: ret('getSiteProperties'), run: ({ client }) => client.siteProperties.getSiteProperties() }],
  },
  {
    name: 'blog', siteId: BAKERY, module: '@wix/auto_sdk_blog_posts', modules: { posts, tags },
    ops: [
      { name: 'queryPosts', type: found('queryPosts'), pick: first,
        run: async ({ client, state }) => { const r = await client.posts.queryPosts().find(); state.id = r.items[0]._id; return r; } },
      { name: 'listPosts', type: ret('listPosts'), run: ({ client }) => client.posts.listPosts({ paging: { limit: 2 } }) },
      { name: 'getPost', type: ret('getPost'), run: ({ client, state }) => client.posts.getPost(state.id) },
      { name: 'createTag', module: '@wix/auto_sdk_blog_tags', type: ret('createTag'),
        run: async ({ client, state }) => { const r = await client.tags.createTag('sdk-probe'); state.tag = r.tag._id; return r; } },
      { name: 'getTag', module: '@wix/auto_sdk_blog_tags', type: ret('getTag'), run: ({ client, state }) => client.tags.getTag(state.tag) },
      { name: 'queryTags (filter)', module: '@wix/auto_sdk_blog_tags', type: found('queryTags'), pick: first,
        run: async ({ client }) => {
          const r = await client.tags.queryTags().eq('label', 'sdk-probe').find();
          if (r.items.length !== 1) throw new Error(`query by label found ${r.items.length}`);
          return r;
        } },
      { name: 'deleteTag', module: '@wix/auto_sdk_blog_tags', run: async ({ client, state }) => {
        await client.tags.deleteTag(state.tag);
        const r = await client.tags.queryTags().eq('label', 'sdk-probe').find();
        if (r.items.length !== 0) throw new Error('the tag is still there');
      } },
    ],
    errors: [{ name: 'getPost (missing)', run: ({ client }) => client.posts.getPost('00000000-0000-4000-8000-000000000000') }],
    queries: [
      builderQueries('@wix/auto_sdk_blog_posts', 'queryPosts', (ctx) => ctx.client.posts.queryPosts()),
      builderQueries('@wix/auto_sdk_blog_tags', 'queryTags', (ctx) => ctx.client.tags.queryTags()),
    ],
  },
  {
    name: 'pricing plans', siteId: BAKERY, module: '@wix/auto_sdk_pricing-plans_plans', modules: { plans },
    ops: [
      { name: 'listPlans', type: ret('listPlans'),
        run: async ({ client, state }) => { const r = await client.plans.listPlans(); state.id = r.plans[0]._id; return r; } },
      { name: 'getPlan', type: ret('getPlan'), run: ({ client, state }) => client.plans.getPlan(state.id) },
      { name: 'queryPublicPlans', run: ({ client }) => client.plans.queryPublicPlans().find() },
      { name: 'createPlan', type: ret('createPlan'),
        run: async ({ client, state }) => {
          const r = await client.plans.createPlan({ name: 'Sdk Plan', pricing: { singlePaymentUnlimited: true, price: { value: '10', currency: 'USD' } } });
          state.plan = r._id;
          return r;
        } },
      { name: 'updatePlan', type: ret('updatePlan'),
        run: async ({ client, state }) => {
          const r = await client.plans.updatePlan(state.plan, { name: 'Sdk Plan 2' });
          if (r.name !== 'Sdk Plan 2') throw new Error(`name ${r.name}`);
          return r;
        } },
      { name: 'archivePlan', type: ret('archivePlan'), run: ({ client, state }) => client.plans.archivePlan(state.plan) },
    ],
    errors: [{ name: 'getPlan (missing)', run: ({ client }) => client.plans.getPlan('00000000-0000-4000-8000-000000000000') }],
  },
  {
    name: 'events', siteId: BAKERY, module: '@wix/auto_sdk_events_wix-events-v-2', modules: { events },
    ops: [
      { name: 'queryEvents', run: async ({ client, state }) => { const r = await client.events.queryEvents().find(); state.id = r.items[0]._id; return r; } },
      { name: 'getEvent', type: ret('getEvent'), run: ({ client, state }) => client.events.getEvent(state.id) },
      { name: 'createEvent', type: ret('createEvent'),
        run: async ({ client, state }) => {
          const r = await client.events.createEvent({ title: 'Sdk Event', dateAndTimeSettings: { dateAndTimeTbd: true }, location: { type: 'ONLINE' }, registration: { initialType: 'RSVP' } });
          state.event = r._id;
          return r;
        } },
      { name: 'updateEvent', type: ret('updateEvent'),
        run: async ({ client, state }) => {
          const r = await client.events.updateEvent(state.event, { event: { title: 'Sdk Event 2' } });
          if (r.title !== 'Sdk Event 2') throw new Error(`title ${r.title}`);
          return r;
        } },
      { name: 'deleteEvent', run: ({ client, state }) => client.events.deleteEvent(state.event) },
    ],
    queries: [builderQueries('@wix/auto_sdk_events_wix-events-v-2', 'queryEvents', (ctx) => ctx.client.events.queryEvents())],
    errors: [{ name: 'getEvent (missing)', run: ({ client }) => client.events.getEvent('00000000-0000-4000-8000-000000000000') }],
  },
  {
    name: 'bookings', siteId: BAKERY, module: '@wix/auto_sdk_bookings_services', modules: { services },
    ops: [
      { name: 'queryServices', run: async ({ client, state }) => { const r = await client.services.queryServices().find(); state.id = r.items[0]._id; return r; } },
      { name: 'getService', type: ret('getService'), run: ({ client, state }) => client.services.getService(state.id) },
      { name: 'createService', type: ret('createService'),
        run: async ({ client, state }) => {
          const r = await client.services.createService({ name: 'Sdk Class', type: 'CLASS' });
          state.service = r;
          return r;
        } },
      { name: 'updateService (revision)', type: ret('updateService'),
        run: async ({ client, state }) => {
          const r = await client.services.updateService(state.service._id, { name: 'Sdk Class 2', revision: state.service.revision });
          if (r.name !== 'Sdk Class 2') throw new Error(`name ${r.name}`);
          return r;
        } },
      { name: 'deleteService', run: ({ client, state }) => client.services.deleteService(state.service._id) },
    ],
    queries: [builderQueries('@wix/auto_sdk_bookings_services', 'queryServices', (ctx) => ctx.client.services.queryServices())],
    errors: [{ name: 'updateService (stale revision)', run: ({ client, state }) => client.services.updateService(state.id, { name: 'x', revision: '999' }) }],
  },
];

module.exports = { verticals };
