// Checks the k6 suite without k6 (which cannot be installed here): the scenario file's shape, then each script
// imported by node with stubbed k6 modules: its options, scenarios and thresholds as k6 would accept them, a dry
// run of setup(), iterations and teardown() against a fake API (setup in dependency order, teardown removing
// everything setup and the mix created), every request carrying a live bearer token from a fake issuer, the
// token renewed within 60 s of its expiry, and handleSummary's output.
//
//   node perf/k6/validate.mjs        ends with "N passed, M failed"; exits non-zero on any failure
import { register } from 'node:module';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import assert from 'node:assert/strict';

register('./validate/hooks.mjs', import.meta.url);

const here = path.dirname(fileURLToPath(import.meta.url));
const scenarioPath = path.join(here, '..', 'scenarios', 'bss.json');
const BASE_URLS = ['http://127.0.0.1:18080', 'http://127.0.0.1:18081'];
const ISSUER = 'http://127.0.0.1:18090/realms/bss';
const TOKEN_ENDPOINT = `${ISSUER}/protocol/openid-connect/token`;
const CLIENT = { id: 'bss-backend', secret: 'test-secret' };
const USERS = { operator: 'operator' };
const TOKEN_SECONDS = 300;

// k6's init-context globals.
const ENV = { BASE_URLS: BASE_URLS.join(','), SUMMARY_FILE: 'out/summary.json', ISSUER, CLIENT_SECRET: CLIENT.secret };
globalThis.__ENV = { ...ENV };
globalThis.open = (file) => readFileSync(file.startsWith('file:') ? fileURLToPath(file) : path.resolve(here, file), 'utf8');
globalThis.k6stub = { requests: [], sleeps: [], vu: 1, scenario: 'setup', answer: fakeServer(), now: Date.parse('2025-01-01T00:00:00Z') };
// The scripts read the time with Date.now (a token's age): the fake clock moves only when a test moves it.
Date.now = () => globalThis.k6stub.now;

/** The requests that went to the API (not to the issuer). */
function apiRequests(requests) {
  return requests.filter((r) => !r.url.startsWith(ISSUER));
}

function tokenRequests(requests) {
  return requests.filter((r) => r.url === TOKEN_ENDPOINT);
}

// ---------------------------------------------------------------------------------------------------------------
// A fake of the API, enough for setup, the mix and teardown to take their normal paths: records per collection,
// lists filtered by status, customerId and a search term, status changes, deletes, and the references a create
// names checked the way the API checks them (so a create before its customer fails like it would for real).

const REFERENCES = { customerId: 'customers', productId: 'products' };
const INITIAL_STATUS = { orders: 'PENDING', invoices: 'DRAFT', addresses: 'PENDING' };

// The issuer: discovery and a token endpoint that checks the client (and the user for the password grant) and hands
// out tokens that live TOKEN_SECONDS on the fake clock; the API answers 401 to a request without a live one.
function fakeIssuer() {
  const live = new Map();
  let issued = 0;
  const answer = ({ method, url, body }) => {
    if (method === 'GET' && url === `${ISSUER}/.well-known/openid-configuration`) {
      return { status: 200, json: { issuer: ISSUER, token_endpoint: TOKEN_ENDPOINT, jwks_uri: `${ISSUER}/protocol/openid-connect/certs` } };
    }
    if (method !== 'POST' || url !== TOKEN_ENDPOINT) return { status: 404, json: { error: 'not_found' } };
    if (body.client_id !== CLIENT.id || body.client_secret !== CLIENT.secret) return { status: 401, json: { error: 'invalid_client' } };
    const userOk = body.grant_type === 'password' && USERS[body.username] !== undefined && USERS[body.username] === body.password;
    if (!(body.grant_type === 'client_credentials' || userOk)) return { status: 400, json: { error: 'invalid_grant' } };
    const token = `tok${++issued}`;
    live.set(token, globalThis.k6stub.now + (TOKEN_SECONDS * 1000));
    return { status: 200, json: { access_token: token, token_type: 'Bearer', expires_in: TOKEN_SECONDS } };
  };
  answer.authorized = (headers) => {
    const match = /^Bearer (.+)$/.exec((headers && headers.Authorization) || '');
    return Boolean(match && live.has(match[1]) && globalThis.k6stub.now < live.get(match[1]));
  };
  return answer;
}

function fakeServer() {
  const store = {};
  const issuer = fakeIssuer();
  let next = 0;
  const collection = (name) => (store[name] = store[name] || new Map());
  const missingReference = (body) => {
    for (const item of [body, ...(body.items || [])]) {
      for (const [field, target] of Object.entries(REFERENCES)) {
        if (item[field] !== undefined && !collection(target).has(item[field])) return `${field} ${item[field]}`;
      }
    }
    return null;
  };
  const answer = ({ method, url, body, params }) => {
    if (url.startsWith(ISSUER)) return issuer({ method, url, body });
    if (!issuer.authorized(params && params.headers)) return { status: 401, json: { code: 'UNAUTHORIZED' } };
    const { pathname, searchParams } = new URL(url);
    const [, api, version, ...rest] = pathname.split('/');
    const [name, id, action] = version === 'v1' ? rest : [version, ...rest];
    if (api !== 'api' || !name) return { status: 404, json: { code: 'NOT_FOUND' } };
    const records = collection(name);
    if (method === 'POST' && id === undefined) {
      const fields = JSON.parse(body);
      const missing = missingReference(fields);
      if (missing) return { status: 400, json: { code: 'VALIDATION_FAILED', message: `no ${missing}` } };
      const r = { ...fields, id: `00000000-0000-4000-8000-${String(++next).padStart(12, '0')}`, version: 1 };
      if (name === 'payments') r.paymentStatus = 'PENDING';
      else r.status = INITIAL_STATUS[name] || 'ACTIVE';
      records.set(r.id, r);
      return { status: 201, json: r };
    }
    if (method === 'GET' && id === undefined) {
      const status = searchParams.get('status');
      const term = (searchParams.get('searchTerm') || searchParams.get('query') || '').toLowerCase();
      const content = [...records.values()]
        .filter((r) => !status || (r.paymentStatus || r.status) === status)
        .filter((r) => !searchParams.get('customerId') || r.customerId === searchParams.get('customerId'))
        .filter((r) => !term || JSON.stringify(r).toLowerCase().includes(term))
        .slice(0, Number(searchParams.get('size') || 20));
      return { status: 200, json: version === 'v1' ? { content } : content };
    }
    if (method === 'GET' && id === 'customer') {
      return { status: 200, json: [...records.values()].filter((r) => r.customerId === action) };
    }
    const r = records.get(id);
    if (!r) return { status: 404, json: { code: 'NOT_FOUND' } };
    if (method === 'GET') return { status: 200, json: r };
    if (method === 'DELETE') {
      const open = [...collection('subscriptions').values()].some((s) => s.customerId === id && ['ACTIVE', 'SUSPENDED'].includes(s.status));
      if (name === 'customers' && open) return { status: 409, json: { code: 'CONFLICT', message: 'has ACTIVE subscriptions' } };
      records.delete(id);
      return { status: 204 };
    }
    if ((method === 'PUT' || method === 'PATCH') && action === 'status') {
      const change = JSON.parse(body);
      if (change.paymentStatus) r.paymentStatus = change.paymentStatus;
      else r.status = change.status;
      r.version += 1;
      return { status: 200, json: r };
    }
    if (method === 'PUT') {
      Object.assign(r, JSON.parse(body), { version: r.version + 1 });
      return { status: 200, json: r };
    }
    return { status: 405 };
  };
  answer.store = store;
  return answer;
}

// ---------------------------------------------------------------------------------------------------------------
// A tiny test runner with a counted closing line.

const results = [];
async function test(name, fn) {
  try {
    await fn();
    results.push({ name, ok: true });
    console.log(`ok    ${name}`);
  } catch (e) {
    results.push({ name, ok: false });
    console.log(`FAIL  ${name}\n      ${e && e.stack ? e.stack.split('\n').slice(0, 3).join('\n      ') : e}`);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The scenario file

const definition = JSON.parse(readFileSync(scenarioPath, 'utf8'));
const lib = await import('./lib/scenario.js');

const EXECUTORS = {
  'shared-iterations': ['vus', 'iterations'],
  'ramping-vus': ['stages'],
  'constant-vus': ['vus', 'duration'],
  'constant-arrival-rate': ['rate', 'timeUnit', 'duration', 'preAllocatedVUs', 'maxVUs'],
};
const THRESHOLD_KEY = /^(http_req_duration|http_req_failed|http_reqs)(\{[a-z]+:[A-Za-z0-9_.-]+(,[a-z]+:[A-Za-z0-9_.-]+)*\})?$/;
const THRESHOLD_EXPR = /^(avg|min|med|max|p\(\d+(\.\d+)?\)|rate|count)(<|<=|>|>=|==|===|!=)\d+(\.\d+)?$/;

await test('scenario file: endpoints have unique names, a method, a path, a weight and expected statuses', () => {
  const names = definition.endpoints.map((e) => e.name);
  assert.equal(new Set(names).size, names.length, 'duplicate endpoint names');
  for (const e of definition.endpoints) {
    assert.match(e.method, /^(GET|POST|PUT|PATCH|DELETE)$/, e.name);
    assert.match(e.path, /^\//, e.name);
    assert.ok(Number.isFinite(e.weight) && e.weight >= 0, `${e.name}: weight`);
    assert.ok(Array.isArray(e.expect) && e.expect.length > 0, `${e.name}: expect`);
  }
});

await test('scenario file: templates name only known resources, and refresh names an owned resource', () => {
  const resources = Object.keys(definition.resources);
  for (const e of definition.endpoints) {
    for (const [, expr] of JSON.stringify(e).matchAll(/\{\{\s*([^}|\s]+)/g)) {
      const parts = expr.split('.');
      if (expr === 'surname') assert.ok((definition.surnameSyllables || []).length > 1, `${e.name}: {{surname}} needs surnameSyllables`);
      if (parts.length === 1) assert.ok(['uuid', 'unique', 'tag', 'surname'].includes(expr), `${e.name}: {{${expr}}}`);
      else assert.ok(resources.includes(parts[0] === 'own' ? parts[1] : parts[0]), `${e.name}: {{${expr}}}`);
    }
    if (e.refresh) assert.ok(resources.includes(e.refresh.replace(/^own\./, '')), `${e.name}: refresh`);
  }
  for (const [name, r] of Object.entries(definition.resources)) {
    assert.ok(r.create && r.create.method && r.create.path, `${name}: create`);
    assert.ok(r.delete && r.delete.path.includes('{{id}}'), `${name}: delete`);
    for (const expr of lib.placeholders(r.create)) {
      assert.ok(!expr.startsWith('own.'), `${name}: a create names shared records only, not {{${expr}}}`);
      const resource = lib.resourceOf(expr);
      assert.ok(resource === null || (resources.includes(resource) && resource !== name), `${name}: create names {{${expr}}}`);
    }
  }
});

await test('scenario file: setup creates each resource after the resources its create names, teardown in reverse', () => {
  const order = lib.creationOrder();
  assert.deepEqual([...order].sort(), Object.keys(definition.resources).sort(), 'every resource once');
  for (const [i, name] of order.entries()) {
    for (const dep of lib.dependencies(name)) assert.ok(order.indexOf(dep) < i, `${name} is created after ${dep}`);
  }
  assert.ok(order.indexOf('subscription') > order.indexOf('customer') && order.indexOf('subscription') > order.indexOf('product'));
  const mix = lib.mixOf(definition.profiles.smoke);
  assert.deepEqual(lib.resourcesFor(mix), order, 'the full mix needs every resource');
});

await test('scenario file: the bench profiles (reads, updates, creates) need customers only', () => {
  for (const name of ['reads', 'updates', 'creates']) {
    const needed = lib.resourcesFor(lib.mixOf(definition.profiles[name]));
    assert.ok(needed.every((r) => r === 'customer'), `${name} needs ${needed}`);
  }
});

await test('scenario file: every profile has valid scenarios, a non-empty mix and well-formed thresholds', () => {
  for (const [name, profile] of Object.entries(definition.profiles)) {
    assert.ok(lib.mixOf(profile).length > 0, name);
    const scenarioNames = profile.scenarios.map((s) => s.name);
    for (const sc of profile.scenarios) {
      assert.match(sc.name, /^[0-9A-Za-z-]+$/, `${name}: scenario name`);
      assert.ok(lib.plannedSeconds(sc) >= 0 && lib.peakVus(sc) > 0, `${name}/${sc.name}`);
      if (sc.thinkTime) assert.ok(lib.seconds(sc.thinkTime.min) <= lib.seconds(sc.thinkTime.max), `${name}/${sc.name}: think time`);
      if (sc.model === 'open' && sc.rates) {
        assert.deepEqual([...sc.rates].sort((a, b) => a - b), sc.rates, `${name}/${sc.name}: rates ascend`);
        assert.ok(sc.held && sc.held.stat, `${name}/${sc.name}: held`);
      }
    }
    for (const t of profile.thresholds) {
      assert.ok(['old', 'ours'].includes(t.set), `${name}: threshold set`);
      assert.ok(t.level === undefined || ['gate', 'stretch'].includes(t.level), `${name}: threshold level`);
      assert.ok(!t.scenario || scenarioNames.includes(t.scenario), `${name}: threshold scenario ${t.scenario}`);
      lib.k6Threshold(t);
    }
  }
});

await test('thresholds: each load profile gates on service-level objectives and states its stretch goals apart', () => {
  for (const name of ['smoke', 'load', 'stress']) {
    const levels = definition.profiles[name].thresholds.map((t) => t.level || 'gate');
    assert.ok(levels.includes('gate'), `${name}: no gate`);
    assert.ok(levels.includes('stretch'), `${name}: no stretch goal`);
  }
  assert.throws(() => lib.isGate({ set: 'ours', level: 'hope', stat: 'p95', op: '<', value: 1 }));
});

await test('thresholds: a stretch goal is no k6 threshold, and a missed one is reported while the run passes', async () => {
  const { options, handleSummary } = await import('./load.js');
  const stretch = definition.profiles.load.thresholds.filter((t) => t.level === 'stretch');
  for (const t of stretch) {
    const [key, expression] = lib.k6Threshold(t);
    assert.ok(!thresholdsOf(options, key).includes(expression), `stretch ${expression} is a k6 threshold`);
    assert.ok(thresholdsOf(options, key).length > 0, `${key} is kept for the summary`);
  }
  for (const t of definition.profiles.load.thresholds.filter((x) => (x.level || 'gate') === 'gate')) {
    const [key, expression] = lib.k6Threshold(t);
    assert.ok(thresholdsOf(options, key).includes(expression), `gate ${expression} is a k6 threshold`);
  }
  // Every k6 threshold held; the fake run's rate (100 requests over minutes) misses the stretch throughput.
  const out = handleSummary(fakeSummaryData(options, { startedAt: '2025-01-01T00:00:00Z' }));
  const summary = JSON.parse(out['out/summary.json']);
  const missed = summary.thresholds.filter((t) => t.level === 'stretch' && !t.passed);
  assert.ok(missed.some((t) => t.stat === 'rps'), 'the stretch rps goal is missed');
  assert.equal(summary.passed, true);
  assert.match(out.stdout, /miss stretch \[ours\] capacity rps >= /);
  assert.match(out.stdout, /all gates passed; stretch goals met: \d+ of \d+/);
});

await test('durations: k6 forms parse to seconds', () => {
  assert.equal(lib.seconds('30s'), 30);
  assert.equal(lib.seconds('2m'), 120);
  assert.equal(lib.seconds('1m30s'), 90);
  assert.equal(lib.seconds('500ms'), 0.5);
  assert.throws(() => lib.seconds('soon'));
});

// ---------------------------------------------------------------------------------------------------------------
// The scripts

function checkOptions(options) {
  assert.ok(Object.keys(options.scenarios).length > 0, 'no scenarios');
  for (const [name, sc] of Object.entries(options.scenarios)) {
    assert.match(name, /^[0-9A-Za-z_-]+$/, `scenario name ${name}`);
    const required = EXECUTORS[sc.executor];
    assert.ok(required, `${name}: executor ${sc.executor}`);
    for (const key of required) assert.ok(sc[key] !== undefined, `${name}: ${key}`);
    assert.match(sc.startTime, /^\d+(\.\d+)?s$/, `${name}: startTime`);
    for (const st of sc.stages || []) assert.ok(lib.seconds(st.duration) > 0 && st.target >= 0, `${name}: stage`);
  }
  for (const [key, expressions] of Object.entries(options.thresholds)) {
    assert.match(key, THRESHOLD_KEY, 'threshold key');
    for (const expr of expressions) assert.match(expr, THRESHOLD_EXPR, `${key}: ${expr}`);
  }
}

function thresholdsOf(options, key) {
  return options.thresholds[key] || [];
}

const scripts = {
  smoke: (o) => {
    assert.deepEqual(Object.keys(o.scenarios), ['smoke']);
    assert.equal(o.scenarios.smoke.vus, 1);
    assert.equal(o.scenarios.smoke.iterations, 1);
    assert.ok(thresholdsOf(o, 'http_req_duration{phase:mix}').includes('p(95)<=1000'), 'gate');
    assert.ok(!thresholdsOf(o, 'http_req_duration{phase:mix}').includes('p(95)<200'), 'the old p95 is a stretch goal');
    assert.ok(thresholdsOf(o, 'http_req_failed{phase:mix}').includes('rate<=0'));
  },
  load: (o) => {
    const cap = o.scenarios.capacity;
    assert.equal(cap.executor, 'ramping-vus');
    assert.equal(cap.stages[0].target, 10);
    assert.equal(Math.max(...cap.stages.map((s) => s.target)), 50);
    assert.ok(o.scenarios.think, 'the old think-time shape is kept');
    assert.ok(lib.seconds(o.scenarios.think.startTime) > lib.seconds(cap.startTime), 'think runs after capacity');
    assert.ok(thresholdsOf(o, 'http_req_duration{scenario:think}').includes('p(95)<500'), 'old limit, on the old shape');
    assert.ok(thresholdsOf(o, 'http_req_duration{scenario:capacity}').includes('p(95)<=1500'), 'our gate');
    assert.ok(!thresholdsOf(o, 'http_req_duration{scenario:capacity}').includes('p(95)<=25'), 'our stretch goal');
  },
  stress: (o) => {
    assert.equal(Math.max(...o.scenarios.ramp.stages.map((s) => s.target)), 200);
    assert.equal(o.scenarios.ramp.stages[0].target, 50);
    const steps = Object.entries(o.scenarios).filter(([, s]) => s.executor === 'constant-arrival-rate');
    assert.ok(steps.length >= 3, 'an arrival-rate search with steps');
    const starts = steps.map(([, s]) => lib.seconds(s.startTime));
    assert.deepEqual([...starts].sort((a, b) => a - b), starts, 'steps run one after another');
    assert.ok(thresholdsOf(o, 'http_req_duration{scenario:ramp}').includes('p(99)<=8000'), 'our gate');
    assert.ok(!thresholdsOf(o, 'http_req_duration{scenario:ramp}').includes('p(99)<=250'), 'our stretch goal');
    assert.ok(thresholdsOf(o, 'http_req_failed{scenario:think}').includes('rate<0.1'), 'old limit, on the old shape');
  },
};

function fakeSummaryData(options, setupData) {
  const metrics = {};
  for (const [key, expressions] of Object.entries(options.thresholds)) {
    const thresholds = Object.fromEntries(expressions.map((e) => [e, { ok: true }]));
    if (key.startsWith('http_req_duration')) {
      metrics[key] = { values: { avg: 2, med: 1.5, 'p(90)': 3, 'p(95)': 4, 'p(99)': 8, max: 20 }, thresholds };
    } else if (key.startsWith('http_req_failed')) {
      metrics[key] = { values: { rate: 0, passes: 0, fails: 100 }, thresholds };
    } else {
      metrics[key] = { values: { count: 100, rate: 10 }, thresholds };
    }
  }
  return { metrics, state: { testRunDurationMs: 60000 }, setup_data: setupData };
}

for (const [name, expectations] of Object.entries(scripts)) {
  const script = await import(`./${name}.js`);

  await test(`${name}.js: exports options, setup, default, teardown and handleSummary`, () => {
    for (const fn of ['setup', 'default', 'teardown', 'handleSummary']) assert.equal(typeof script[fn], 'function', fn);
    checkOptions(script.options);
    expectations(script.options);
  });

  await test(`${name}.js: a dry run sends the mix round-robin, fully rendered, and cleans up`, () => {
    const stub = globalThis.k6stub;
    stub.answer = fakeServer();
    stub.requests = [];
    stub.sleeps = [];
    stub.scenario = 'setup';
    const data = script.setup();
    assert.equal(tokenRequests(stub.requests).length, 1, 'setup gets one token');
    stub.requests = apiRequests(stub.requests);
    const created = stub.requests.length;
    assert.ok(created > 0, 'setup created data');
    assert.ok(stub.requests.every((r) => r.method === 'POST' && r.params.tags.phase === 'setup'), 'setup only creates');
    const setupOrder = [...new Set(stub.requests.map((r) => r.params.tags.endpoint.replace(/\.setup$/, '')))];
    assert.deepEqual(setupOrder, lib.resourcesFor(lib.mixOf(definition.profiles[name])), 'setup creates by dependency');
    const scenarioNames = Object.keys(script.options.scenarios);
    // The smoke sends every endpoint in one iteration; a weighted mix needs enough that an endpoint of weight 1 in
    // 200 is all but sure to be sent.
    const once = Object.values(script.options.scenarios).every((sc) => sc.executor === 'shared-iterations');
    for (let i = 0; i < (once ? 1 : 4000); i++) {
      stub.vu = 1 + (i % 3);
      stub.scenario = scenarioNames[i % scenarioNames.length];
      script.default(data);
    }
    const mix = stub.requests.slice(created);
    for (const r of mix) {
      assert.ok(!r.url.includes('{{') && !String(r.body).includes('{{'), `unrendered: ${r.url} ${r.body}`);
      assert.equal(r.params.tags.phase, 'mix');
    }
    const silos = new Set(mix.map((r) => new URL(r.url).origin));
    assert.deepEqual([...silos].sort(), BASE_URLS, 'both silos get traffic');
    const expected = lib.mixOf(definition.profiles[name]).map((e) => e.name).sort();
    assert.deepEqual([...new Set(mix.map((r) => r.params.tags.endpoint))].sort(), expected, 'every endpoint of the mix');
    for (const r of mix.filter((r) => r.params.headers['If-Match'])) assert.match(r.params.headers['If-Match'], /^"\d+"$/);
    for (const r of mix) assert.ok(r.response.status < 400, `${r.params.tags.endpoint} answered ${r.response.status}`);
    const mixCreated = mix.filter((r) => r.method === 'POST').length;
    stub.scenario = 'teardown';
    const before = stub.requests.length;
    script.teardown(data);
    const teardown = stub.requests.slice(before);
    const unauthorized = stub.requests.filter((r) => !/^Bearer tok\d+$/.test((r.params.headers || {}).Authorization || ''));
    assert.deepEqual(unauthorized.map((r) => `${r.method} ${r.url}`), [], 'every request of setup, the mix and teardown carries the token');
    assert.equal(tokenRequests(stub.requests).length, 0, 'no token request while the token is young');
    const removals = teardown.filter((r) => r.method !== 'GET');
    for (const r of removals) assert.ok(r.response.status < 400, `teardown: ${r.method} ${r.url} answered ${r.response.status}`);
    assert.equal(removals.length, created + mixCreated, 'teardown deletes (or closes) what setup and the mix created');
    const lastRemoval = (resource) => removals.map((r) => r.params.tags.endpoint).lastIndexOf(`${resource}.teardown`);
    const firstRemoval = (resource) => removals.map((r) => r.params.tags.endpoint).indexOf(`${resource}.teardown`);
    for (const resource of Object.keys(definition.resources)) {
      for (const dep of lib.dependencies(resource)) {
        if (lastRemoval(resource) >= 0 && firstRemoval(dep) >= 0) {
          assert.ok(lastRemoval(resource) < firstRemoval(dep), `teardown removes ${resource} before ${dep}`);
        }
      }
    }
    const store = stub.answer.store;
    const open = (records) => [...(records || new Map()).values()].filter((r) => !['CANCELLED', 'FAILED'].includes(r.paymentStatus || r.status));
    for (const [collection, records] of Object.entries(store)) assert.deepEqual(open(records), [], `${collection} left open`);
  });

  await test(`${name}.js: handleSummary writes the shared summary shape and a text table`, () => {
    const out = script.handleSummary(fakeSummaryData(script.options, { startedAt: '2025-01-01T00:00:00Z' }));
    assert.equal(typeof out.stdout, 'string');
    const summary = JSON.parse(out['out/summary.json']);
    assert.equal(summary.schema, 'bss-perf-summary/1');
    assert.equal(summary.profile, name);
    assert.deepEqual(summary.targets, BASE_URLS);
    for (const key of ['requests', 'failed', 'errorRate', 'rps', 'latencyMs']) assert.ok(key in summary.total, key);
    for (const key of ['avg', 'p50', 'p90', 'p95', 'p99', 'max']) assert.equal(typeof summary.total.latencyMs[key], 'number', key);
    assert.ok(Object.keys(summary.scenarios).length > 0);
    assert.ok(summary.thresholds.some((t) => t.set === 'ours'));
    assert.equal(typeof summary.passed, 'boolean');
    if (name === 'stress') assert.ok(summary.rateSearch && summary.rateSearch.steps.length > 0, 'rate search');
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Tokens

/** A dry setup of the smoke (small), the fake clock reset, with extra environment for the token settings. */
async function freshSetup(env = {}) {
  globalThis.__ENV = { ...ENV, ...env };
  const stub = globalThis.k6stub;
  stub.answer = fakeServer();
  stub.requests = [];
  stub.scenario = 'setup';
  const script = await import('./smoke.js');
  return { script, stub, data: script.setup() };
}

await test('tokens: setup asks by client credentials at the token endpoint the discovery document names', async () => {
  const { stub } = await freshSetup();
  const [discovery, token] = stub.requests.filter((r) => r.url.startsWith(ISSUER));
  assert.equal(discovery.url, `${ISSUER}/.well-known/openid-configuration`);
  assert.equal(token.url, TOKEN_ENDPOINT);
  assert.deepEqual(token.body, { grant_type: 'client_credentials', client_id: CLIENT.id, client_secret: CLIENT.secret });
  assert.equal(token.params.tags.phase, 'auth', 'token requests stay out of the mix metrics');
});

await test('tokens: USERNAME and PASSWORD choose the password grant; a USERNAME alone does not', async () => {
  const { stub } = await freshSetup({ USERNAME: 'operator', PASSWORD: 'operator' });
  assert.equal(tokenRequests(stub.requests)[0].body.grant_type, 'password');
  assert.equal(tokenRequests(stub.requests)[0].body.username, 'operator');
  const alone = await freshSetup({ USERNAME: 'someone' });
  assert.equal(tokenRequests(alone.stub.requests)[0].body.grant_type, 'client_credentials');
});

await test('tokens: a VU renews its token within 60 s of expiry, not before, and goes on with the new one', async () => {
  const { script, stub, data } = await freshSetup();
  const t0 = stub.now;
  stub.scenario = 'smoke';
  stub.requests = [];
  stub.now = t0 + ((TOKEN_SECONDS - 61) * 1000);
  script.default(data);
  assert.equal(tokenRequests(stub.requests).length, 0, 'at 239 s the token is still used');
  stub.now = t0 + ((TOKEN_SECONDS - 59) * 1000);
  script.default(data);
  stub.now = t0 + ((TOKEN_SECONDS + 30) * 1000);
  script.default(data);
  assert.equal(tokenRequests(stub.requests).length, 1, 'one renewal at 241 s, and the renewed token lasts past 330 s');
  for (const r of apiRequests(stub.requests)) assert.ok(r.response.status < 400, `${r.method} ${r.url} answered ${r.response.status}`);
  stub.scenario = 'teardown';
  script.teardown(data);
  stub.now = t0;
});

await test('tokens: without an issuer, or refused, setup fails with one line that says why', async () => {
  await assert.rejects(() => freshSetup({ ISSUER: '' }), /no token issuer: set ISSUER/);
  await assert.rejects(() => freshSetup({ CLIENT_SECRET: 'wrong' }),
    (e) => /^the issuer http:\/\/127\.0\.0\.1:18090\/realms\/bss refused a client credentials token to client 'bss-backend': 401/.test(e.message) && !e.message.includes('\n'));
  await assert.rejects(() => freshSetup({ USERNAME: 'operator', PASSWORD: 'nope' }), /refused a token for user 'operator'/);
  globalThis.__ENV = { ...ENV };
});

await test('the status change swaps ACTIVE and SUSPENDED on the VU\'s own customer', () => {
  const ctx = { tag: 't', vu: 1, vars: {}, own: { customer: { status: 'ACTIVE' } }, pick: () => ({}) };
  assert.equal(lib.renderString('{{own.customer.status|swap:ACTIVE:SUSPENDED}}', ctx), 'SUSPENDED');
  ctx.own.customer.status = 'SUSPENDED';
  assert.equal(lib.renderString('{{own.customer.status|swap:ACTIVE:SUSPENDED}}', ctx), 'ACTIVE');
});

await test('one request uses one shared record for all its {{resource.field}} placeholders', () => {
  let picks = 0;
  const ctx = { tag: 't', vu: 1, vars: {}, own: {}, pick: () => ({ id: `id${++picks}`, lastName: `n${picks}` }) };
  assert.equal(lib.renderString('/{{customer.id}}/{{customer.lastName}}', ctx), '/id1/n1');
  const syllables = new Set(definition.surnameSyllables);
  const name = lib.renderString('{{surname}}', ctx);
  assert.ok([...syllables].some((a) => [...syllables].some((b) => [...syllables].some((c) => name.toLowerCase() === a + b + c)))
    && name[0] === name[0].toUpperCase(), `{{surname}} gave '${name}'`);
});

const failed = results.filter((r) => !r.ok).length;
console.log(`${results.length - failed} passed, ${failed} failed`);
process.exitCode = failed ? 1 : 0;
