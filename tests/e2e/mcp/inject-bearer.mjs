// inject-bearer.mjs: a Node --import preload that adds "Authorization: Bearer $MCP_BEARER" to
// every HTTP request made through undici's global dispatcher (global fetch included), so a
// client that cannot authenticate by itself (the conformance suite) can test a protected
// server with a real token.
import { Agent, setGlobalDispatcher } from 'undici';

const token = process.env.MCP_BEARER;
if (!token) throw new Error('MCP_BEARER is not set');
const value = `Bearer ${token}`;

function withAuthorization(headers) {
  if (headers == null) return { authorization: value };
  if (Array.isArray(headers)) {
    for (let i = 0; i < headers.length; i += 2)
      if (String(headers[i]).toLowerCase() === 'authorization') return headers;
    return [...headers, 'authorization', value];
  }
  if (typeof headers[Symbol.iterator] === 'function' && !(typeof headers === 'string')) {
    const copy = {};
    for (const [k, v] of headers) copy[k] = v;
    headers = copy;
  }
  for (const k of Object.keys(headers))
    if (k.toLowerCase() === 'authorization') return headers;
  return { ...headers, authorization: value };
}

class BearerAgent extends Agent {
  dispatch(options, handler) {
    return super.dispatch({ ...options, headers: withAuthorization(options.headers) }, handler);
  }
}

setGlobalDispatcher(new BearerAgent());
