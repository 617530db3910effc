// sdk-workflow.mjs: the official MCP TypeScript SDK client, with its OAuth provider, does a
// freelancer's month against `doubletime --headless`: discovery → registration → consent
// (approved with `doubletime consent approve`) → tools/list → a client and a project → time
// entries → invoice candidates → a draft → preview → send (confirmed on the command line, to an
// SMTP server on loopback) → a payment (confirmed) → the Billing Hub → a report → an
// XRechnung e-invoice (readiness list, the file as an embedded resource, checked with the
// official rules by tests/einvoice/validate.py) and reading it back as a received one. Every
// amount is checked.
//
// Usage: node sdk-workflow.mjs http://127.0.0.1:PORT/mcp   (DT_BINARY names the binary)
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { auth } from '@modelcontextprotocol/sdk/client/auth.js';
import { ResourceUpdatedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';

const serverUrl = new URL(process.argv[2]);
const binary = process.env.DT_BINARY;
assert.ok(binary, 'DT_BINARY must name the doubletime binary');
const log = (...args) => console.error('[sdk-workflow]', ...args);
const scope = 'clients:write projects:write tasks:write time_entries:write invoices:write ' +
  'invoices:send billing:write reports:read settings:write profile:write';

const cli = (...args) => execFileSync(binary, args, { encoding: 'utf8' });

// Answers the next consent question of @kind with `doubletime consent approve|deny`.
async function answerConsent(kind, verb) {
  for (let i = 0; i < 400; i++) {
    const list = JSON.parse(cli('consent', 'list', '--json'));
    const request = list.find((r) => r.kind === kind);
    if (request) {
      log(`consent ${request.id} (${kind}): ${request.summary ?? request.scopes?.join(' ')}`);
      cli('consent', verb, request.id);
      return request;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`no ${kind} consent request appeared`);
}

class HeadlessProvider {
  constructor() {
    this.redirectUrl = 'http://127.0.0.1:8091/callback';
    this.clientMetadata = {
      client_name: 'DoubleTime e2e workflow (MCP SDK)',
      redirect_uris: [this.redirectUrl],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
      scope,
    };
    this.saved = {};
  }
  state() { this.expected = `st-${Date.now()}`; return this.expected; }
  clientInformation() { return this.saved.client; }
  saveClientInformation(info) { this.saved.client = info; }
  tokens() { return this.saved.tokens; }
  saveTokens(tokens) { this.saved.tokens = tokens; }
  saveCodeVerifier(verifier) { this.saved.verifier = verifier; }
  codeVerifier() { return this.saved.verifier; }
  invalidateCredentials(what) {
    if (what === 'all' || what === 'client') delete this.saved.client;
    if (what === 'all' || what === 'tokens') delete this.saved.tokens;
  }
  // Plays the browser: the server holds the request until the user answers.
  async redirectToAuthorization(url) {
    const pending = fetch(url, { redirect: 'manual' });
    await answerConsent('authorize', 'approve');
    const response = await pending;
    assert.equal(response.status, 302);
    const location = new URL(response.headers.get('location'));
    assert.equal(location.searchParams.get('state'), this.expected);
    this.code = location.searchParams.get('code');
  }
}

// A minimal SMTP server on loopback that keeps what it receives.
function startSmtp() {
  const messages = [];
  const server = net.createServer((socket) => {
    let buffer = '';
    let inData = false;
    let data = '';
    const envelope = { to: [] };
    socket.write('220 localhost ESMTP test\r\n');
    socket.on('data', (chunk) => {
      buffer += chunk.toString('latin1');
      let index;
      while ((index = buffer.indexOf('\r\n')) >= 0) {
        const line = buffer.slice(0, index);
        buffer = buffer.slice(index + 2);
        if (inData) {
          if (line === '.') {
            inData = false;
            messages.push({ ...envelope, data });
            socket.write('250 OK queued\r\n');
          } else {
            data += (line.startsWith('..') ? line.slice(1) : line) + '\r\n';
          }
          continue;
        }
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'EHLO' || verb === 'HELO') socket.write('250-localhost\r\n250 8BITMIME\r\n');
        else if (verb === 'MAIL') { envelope.from = line; socket.write('250 OK\r\n'); }
        else if (verb === 'RCPT') { envelope.to.push(line); socket.write('250 OK\r\n'); }
        else if (verb === 'DATA') { inData = true; socket.write('354 go on\r\n'); }
        else if (verb === 'QUIT') { socket.write('221 bye\r\n'); socket.end(); }
        else socket.write('250 OK\r\n');
      }
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve({ server, port: server.address().port, messages }));
  });
}

// The scopes are asked for up front: the SDK would otherwise take the read-only scope of the
// 401 challenge, and its step-up after a 403 is broken while it holds a refresh token
// (typescript-sdk #2255).
async function connect(provider) {
  assert.equal(await auth(provider, { serverUrl, scope }), 'REDIRECT');
  assert.equal(await auth(provider, { serverUrl, scope, authorizationCode: provider.code }),
               'AUTHORIZED');
  const client = new Client({ name: 'doubletime-e2e-workflow', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(serverUrl, { authProvider: provider }));
  return client;
}

async function call(client, name, args, options) {
  const result = await client.callTool({ name, arguments: args }, undefined, options);
  if (result.isError) throw new Error(`${name}: ${result.content[0].text}`);
  assert.ok(result.structuredContent, `${name} returns structuredContent`);
  return result.structuredContent;
}

const smtp = await startSmtp();
const provider = new HeadlessProvider();
const client = await connect(provider);
log('connected; granted scope:', provider.saved.tokens.scope);

const { tools } = await client.listTools();
const names = tools.map((tool) => tool.name);
for (const needed of ['create_client', 'find_invoice_candidates', 'send_invoice',
  'record_payment', 'get_billing_hub', 'run_report'])
  assert.ok(names.includes(needed), `tools/list has ${needed}`);
log(`tools/list: ${tools.length} tools`);

// E-mail through the loopback SMTP server (plain SMTP is allowed only on loopback).
await call(client, 'update_settings', { values: {
  'smtp.host': '127.0.0.1', 'smtp.port': String(smtp.port), 'smtp.security': 'none',
  'smtp.from': 'maja@lindqvist.example', 'smtp.user': '' } });

// A client at 80/h and a project at 100/h: the project's rate wins.
const acme = await call(client, 'create_client', {
  name: 'Acme GmbH', currency: 'EUR', email: 'billing@acme.example', rate: '80.00',
  payment_terms_days: 14 });
assert.equal(acme.rate, '80.00');
const site = await call(client, 'create_project', {
  client_id: acme.id, name: 'Website relaunch', rate: '100.00' });
assert.equal(site.rate_minor, 10000);

// 2 h + 1 h 30 + 45 min in October = 255 min; 255 × 100/h = 425.00.
const entries = [
  ['2026-10-05T09:00:00Z', '2026-10-05T11:00:00Z', 'Kick-off workshop'],
  ['2026-10-06T13:00:00Z', '2026-10-06T14:30:00Z', 'Wireframes'],
  ['2026-10-07T10:00:00Z', '2026-10-07T10:45:00Z', 'Review call'],
];
for (const [start, end, note] of entries) {
  const entry = await call(client, 'create_time_entry', { project_id: site.id, start, end, note });
  assert.equal(entry.start_day, start.slice(0, 10));
}
const listed = await call(client, 'list_time_entries', {
  client_id: acme.id, from: '2026-10-01', to: '2026-10-31', limit: 2 });
assert.equal(listed.items.length, 2);
assert.ok(listed.next_cursor, 'a second page');

const candidates = await call(client, 'find_invoice_candidates', {
  client_id: acme.id, from: '2026-10-01', to: '2026-10-31' });
assert.equal(candidates.raw_minutes, 255);
assert.equal(candidates.billed_minutes, 255);
assert.equal(candidates.amount, '425.00');
assert.equal(candidates.groups.length, 1);
assert.equal(candidates.groups[0].rate, '100.00');

const draft = await call(client, 'create_invoice_draft', {
  client_id: acme.id, from: '2026-10-01', to: '2026-10-31', tax_rate_percent: '19' });
assert.equal(draft.status, 'draft');
assert.equal(draft.subtotal, '425.00');
assert.equal(draft.tax_total, '80.75');
assert.equal(draft.total, '505.75');

const preview = await call(client, 'preview_invoice', { id: draft.id });
assert.match(preview.text, /505\.75/);
const pdf = await client.readResource({ uri: preview.pdf_uri });
assert.equal(pdf.contents[0].mimeType, 'application/pdf');
assert.ok(Buffer.from(pdf.contents[0].blob, 'base64').subarray(0, 4).toString() === '%PDF');

// A subscription to the PDF: sending changes the invoice, and the server says so on the
// session's GET stream.
const updates = [];
let updated;
const pdfUpdated = new Promise((resolve) => { updated = resolve; });
client.setNotificationHandler(ResourceUpdatedNotificationSchema, (note) => {
  updates.push(note.params.uri);
  if (note.params.uri === preview.pdf_uri) updated();
});
await client.subscribeResource({ uri: preview.pdf_uri });

// Sending waits for the user: progress arrives while `doubletime consent approve` answers.
const progress = [];
const sending = call(client, 'send_invoice', { id: draft.id },
  { onprogress: (p) => progress.push(p), timeout: 60000 });
const asked = await answerConsent('action', 'approve');
assert.match(asked.summary, /send invoice INV-\d{4}-\d{4} to billing@acme\.example/);
assert.match(asked.summary, /505\.75/);
const sent = await sending;
assert.equal(sent.status, 'sent');
assert.match(sent.number, /^INV-\d{4}-\d{4}$/);
assert.ok(progress.length >= 1, 'progress while waiting for the confirmation');
assert.equal(smtp.messages.length, 1);
assert.match(smtp.messages[0].to.join(' '), /billing@acme\.example/);
assert.match(smtp.messages[0].data, new RegExp(sent.number));
assert.match(smtp.messages[0].data, /application\/pdf/);
log(`sent ${sent.number} (${sent.total} EUR)`);
await Promise.race([pdfUpdated, new Promise((_, reject) => setTimeout(
  () => reject(new Error(`no resources/updated for ${preview.pdf_uri}; got ${updates}`)), 10000))]);
assert.ok(updates.every((uri) => uri === preview.pdf_uri), `only the subscribed URI: ${updates}`);
await client.unsubscribeResource({ uri: preview.pdf_uri });

// A payment, declined once, then approved.
const declined = client.callTool({ name: 'record_payment',
  arguments: { invoice_id: draft.id, amount: '200.00' } });
await answerConsent('action', 'deny');
const refusal = await declined;
assert.equal(refusal.isError, true);
assert.match(refusal.content[0].text, /declined/);

const paying = call(client, 'record_payment', { invoice_id: draft.id, amount: '200.00',
  method: 'bank transfer' });
await answerConsent('action', 'approve');
const paid = await paying;
assert.equal(paid.payment.amount, '200.00');
assert.equal(paid.invoice.status, 'partially_paid');
assert.equal(paid.invoice.balance, '305.75');

const hub = await call(client, 'get_billing_hub', {});
const row = hub.clients.find((c) => c.client_id === acme.id);
assert.equal(row.outstanding, 1);
assert.equal(row.outstanding_amount, '305.75');
assert.equal(row.paid_this_month, '200.00');
assert.equal(row.unbilled_amount, '0.00');

const report = await call(client, 'run_report', {
  from: '2026-10-01', to: '2026-10-31', group_by: 'client' });
assert.equal(report.totals.length, 1);
assert.equal(report.totals[0].minutes, 255);
assert.equal(report.totals[0].amount, '425.00');
const csv = await client.readResource({ uri: report.csv_uri });
assert.match(csv.contents[0].text, /Acme GmbH/);

// E-invoices: the seller's details, a public-sector client that wants XRechnung UBL.
await call(client, 'update_profile', {
  business_name: 'Lindqvist Design', address: 'Hauptstraße 5', city: 'Berlin',
  postcode: '10115', country: 'DE', email: 'maja@lindqvist.example', phone: '+49 30 1234567',
  vat_id: 'DE123456789', iban: 'DE89 3704 0044 0532 0130 00', bic: 'COBADEFFXXX' });
const city = await call(client, 'create_client', {
  name: 'Stadt Musterhausen', currency: 'EUR', email: 'rechnung@musterhausen.example',
  address: 'Rathausplatz 1', city: 'Musterhausen', postcode: '12345', country: 'DE',
  einvoice_format: 'xrechnung-ubl', rate: '90.00' });
const portal = await call(client, 'create_project', { client_id: city.id, name: 'Portal' });
await call(client, 'create_time_entry', { project_id: portal.id,
  start: '2026-11-03T08:00:00Z', end: '2026-11-03T12:00:00Z', note: 'Accessibility audit' });
const cityDraft = await call(client, 'create_invoice_draft', {
  client_id: city.id, from: '2026-11-01', to: '2026-11-30', tax_rate_percent: '19',
  order_reference: 'PO-4711' });
assert.equal(cityDraft.total, '428.40');
const notReady = await call(client, 'check_einvoice', { id: cityDraft.id });
assert.equal(notReady.format, 'xrechnung-ubl');
assert.equal(notReady.ready, false);
assert.ok(notReady.problems.some((p) => p.business_term === 'BT-10' &&
                                        p.field === 'client.buyer_reference'));
await call(client, 'update_client', { id: city.id, buyer_reference: '04011000-1234512345-06' });
assert.equal((await call(client, 'check_einvoice', { id: cityDraft.id })).ready, true);

// The SDK checks the result against the spec's schema: an embedded text resource.
const xml = await client.callTool({ name: 'get_einvoice', arguments: { id: cityDraft.id } });
assert.ok(!xml.isError);
const resource = xml.content.find((c) => c.type === 'resource').resource;
assert.equal(resource.mimeType, 'application/xml');
assert.match(resource.text, /^<\?xml/);
assert.match(resource.text, /04011000-1234512345-06/);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dt-sdk-einvoice-'));
fs.writeFileSync(path.join(dir, 'xrechnung-ubl.xml'), resource.text);
const validator = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'einvoice',
                            'validate.py');
log(execFileSync('/usr/bin/python3', [validator, dir], { encoding: 'utf8' }).trim());
fs.rmSync(dir, { recursive: true });

const facturx = await client.callTool({ name: 'get_einvoice',
  arguments: { id: cityDraft.id, format: 'facturx' } });
const blob = facturx.content.find((c) => c.type === 'resource').resource;
assert.equal(blob.mimeType, 'application/pdf');
assert.equal(Buffer.from(blob.blob, 'base64').subarray(0, 5).toString(), '%PDF-');

const received = await call(client, 'import_einvoice', {
  data_base64: Buffer.from(resource.text).toString('base64'), file_name: 'from-lindqvist.xml' });
assert.equal(received.invoice.payable, '428.40');
assert.equal(received.invoice.seller.name, 'Lindqvist Design');
assert.equal(received.duplicate, false);
log(`e-invoice ${received.invoice.number}: valid, read back as received e-invoice ${received.id}`);

// An expense with its receipt (base64), re-billed at a markup: net 49.99 at 19 % input VAT
// (9.4981 → 9.50, kept apart), billed 49.99 × 1.0333 = 51.6546… → 51.65.
const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010800000000' +
                        '3a7e9b550000000a49444154789c63600000000200014' +
                        '8afa4710000000049454e44ae426082', 'hex');
const train = await call(client, 'create_expense', {
  client_id: acme.id, date: '2026-12-03', category: 'Travel',
  description: 'Train Berlin–Hamburg', amount: '49.99', vat_rate_percent: '19',
  markup_percent: '3.33', receipt_base64: png.toString('base64'),
  receipt_file_name: 'ticket.png' });
assert.equal(train.input_vat, '9.50');
assert.equal(train.gross, '59.49');
assert.equal(train.billed_amount, '51.65');
assert.equal(train.receipt.content_type, 'image/png');
// A receipt whose name says PNG but whose bytes are not: refused, nothing kept.
const lying = await client.callTool({ name: 'create_expense', arguments: {
  client_id: acme.id, date: '2026-12-04', description: 'Hotel', amount: '89.00',
  receipt_base64: Buffer.from('GIF89a, not a PNG at all').toString('base64'),
  receipt_file_name: 'hotel.png' } });
assert.ok(lying.isError);
assert.match(lying.content[0].text, /not a PDF, PNG or JPEG/);
const expenses = await call(client, 'list_expenses', { client_id: acme.id });
assert.deepEqual(expenses.items.map((e) => e.id), [train.id]);
const december = await call(client, 'find_invoice_candidates', {
  client_id: acme.id, from: '2026-12-01', to: '2026-12-31' });
assert.equal(december.expenses_amount, '51.65');
log(`expense ${train.id}: bills ${train.billed_amount}, receipt ${train.receipt.sha256.slice(0, 12)}…`);

await client.close();
smtp.server.close();
log('ok: every amount matched');
