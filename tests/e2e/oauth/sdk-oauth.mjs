// sdk-oauth.mjs: the official MCP TypeScript SDK client against a running `doubletime
// --headless`, as a real client goes: initialize → 401 → discovery → registration → authorize
// (approved with `doubletime consent approve` while the request waits) → token exchange →
// tools/list → refresh → a new session. Where /mcp is not served, the SDK's auth() is driven
// directly through the same steps up to the refresh.
//
// Usage: node sdk-oauth.mjs http://127.0.0.1:PORT/mcp   (DT_BINARY names the doubletime binary)
// PRINT_TOKEN=1 prints the access token as the last line (for other e2e suites).
import { execFileSync } from 'node:child_process';
import assert from 'node:assert/strict';

import { auth, UnauthorizedError } from '@modelcontextprotocol/sdk/client/auth.js';
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
const newClient = () => new Client({ name: 'doubletime-e2e', version: '1.0.0' });

// Is /mcp served here? Unauthenticated, it must answer 401 with the challenge the SDK
// discovers from; without it (an AS-only build) the SDK's auth() is driven directly.
const probe = await fetch(serverUrl, {
  method: 'POST',
  headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
  body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: {
    protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'probe', version: '0' } } }),
});
const mcpServed = probe.status === 401;

if (mcpServed) {
  const challenge = probe.headers.get('www-authenticate') ?? '';
  assert.match(challenge, /^Bearer /);
  assert.match(challenge, /resource_metadata="[^"]+\/\.well-known\/oauth-protected-resource\/mcp"/);
  assert.match(challenge, /scope="/);

  // 1. As a real client starts: initialize → 401 → discovery → registration → authorize.
  const first = newClient();
  await assert.rejects(first.connect(new StreamableHTTPClientTransport(serverUrl,
    { authProvider: provider })), (error) => error instanceof UnauthorizedError);
  assert.equal(provider.registrations, 1);
  log('registered as', provider.saved.client.client_id);

  // 2. The token exchange, then a session with the token.
  const transport = new StreamableHTTPClientTransport(serverUrl, { authProvider: provider });
  await transport.finishAuth(provider.code);
  const client = newClient();
  await client.connect(transport);
  const tools = await client.listTools();
  assert.ok(tools.tools.length > 0);
  log(`tools/list: ${tools.tools.length} tools`);
  await client.close();
} else {
  log(`/mcp answered ${probe.status} without a challenge: driving auth() directly`);
  let result = await auth(provider, { serverUrl });
  assert.equal(result, 'REDIRECT');
  assert.equal(provider.registrations, 1);
  log('registered as', provider.saved.client.client_id);
  result = await auth(provider, { serverUrl, authorizationCode: provider.code });
  assert.equal(result, 'AUTHORIZED');
}

const issued = provider.saved.tokens;
assert.ok(issued.access_token.startsWith('dt_at_'));
assert.ok(issued.refresh_token.startsWith('dt_rt_'));
assert.equal(issued.token_type, 'Bearer');
log('tokens issued with scope', issued.scope);

// 3. A refresh: both tokens rotated.
const refreshed = await auth(provider, { serverUrl });
assert.equal(refreshed, 'AUTHORIZED');
const second = provider.saved.tokens;
assert.notEqual(second.access_token, issued.access_token);
assert.notEqual(second.refresh_token, issued.refresh_token);
log('refreshed; refresh token rotated');

// 4. The refreshed token works, and the app is listed as connected.
if (mcpServed) {
  const client = newClient();
  await client.connect(new StreamableHTTPClientTransport(serverUrl, { authProvider: provider }));
  await client.ping();
  await client.close();
  log('a new session with the refreshed token');
}
const apps = JSON.parse(cli('apps', 'list', '--json'));
assert.ok(apps.some((app) => app.client_id === provider.saved.client.client_id));

if (process.env.PRINT_TOKEN) console.log(provider.saved.tokens.access_token);
log('ok');
