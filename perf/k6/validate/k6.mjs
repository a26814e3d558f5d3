// Stub of k6: sleep is recorded, not slept.
export function sleep(seconds) {
  globalThis.k6stub.sleeps.push(seconds);
}

export function check() {
  return true;
}
