// sdk-oauth.mjs: the official MCP TypeScript SDK client against a running `doubletime
// --headless`: discovery → registration → authorize (approved with `doubletime consent approve`
// while the request waits) → token exchange → refresh; then, when /mcp answers 401 with a
// challenge, connect with the token and list the tools.
//
// Usage: node sdk-oauth.mjs http://127.0.0.1:PORT/mcp   (DT_BINARY names the doubletime binary)
// PRINT_TOKEN=1 prints the access token as the last line (for other e2e suites).
import { execFileSync } from 'node:child_process';
import assert from 'node:assert/strict';

import { auth } from '@modelcontextprotocol/sdk/client/auth.js';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

const serverUrl = new URL(process.argv[2]);
const binary = process.env.DT_BINARY;
assert.ok(binary, 'DT_BINARY must name the doubletime binary');
const log = (...args) => console.error('[sdk-oauth]', ...args);
const scope = process.env.DT_SCOPE ?? 'clients:read invoices:read';

function cli(...args) {
  return execFileSync(binary, args, { encoding: 'utf8' });
}

// Plays the browser and the user: fetches the authorization URL (the server holds it), while
// polling `doubletime consent list --json` and approving the request that appears.
async function approveInBrowser(url) {
  const pending = fetch(url, { redirect: 'manual' });
  let id;
  for (let i = 0; i < 200 && !id; i++) {
    const list = JSON.parse(cli('consent', 'list', '--json'));
    if (list.length > 0) {
      assert.equal(list[0].kind, 'authorize');
      assert.equal(list[0].app_verified, false);
      id = list[0].id;
      log(`consent request ${id} from "${list[0].app}" for ${list[0].target}:`,
          list[0].scopes.join(' '));
    } else {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  assert.ok(id, 'no consent request appeared');
  cli('consent', 'approve', id);
  const response = await pending;
  assert.equal(response.status, 302);
  return new URL(response.headers.get('location'));
}

class HeadlessProvider {
  constructor() {
    this.redirectUrl = 'http://127.0.0.1:8090/callback';
    this.clientMetadata = {
      client_name: 'DoubleTime e2e (MCP SDK)',
      redirect_uris: [this.redirectUrl],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
      scope,
    };
    this.saved = {};
    this.registrations = 0;
    this.expectedState = undefined;
    this.code = undefined;
  }
  state() { this.expectedState = `st-${Date.now()}`; return this.expectedState; }
  clientInformation() { return this.saved.client; }
  saveClientInformation(info) { this.registrations++; this.saved.client = info; }
  tokens() { return this.saved.tokens; }
  saveTokens(tokens) { this.saved.tokens = tokens; }
  saveCodeVerifier(verifier) { this.saved.verifier = verifier; }
  codeVerifier() { return this.saved.verifier; }
  invalidateCredentials(scope) {
    if (scope === 'all' || scope === 'client') delete this.saved.client;
    if (scope === 'all' || scope === 'tokens') delete this.saved.tokens;
  }
  async redirectToAuthorization(url) {
    assert.equal(url.searchParams.get('code_challenge_method'), 'S256');
    assert.ok(url.searchParams.get('resource'), 'the SDK sends resource');
    const location = await approveInBrowser(url);
    assert.equal(location.searchParams.get('state'), this.expectedState);
    assert.equal(location.searchParams.get('iss'), `${serverUrl.origin}`);
    this.code = location.searchParams.get('code');
    assert.ok(this.code?.startsWith('dt_ac_'));
  }
}

const provider = new HeadlessProvider();

// 1. Discovery, registration and the authorization request.
let result = await auth(provider, { serverUrl });
assert.equal(result, 'REDIRECT');
assert.equal(provider.registrations, 1);
log('registered as', provider.saved.client.client_id);

// 2. The token exchange.
result = await auth(provider, { serverUrl, authorizationCode: provider.code });
assert.equal(result, 'AUTHORIZED');
const first = provider.saved.tokens;
assert.ok(first.access_token.startsWith('dt_at_'));
assert.ok(first.refresh_token.startsWith('dt_rt_'));
assert.equal(first.token_type, 'Bearer');
log('tokens issued with scope', first.scope);

// 3. A refresh: rotated.
result = await auth(provider, { serverUrl });
assert.equal(result, 'AUTHORIZED');
const second = provider.saved.tokens;
assert.notEqual(second.access_token, first.access_token);
assert.notEqual(second.refresh_token, first.refresh_token);
log('refreshed; refresh token rotated');

// 4. The app is listed as connected.
const apps = JSON.parse(cli('apps', 'list', '--json'));
assert.ok(apps.some((app) => app.client_id === provider.saved.client.client_id));

// 5. The MCP endpoint, once it is mounted: an unauthenticated request gets the challenge the
//    SDK discovers from, and the token opens a session.
const probe = await fetch(serverUrl, {
  method: 'POST',
  headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
  body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping' }),
});
if (probe.status === 401) {
  const challenge = probe.headers.get('www-authenticate') ?? '';
  assert.match(challenge, /resource_metadata="/);
  const client = new Client({ name: 'doubletime-e2e', version: '1.0.0' });
  const transport = new StreamableHTTPClientTransport(serverUrl, { authProvider: provider });
  await client.connect(transport);
  const tools = await client.listTools();
  log(`tools/list: ${tools.tools.length} tools`);
  await client.close();
} else {
  log(`/mcp answered ${probe.status} without a challenge: not mounted here, stopping after refresh`);
}

if (process.env.PRINT_TOKEN) console.log(provider.saved.tokens.access_token);
log('ok');
