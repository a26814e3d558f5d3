// Access tokens for the k6 suite, obtained the way any OAuth client does: the token endpoint from the issuer's
// discovery document, then client credentials (default) or, when USERNAME and PASSWORD are both set, the password
// grant. setup() gets the first token and hands it to the VUs in its data; each VU then keeps its own and replaces
// it when it is within REFRESH_BEFORE_SECONDS of expiry (tokens live 300 s, a load or stress run longer). The
// expiry is the token response's expires_in counted from when the token was asked for: the JWT is never decoded.
//
// Environment: ISSUER (else BSS_OIDC_ISSUER, which `dev/services env run` exports), CLIENT_ID (else
// BSS_OIDC_CLIENT_ID, else bss-backend), CLIENT_SECRET (else BSS_OIDC_CLIENT_SECRET), USERNAME + PASSWORD (a user's
// token instead of the client's own; a USERNAME alone, as some shells set, is ignored).
import http from 'k6/http';

export const REFRESH_BEFORE_SECONDS = 60;
// What the issuer is assumed to grant when its answer has no expires_in (the field is optional in OAuth 2.0).
const UNSTATED_LIFETIME_SECONDS = 60;
// Token requests are not the API's traffic: they stay out of the mix's metrics and thresholds.
const TAGS = { endpoint: 'token', phase: 'auth' };

export function settings() {
  const issuer = (__ENV.ISSUER || __ENV.BSS_OIDC_ISSUER || '').replace(/\/+$/, '');
  if (!issuer) {
    throw new Error('no token issuer: set ISSUER (k6 run -e ISSUER=http://127.0.0.1:58180/realms/bss ...) ' +
      'or BSS_OIDC_ISSUER (eval "$(dev/services env run)")');
  }
  const usePassword = Boolean(__ENV.USERNAME && __ENV.PASSWORD);
  return {
    issuer,
    clientId: __ENV.CLIENT_ID || __ENV.BSS_OIDC_CLIENT_ID || 'bss-backend',
    clientSecret: __ENV.CLIENT_SECRET || __ENV.BSS_OIDC_CLIENT_SECRET || '',
    username: usePassword ? __ENV.USERNAME : null,
    password: usePassword ? __ENV.PASSWORD : null,
  };
}

/** The token endpoint the issuer's discovery document names, after checking the document is the issuer's own. */
export function discoverTokenEndpoint(config) {
  const res = http.get(`${config.issuer}/.well-known/openid-configuration`, { tags: TAGS });
  if (res.status !== 200) {
    throw new Error(`the issuer ${config.issuer} has no discovery document: ${res.status || res.error} ${String(res.body || '').slice(0, 200)}`);
  }
  const doc = res.json();
  if (String(doc.issuer || '').replace(/\/+$/, '') !== config.issuer) {
    throw new Error(`the discovery document of ${config.issuer} names another issuer: ${doc.issuer}`);
  }
  if (!doc.token_endpoint) throw new Error(`the discovery document of ${config.issuer} names no token_endpoint`);
  return doc.token_endpoint;
}

/** A new token: { accessToken, expiresAt (ms since the epoch), tokenEndpoint }. Throws one line when refused. */
export function requestToken(config, tokenEndpoint) {
  const form = config.username
    ? { grant_type: 'password', client_id: config.clientId, client_secret: config.clientSecret, username: config.username, password: config.password }
    : { grant_type: 'client_credentials', client_id: config.clientId, client_secret: config.clientSecret };
  if (!form.client_secret) delete form.client_secret;
  const askedAt = Date.now();
  const res = http.post(tokenEndpoint, form, { tags: TAGS, responseCallback: http.expectedStatuses(200) });
  const body = res.status === 200 ? res.json() : null;
  if (!body || !body.access_token) {
    const who = config.username ? `a token for user '${config.username}'` : 'a client credentials token';
    throw new Error(`the issuer ${config.issuer} refused ${who} to client '${config.clientId}': ` +
      `${res.status || res.error} ${String(res.body || '').slice(0, 200)}`);
  }
  const lifetime = Number(body.expires_in) > 0 ? Number(body.expires_in) : UNSTATED_LIFETIME_SECONDS;
  return { accessToken: body.access_token, expiresAt: askedAt + (lifetime * 1000), tokenEndpoint };
}

// This VU's token (module state is per VU in k6; setup and teardown have their own).
let current = null;
let config = null;

/** The first token of the run, for setup(): it travels to the VUs in setup's data (see adoptToken). */
export function firstToken() {
  config = settings();
  current = requestToken(config, discoverTokenEndpoint(config));
  return current;
}

/** Takes a token handed over (setup's, in the data) unless this VU already holds one that lives longer. */
export function adoptToken(token) {
  if (token && (!current || token.expiresAt > current.expiresAt)) current = token;
}

/** The Authorization header value for a request now; renews this VU's token when it is near its expiry. */
export function bearer() {
  if (!current) throw new Error('no access token: setup() gets the first one (firstToken) and VUs adopt it');
  if (Date.now() >= current.expiresAt - (REFRESH_BEFORE_SECONDS * 1000)) {
    config = config || settings();
    current = requestToken(config, current.tokenEndpoint);
  }
  return `Bearer ${current.accessToken}`;
}

/** The token this VU holds now (setup returns its latest, which may have been renewed while it created data). */
export function currentToken() {
  return current;
}
