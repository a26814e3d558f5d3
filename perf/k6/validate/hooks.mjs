// Node module hooks for validate.mjs: the k6 built-in modules resolve to the stubs beside this file.
const STUBS = { k6: 'k6.mjs', 'k6/http': 'http.mjs', 'k6/execution': 'execution.mjs' };

export async function resolve(specifier, context, nextResolve) {
  if (specifier in STUBS) {
    return { url: new URL(STUBS[specifier], import.meta.url).href, shortCircuit: true };
  }
  return nextResolve(specifier, context);
}
