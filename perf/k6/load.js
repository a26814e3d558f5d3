// Load: the frontend's mix ramping 10 -> 50 VUs without think time ('capacity', what our goals are stated in),
// then the old api-load shape with 1 s think time ('think', a latency comparison). SCENARIOS=capacity runs one.
// The traffic, data and thresholds are in perf/scenarios/bss.json; run:
//   eval "$(dev/services env run)"   # BSS_OIDC_ISSUER, _CLIENT_ID, _CLIENT_SECRET: lib/auth.js gets the token from there
//   BASE_URLS=http://127.0.0.1:8080,http://127.0.0.1:8081 k6 run perf/k6/load.js
import { profileTest } from './lib/scenario.js';

const test = profileTest('load');

export const options = test.options;
export const setup = test.setup;
export const teardown = test.teardown;
export const handleSummary = test.handleSummary;
export default function (data) {
  test.run(data);
}
