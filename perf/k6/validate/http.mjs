// Stub of k6/http: records each request and answers like the API would (see fakeServer in validate.mjs).
function request(method, url, body, params = {}) {
  const sent = { method, url, body, params };
  globalThis.k6stub.requests.push(sent);
  const { status, json } = globalThis.k6stub.answer(sent);
  sent.response = { status };
  const text = json === undefined ? '' : JSON.stringify(json);
  return { status, body: text, json: () => JSON.parse(text) };
}

function get(url, params) {
  return request('GET', url, null, params);
}

// k6 sends an object body as a form (application/x-www-form-urlencoded); the stub keeps the object.
function post(url, body, params) {
  return request('POST', url, body, params);
}

function expectedStatuses(...codes) {
  return { expected: codes };
}

export default { request, get, post, expectedStatuses };
