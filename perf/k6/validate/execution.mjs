// Stub of k6/execution: validate.mjs sets the VU and scenario the code under test sees.
const execution = {
  get vu() { return { idInTest: globalThis.k6stub.vu }; },
  get scenario() { return { name: globalThis.k6stub.scenario }; },
};

export default execution;
