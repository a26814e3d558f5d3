// Stress: 50 -> 200 VUs without think time ('ramp'), the old stress shape with 0.5-2 s think time ('think'),
// then constant arrival rates step by step ('find-rate') for the highest rate held with p99 < 100 ms.
// The traffic, data and thresholds are in perf/scenarios/bss.json; run:
//   eval "$(dev/services env run)"   # BSS_OIDC_ISSUER, _CLIENT_ID, _CLIENT_SECRET: lib/auth.js gets the token from there
//   BASE_URLS=http://127.0.0.1:8080,http://127.0.0.1:8081 k6 run perf/k6/stress.js
import { profileTest } from './lib/scenario.js';

const test = profileTest('stress');

export const options = test.options;
export const setup = test.setup;
export const teardown = test.teardown;
export const handleSummary = test.handleSummary;
export default function (data) {
  test.run(data);
}
