// The shared k6 module: turns one profile of perf/scenarios/bss.json into k6 options, a setup() that creates the
// run's data, a default function that sends the weighted mix round-robin across BASE_URLS, a teardown() that
// deletes the data, and a handleSummary() that writes the summary shape perf/Bss.LoadRunner writes too.
//
// Environment: BASE_URLS (comma-separated, default the two dev/run silos), SCENARIO_FILE (another data file),
// SCENARIOS (comma-separated subset of the profile's scenarios), SUMMARY_FILE (where the JSON summary goes), and
// the token settings of lib/auth.js (ISSUER, CLIENT_ID, CLIENT_SECRET, or USERNAME + PASSWORD): every request of
// setup, the mix and teardown carries `Authorization: Bearer …`, the token obtained as a client does.
import http from 'k6/http';
import { sleep } from 'k6';
import exec from 'k6/execution';
import { adoptToken, bearer, currentToken, firstToken } from './auth.js';

const DEFAULT_BASE_URLS = 'http://127.0.0.1:8080,http://127.0.0.1:8081';
// Sequential scenarios start this long after the previous one's planned end, so their stragglers never overlap.
const GAP_SECONDS = 5;
const MAX_CLEANUP_PAGES = 2000;
const SUMMARY_SCHEMA = 'bss-perf-summary/1';

// open() in an imported module is not resolved relative to that module in every k6 version: resolve it explicitly.
function scenarioFile() {
  if (__ENV.SCENARIO_FILE) return __ENV.SCENARIO_FILE;
  return typeof import.meta.resolve === 'function'
    ? import.meta.resolve('../../scenarios/bss.json')
    : '../scenarios/bss.json';
}

export const definition = JSON.parse(open(scenarioFile()));

export const baseUrls = (__ENV.BASE_URLS || DEFAULT_BASE_URLS)
  .split(',')
  .map((u) => u.trim().replace(/\/+$/, ''))
  .filter((u) => u.length > 0);

// ---------------------------------------------------------------------------------------------------------------
// Durations and scenarios

export function seconds(text) {
  const match = /^(?:(\d+)h)?(?:(\d+)m(?!s))?(?:(\d+(?:\.\d+)?)s)?(?:(\d+)ms)?$/.exec(String(text).trim());
  if (!match || String(text).trim() === '') throw new Error(`not a duration: '${text}' (e.g. 30s, 2m, 1m30s, 500ms)`);
  const [, h, m, s, ms] = match;
  return (Number(h || 0) * 3600) + (Number(m || 0) * 60) + Number(s || 0) + (Number(ms || 0) / 1000);
}

/** Planned length of a scenario in seconds, without graceful stop. */
export function plannedSeconds(scenario) {
  switch (scenario.model) {
    case 'once': return 0;
    case 'closed':
      return scenario.stages ? scenario.stages.reduce((sum, st) => sum + seconds(st.duration), 0) : seconds(scenario.duration);
    case 'open':
      return scenario.rates ? scenario.rates.length * seconds(scenario.stepDuration) : seconds(scenario.duration);
    default: throw new Error(`scenario '${scenario.name}': unknown model '${scenario.model}'`);
  }
}

/** The most VUs a scenario can hold at once (k6 needs that many VUs, and each owns its own records). */
export function peakVus(scenario) {
  switch (scenario.model) {
    case 'once': return 1;
    case 'closed': return scenario.stages ? Math.max(...scenario.stages.map((st) => st.target)) : scenario.vus;
    case 'open': return scenario.maxVus;
    default: return 0;
  }
}

export function selectedScenarios(profile) {
  const wanted = (__ENV.SCENARIOS || '').split(',').map((s) => s.trim()).filter(Boolean);
  const chosen = wanted.length ? profile.scenarios.filter((s) => wanted.includes(s.name)) : profile.scenarios;
  if (chosen.length === 0) throw new Error(`SCENARIOS=${__ENV.SCENARIOS} matches none of ${profile.scenarios.map((s) => s.name)}`);
  return chosen;
}

// One k6 scenario per step of an open-model search, so each step has its own tagged latencies.
function stepName(scenario, rate) { return `${scenario.name}_${rate}`; }

function k6Scenarios(scenarios) {
  const result = {};
  let start = 0;
  for (const sc of scenarios) {
    const common = { startTime: `${start}s`, gracefulStop: `${GAP_SECONDS}s`, tags: { phase: 'mix' } };
    if (sc.model === 'once') {
      result[sc.name] = { ...common, executor: 'shared-iterations', vus: 1, iterations: 1, maxDuration: '2m' };
    } else if (sc.model === 'closed' && sc.stages) {
      result[sc.name] = { ...common, executor: 'ramping-vus', startVUs: 0, stages: sc.stages, gracefulRampDown: `${GAP_SECONDS}s` };
    } else if (sc.model === 'closed') {
      result[sc.name] = { ...common, executor: 'constant-vus', vus: sc.vus, duration: sc.duration };
    } else if (sc.model === 'open' && sc.rates) {
      let stepStart = start;
      for (const rate of sc.rates) {
        result[stepName(sc, rate)] = {
          ...common, startTime: `${stepStart}s`, executor: 'constant-arrival-rate', rate, timeUnit: '1s',
          duration: sc.stepDuration, preAllocatedVUs: sc.preAllocatedVus, maxVUs: sc.maxVus,
        };
        stepStart += seconds(sc.stepDuration) + GAP_SECONDS;
      }
    } else {
      result[sc.name] = {
        ...common, executor: 'constant-arrival-rate', rate: sc.rate, timeUnit: '1s', duration: sc.duration,
        preAllocatedVUs: sc.preAllocatedVus, maxVUs: sc.maxVus,
      };
    }
    start += plannedSeconds(sc) + GAP_SECONDS * (sc.rates ? sc.rates.length : 1);
  }
  return result;
}

// ---------------------------------------------------------------------------------------------------------------
// Thresholds: the profile's gates (level "gate", the default: old system's and ours) become real k6 thresholds, so a
// miss fails the run; stretch goals (level "stretch") do not, and handleSummary reports them beside the gates.
// Always-true thresholds make k6 keep the sub-metrics a stretch goal, a scenario or an endpoint is reported from.

const LATENCY_STATS = { avg: 'avg', p50: 'med', p90: 'p(90)', p95: 'p(95)', p99: 'p(99)', max: 'max' };

function selector(scenario, endpoint) {
  const parts = [];
  parts.push(scenario ? `scenario:${scenario}` : 'phase:mix');
  if (endpoint) parts.push(`endpoint:${endpoint}`);
  return `{${parts.join(',')}}`;
}

export function k6Threshold(t) {
  const op = t.op === '<=' || t.op === '>=' || t.op === '<' || t.op === '>' ? t.op : null;
  if (!op) throw new Error(`threshold ${JSON.stringify(t)}: op must be <, <=, > or >=`);
  const sel = selector(t.scenario, t.endpoint);
  if (t.stat in LATENCY_STATS) return [`http_req_duration${sel}`, `${LATENCY_STATS[t.stat]}${op}${t.value}`];
  if (t.stat === 'errorRate') return [`http_req_failed${sel}`, `rate${op}${t.value}`];
  // k6 divides by the whole test's duration: exact only when the scenario runs alone (SCENARIOS=<it>).
  if (t.stat === 'rps') return [`http_reqs${sel}`, `rate${op}${t.value}`];
  throw new Error(`threshold ${JSON.stringify(t)}: unknown stat '${t.stat}'`);
}

/** Whether a threshold gates the run (a miss fails it) rather than states a stretch goal. */
export function isGate(t) {
  const level = t.level === undefined ? 'gate' : t.level;
  if (level !== 'gate' && level !== 'stretch') throw new Error(`threshold ${JSON.stringify(t)}: level must be gate or stretch`);
  return level === 'gate';
}

const ALWAYS_TRUE = { http_req_duration: 'max>=0', http_req_failed: 'rate>=0', http_reqs: 'count>=0' };

function addThreshold(map, key, expression) {
  (map[key] = map[key] || []).includes(expression) || map[key].push(expression);
}

function k6Thresholds(profile, scenarios, mix) {
  const names = new Set(scenarios.map((s) => s.name));
  const result = {};
  for (const t of profile.thresholds || []) {
    if (t.scenario && !names.has(t.scenario)) continue;
    const [key, expression] = k6Threshold(t);
    addThreshold(result, key, isGate(t) ? expression : ALWAYS_TRUE[key.split('{')[0]]);
  }
  const keep = (sel) => {
    addThreshold(result, `http_req_duration${sel}`, 'max>=0');
    addThreshold(result, `http_req_failed${sel}`, 'rate>=0');
    addThreshold(result, `http_reqs${sel}`, 'count>=0');
  };
  keep('{phase:mix}');
  for (const name of Object.keys(k6Scenarios(scenarios))) {
    keep(`{scenario:${name}}`);
    for (const e of mix) keep(`{scenario:${name},endpoint:${e.name}}`);
  }
  return result;
}

// ---------------------------------------------------------------------------------------------------------------
// The mix

export function profileNamed(name) {
  const profile = definition.profiles[name];
  if (!profile) throw new Error(`profile '${name}' is not in the scenario file (${Object.keys(definition.profiles)})`);
  return profile;
}

/** The endpoints a profile sends, with the profile's weights when it overrides them. */
export function mixOf(profile) {
  const mix = definition.endpoints
    .map((e) => ({ ...e, weight: profile.mix ? (profile.mix[e.name] || 0) : e.weight }))
    .filter((e) => e.weight > 0);
  if (profile.mix) {
    for (const name of Object.keys(profile.mix)) {
      if (!definition.endpoints.some((e) => e.name === name)) throw new Error(`mix names unknown endpoint '${name}'`);
    }
  }
  if (mix.length === 0) throw new Error('the mix is empty');
  return mix;
}

function pickWeighted(mix) {
  const total = mix.reduce((sum, e) => sum + e.weight, 0);
  let r = Math.random() * total;
  for (const e of mix) {
    r -= e.weight;
    if (r < 0) return e;
  }
  return mix[mix.length - 1];
}

/** Resources whose records each VU must own (an endpoint of the mix says {{own.<resource>.…}}). */
export function ownedResources(mix) {
  const found = new Set();
  for (const e of mix) {
    for (const m of JSON.stringify(e).matchAll(/\{\{\s*own\.([A-Za-z0-9_]+)\./g)) found.add(m[1]);
  }
  return [...found];
}

/** The placeholders of a template (any JSON value): "customer.id", "own.customer.version", "uuid", … */
export function placeholders(value) {
  return [...JSON.stringify(value).matchAll(/\{\{\s*([^}|\s]+)/g)].map((m) => m[1]);
}

/** The resource a placeholder reads a record of ("customer.id", "own.customer.version"), or null ({{uuid}}, {{id}}). */
export function resourceOf(placeholder) {
  const parts = placeholder.split('.');
  if (parts.length < 2) return null;
  if (parts[0] === 'own') return parts.length > 2 ? parts[1] : null;
  return parts[0];
}

/** The resources whose shared records a resource's create template names (created before it). */
export function dependencies(name) {
  const names = placeholders(definition.resources[name].create).map(resourceOf).filter((r) => r !== null);
  return [...new Set(names)];
}

/**
 * Every resource, each after the resources its create template names, else in file order (the runner's
 * ScenarioFile.CreationOrder). Teardown walks it backwards: a subscription is closed before its customer is deleted.
 */
export function creationOrder() {
  const names = Object.keys(definition.resources);
  for (const name of names) {
    for (const dep of dependencies(name)) {
      if (!names.includes(dep)) throw new Error(`resource '${name}' names unknown resource '${dep}' in its create template`);
    }
  }
  const order = [];
  while (order.length < names.length) {
    const next = names.find((n) => !order.includes(n) && dependencies(n).every((d) => order.includes(d)));
    if (!next) throw new Error(`the create templates of ${names.filter((n) => !order.includes(n))} name each other in a cycle`);
    order.push(next);
  }
  return order;
}

/** The resources setup creates for a mix, in creation order: those it names and those their creates name in turn. */
export function resourcesFor(mix) {
  const needed = new Set(mix.flatMap((e) => placeholders(e).map(resourceOf)).filter((r) => r !== null));
  const pending = [...needed];
  while (pending.length > 0) {
    const name = pending.pop();
    for (const dep of definition.resources[name] ? dependencies(name) : []) {
      if (!needed.has(dep)) {
        needed.add(dep);
        pending.push(dep);
      }
    }
  }
  return creationOrder().filter((n) => needed.has(n));
}

// ---------------------------------------------------------------------------------------------------------------
// Templates

function uuid() {
  const hex = [];
  for (let i = 0; i < 32; i++) hex.push(Math.floor(Math.random() * 16).toString(16));
  hex[12] = '4';
  hex[16] = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  const h = hex.join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

let uniqueCounter = 0;

/** {{surname}}: three random syllables of the scenario file, capitalised (the runner's DataPools.NextSurname). */
function surname() {
  const syllables = definition.surnameSyllables;
  if (!syllables || syllables.length < 2) throw new Error('{{surname}} needs surnameSyllables in the scenario file');
  const name = [0, 1, 2].map(() => syllables[Math.floor(Math.random() * syllables.length)]).join('');
  return name[0].toUpperCase() + name.slice(1);
}

function applyFilter(value, filter) {
  const [name, ...args] = filter.split(':');
  if (name === 'swap') return String(value) === args[0] ? args[1] : args[0];
  throw new Error(`unknown template filter '${name}'`);
}

/** Renders {{…}} in a string; ctx has tag, vars, own (resource → record) and pick(resource) → record. */
export function renderString(text, ctx) {
  const picked = {};
  return text.replace(/\{\{\s*([^}|\s]+)\s*(?:\|\s*([^}]*?)\s*)?\}\}/g, (_, expr, filter) => {
    let value;
    const parts = expr.split('.');
    if (expr === 'uuid') value = uuid();
    else if (expr === 'unique') value = `${ctx.vu}n${++uniqueCounter}`;
    else if (expr === 'tag') value = ctx.tag;
    else if (expr === 'surname') value = surname();
    else if (parts[0] === 'own') value = field(ctx.own[parts[1]], parts.slice(2), expr);
    else if (parts.length === 1) value = ctx.vars[expr];
    else value = field(picked[parts[0]] || (picked[parts[0]] = ctx.pick(parts[0])), parts.slice(1), expr);
    if (value === undefined || value === null) throw new Error(`template {{${expr}}} has no value`);
    return filter ? applyFilter(value, filter) : String(value);
  });
}

function field(record, path, expr) {
  if (!record) throw new Error(`template {{${expr}}}: no record`);
  return path.reduce((v, p) => (v === undefined || v === null ? v : v[p]), record);
}

export function renderValue(value, ctx) {
  if (typeof value === 'string') return renderString(value, ctx);
  if (Array.isArray(value)) return value.map((v) => renderValue(v, ctx));
  if (value && typeof value === 'object') {
    const out = {};
    for (const [k, v] of Object.entries(value)) out[k] = renderValue(v, ctx);
    return out;
  }
  return value;
}

// ---------------------------------------------------------------------------------------------------------------
// Requests

let roundRobin = 0;

function nextBaseUrl() {
  roundRobin = (roundRobin + 1) % baseUrls.length;
  return baseUrls[roundRobin];
}

/** Sends one rendered request; `tags` name it in the metrics. Returns the k6 response. */
function send(template, ctx, tags) {
  const url = nextBaseUrl() + renderString(template.path, ctx);
  const headers = { Accept: 'application/json', Authorization: bearer() };
  for (const [k, v] of Object.entries(template.headers || {})) headers[k] = renderString(v, ctx);
  let body = null;
  if (template.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(renderValue(template.body, ctx));
  }
  return http.request(template.method, url, body, {
    headers,
    tags: { name: tags.endpoint, ...tags },
    responseCallback: http.expectedStatuses(...(template.expect || [200])),
  });
}

function expectOk(response, template, what) {
  if (!(template.expect || [200]).includes(response.status)) {
    throw new Error(`${what}: ${template.method} answered ${response.status}: ${String(response.body).slice(0, 300)}`);
  }
}

function pickFrom(pools, resource) {
  const pool = pools[resource];
  if (!pool || pool.length === 0) throw new Error(`no shared ${resource} records`);
  return pool[Math.floor(Math.random() * pool.length)];
}

/** Setup and teardown render with the pools made so far: a subscription's create names a customer created before it. */
function setupContext(tag, vars, pools) {
  return { tag, vu: 's', vars: vars || {}, own: {}, pick: (resource) => pickFrom(pools || {}, resource) };
}

// ---------------------------------------------------------------------------------------------------------------
// The test's life: setup, one iteration, teardown

/** Everything a script exports for one profile of the scenario file. */
export function profileTest(profileName) {
  const profile = profileNamed(profileName);
  const scenarios = selectedScenarios(profile);
  const mix = mixOf(profile);
  const owned = ownedResources(mix);
  const byName = Object.fromEntries(scenarios.map((s) => [s.name, s]));
  const vus = Math.max(...scenarios.map(peakVus));

  const options = {
    scenarios: k6Scenarios(scenarios),
    thresholds: k6Thresholds(profile, scenarios, mix),
    summaryTrendStats: ['avg', 'min', 'med', 'p(90)', 'p(95)', 'p(99)', 'max', 'count'],
    setupTimeout: '5m',
    teardownTimeout: '10m',
    discardResponseBodies: false,
  };

  function setup() {
    if (baseUrls.length === 0) throw new Error('BASE_URLS is empty');
    firstToken();
    const tag = uuid().replace(/-/g, '').slice(0, 8);
    const pools = {};
    const own = {};
    for (const name of resourcesFor(mix)) {
      const resource = definition.resources[name];
      const count = (resource.shared || 0) + (owned.includes(name) ? (resource.ownedPerVu || 1) * vus : 0);
      const created = [];
      for (let i = 0; i < count; i++) {
        const res = send(resource.create, setupContext(tag, {}, pools), { endpoint: `${name}.setup`, phase: 'setup' });
        expectOk(res, resource.create, `setup: creating ${name}`);
        created.push(res.json());
      }
      pools[name] = created.slice(0, resource.shared || 0);
      own[name] = created.slice(resource.shared || 0);
    }
    // The token as it is after the creates (renewed if they took long): the VUs start with it.
    return { tag, pools, own, startedAt: new Date().toISOString(), token: currentToken() };
  }

  // This VU's own records (module state is per VU in k6), taken from setup's by the VU's number.
  const mine = {};

  function ownRecords(data) {
    for (const name of owned) {
      if (!mine[name]) {
        const list = data.own[name];
        mine[name] = list[(exec.vu.idInTest - 1) % list.length];
      }
    }
    return mine;
  }

  function iterate(data, endpoint) {
    adoptToken(data.token);
    const ctx = {
      tag: data.tag,
      vu: exec.vu.idInTest,
      vars: {},
      own: ownRecords(data),
      pick: (resource) => pickFrom(data.pools, resource),
    };
    const res = send(endpoint, ctx, { endpoint: endpoint.name, phase: 'mix' });
    if (endpoint.refresh && (endpoint.expect || [200]).includes(res.status)) {
      mine[endpoint.refresh.split('.')[1]] = res.json();
    }
  }

  function run(data) {
    const scenario = byName[exec.scenario.name] || byName[exec.scenario.name.replace(/_\d+$/, '')];
    if (scenario && scenario.model === 'once') {
      for (const endpoint of mix) iterate(data, endpoint);
      return;
    }
    iterate(data, pickWeighted(mix));
    if (scenario && scenario.thinkTime) {
      const min = seconds(scenario.thinkTime.min);
      const max = seconds(scenario.thinkTime.max);
      sleep(min + (Math.random() * (max - min)));
    }
  }

  // In reverse creation order: what names a customer is deleted (or closed) before the customer.
  function teardown(data) {
    adoptToken(data.token);
    for (const name of [...creationOrder()].reverse()) {
      const resource = definition.resources[name];
      const records = [...(data.pools[name] || []), ...(data.own[name] || [])];
      for (const record of records) remove(name, resource, data.tag, record);
      if (resource.cleanupSearch) cleanupBySearch(name, resource, data.tag);
    }
  }

  function remove(name, resource, tag, record) {
    // The version read with the record: closing an invoice or payment must name it (If-Match).
    const vars = { id: record.id, version: record.version === undefined ? '' : String(record.version) };
    const res = send(resource.delete, setupContext(tag, vars), { endpoint: `${name}.teardown`, phase: 'teardown' });
    return (resource.delete.expect || [200]).includes(res.status);
  }

  // Records the mix created are found by this run's tag and deleted (or closed), a page at a time; a page of which
  // nothing could be removed would only be found again, so it ends the search.
  function cleanupBySearch(name, resource, tag) {
    for (let page = 0; page < MAX_CLEANUP_PAGES; page++) {
      const res = http.get(nextBaseUrl() + renderString(resource.cleanupSearch, setupContext(tag)), {
        headers: { Accept: 'application/json', Authorization: bearer() },
        tags: { endpoint: `${name}.teardown`, phase: 'teardown' },
      });
      const content = res.status === 200 ? res.json().content : [];
      if (!content || content.length === 0) return;
      const removed = content.filter((record) => remove(name, resource, tag, record)).length;
      if (removed === 0) return;
    }
  }

  function handleSummary(data) {
    const summary = buildSummary(profileName, profile, scenarios, mix, data);
    const file = __ENV.SUMMARY_FILE || `perf/results/k6-${profileName}-summary.json`;
    return { stdout: summaryText(summary), [file]: JSON.stringify(summary, null, 2) };
  }

  return { options, setup, run, teardown, handleSummary };
}

// ---------------------------------------------------------------------------------------------------------------
// Summary: the same shape as perf/Bss.LoadRunner's (perf/README.md describes it)

function statsOf(metrics, sel, durationSeconds) {
  const duration = metrics[`http_req_duration${sel}`];
  const failed = metrics[`http_req_failed${sel}`];
  const reqs = metrics[`http_reqs${sel}`];
  const requests = reqs ? reqs.values.count : 0;
  const d = duration ? duration.values : {};
  const round = (v) => (typeof v === 'number' ? Math.round(v * 1000) / 1000 : null);
  return {
    requests,
    failed: failed ? failed.values.passes : 0,
    errorRate: failed ? round(failed.values.rate) : 0,
    rps: durationSeconds > 0 ? round(requests / durationSeconds) : null,
    latencyMs: {
      avg: round(d.avg), p50: round(d.med), p90: round(d['p(90)']), p95: round(d['p(95)']),
      p99: round(d['p(99)']), max: round(d.max),
    },
  };
}

function compare(actual, op, value) {
  if (actual === null || actual === undefined) return false;
  switch (op) {
    case '<': return actual < value;
    case '<=': return actual <= value;
    case '>': return actual > value;
    case '>=': return actual >= value;
    default: return false;
  }
}

function statValue(stats, stat) {
  if (stat === 'errorRate' || stat === 'rps') return stats[stat];
  return stats.latencyMs[stat];
}

export function buildSummary(profileName, profile, scenarios, mix, data) {
  const metrics = data.metrics;
  const testSeconds = data.state.testRunDurationMs / 1000;
  const result = {
    schema: SUMMARY_SCHEMA,
    tool: 'k6',
    profile: profileName,
    targets: baseUrls,
    startedAt: (data.setup_data && data.setup_data.startedAt) || null,
    durationSeconds: Math.round(testSeconds * 10) / 10,
    total: null,
    scenarios: {},
    rateSearch: null,
    thresholds: [],
    passed: true,
  };
  let mixSeconds = 0;
  const addScenario = (name, seconds) => {
    const stats = statsOf(metrics, `{scenario:${name}}`, seconds);
    stats.endpoints = {};
    for (const e of mix) {
      const s = statsOf(metrics, `{scenario:${name},endpoint:${e.name}}`, seconds);
      if (s.requests > 0) stats.endpoints[e.name] = s;
    }
    result.scenarios[name] = stats;
    mixSeconds += seconds;
    return stats;
  };
  for (const sc of scenarios) {
    if (sc.model === 'open' && sc.rates) {
      const steps = sc.rates.map((rate) => {
        const stats = addScenario(stepName(sc, rate), seconds(sc.stepDuration));
        const held = stats.errorRate === 0 && compare(statValue(stats, sc.held.stat), sc.held.op, sc.held.value);
        return { rate, achievedRps: stats.rps, p99: stats.latencyMs.p99, errorRate: stats.errorRate, held };
      });
      const heldSteps = steps.filter((s) => s.held);
      result.rateSearch = {
        scenario: sc.name, held: sc.held, steps,
        heldRate: heldSteps.length ? Math.max(...heldSteps.map((s) => s.rate)) : null,
      };
    } else {
      addScenario(sc.name, sc.model === 'once' ? testSeconds : plannedSeconds(sc));
    }
  }
  result.total = statsOf(metrics, '{phase:mix}', mixSeconds);
  const names = new Set(scenarios.map((s) => s.name));
  for (const t of profile.thresholds || []) {
    if (t.scenario && !names.has(t.scenario)) continue;
    const stats = t.scenario ? result.scenarios[t.scenario] : result.total;
    const [key, expression] = k6Threshold(t);
    const k6Verdict = metrics[key] && metrics[key].thresholds && metrics[key].thresholds[expression];
    const actual = stats ? statValue(stats, t.stat) : null;
    const gate = isGate(t);
    // A gate: k6's own verdict counts where it has one (rps: over the whole test); else the summary's numbers decide.
    // A stretch goal has no k6 threshold of its own: the numbers decide, and a miss leaves the run passed.
    const passed = gate && k6Verdict ? k6Verdict.ok : compare(actual, t.op, t.value);
    result.thresholds.push({
      set: t.set, level: gate ? 'gate' : 'stretch', scenario: t.scenario || null, stat: t.stat, op: t.op, value: t.value, actual, passed,
    });
    if (gate && !passed) result.passed = false;
  }
  return result;
}

function pad(text, width) { return String(text).padEnd(width); }
function num(v, digits = 1) { return v === null || v === undefined ? '-' : Number(v).toFixed(digits); }

export function summaryText(summary) {
  const lines = [`\nprofile ${summary.profile} against ${summary.targets.join(', ')} (${summary.tool})`];
  const row = (name, s) => lines.push(
    `  ${pad(name, 34)} ${pad(s.requests, 9)} ${pad(num(s.rps), 10)} ${pad(num(s.errorRate * 100, 2) + '%', 8)} ` +
    `${pad(num(s.latencyMs.p50, 2), 8)} ${pad(num(s.latencyMs.p95, 2), 8)} ${pad(num(s.latencyMs.p99, 2), 8)} ${num(s.latencyMs.max, 2)}`);
  lines.push(`  ${pad('scenario / endpoint', 34)} ${pad('requests', 9)} ${pad('rps', 10)} ${pad('errors', 8)} ` +
    `${pad('p50 ms', 8)} ${pad('p95 ms', 8)} ${pad('p99 ms', 8)} max ms`);
  for (const [name, s] of Object.entries(summary.scenarios)) {
    row(name, s);
    for (const [e, es] of Object.entries(s.endpoints)) row(`  ${e}`, es);
  }
  row('total', summary.total);
  if (summary.rateSearch) {
    const rs = summary.rateSearch;
    lines.push(`  highest rate held (${rs.held.stat} ${rs.held.op} ${rs.held.value} ms, no errors): ${rs.heldRate ?? 'none'} req/s`);
  }
  // The gates first (a miss fails the run), then the stretch goals beside them (reported, never failing).
  const gates = summary.thresholds.filter((t) => t.level !== 'stretch');
  const stretch = summary.thresholds.filter((t) => t.level === 'stretch');
  for (const t of [...gates, ...stretch]) {
    const verdict = t.level === 'stretch' ? (t.passed ? 'met ' : 'miss') : (t.passed ? 'ok  ' : 'FAIL');
    lines.push(`  ${verdict} ${pad(t.level, 7)} [${t.set}] ${t.scenario || 'all'} ${t.stat} ${t.op} ${t.value} (actual ${num(t.actual, 3)})`);
  }
  const goals = stretch.length ? `; stretch goals met: ${stretch.filter((t) => t.passed).length} of ${stretch.length}` : '';
  lines.push(`  ${summary.passed ? 'all gates passed' : 'some gates FAILED'}${goals}\n`);
  return lines.join('\n');
}
