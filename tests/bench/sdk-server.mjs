// The comparison server for the benchmark: the official TypeScript SDK's McpServer behind its
// Streamable HTTP transport (stateful sessions, JSON responses), with one tool,
// list_time_entries, that returns a page of 100 entries shaped like DoubleTime's (the runner
// passes one real entry as a template) out of an in-memory list of 1,000,000.
// Usage: node sdk-server.mjs PORT TEMPLATE.json
import http from "node:http";
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const sdk = (p) => require.resolve("@modelcontextprotocol/sdk/" + p, {
  paths: [new URL("../e2e/node_modules", import.meta.url).pathname],
});
const { McpServer } = await import(sdk("server/mcp.js"));
const { StreamableHTTPServerTransport } = await import(sdk("server/streamableHttp.js"));
const { isInitializeRequest } = await import(sdk("types.js"));
const { z } = await import(require.resolve("zod", {
  paths: [new URL("../e2e/node_modules", import.meta.url).pathname],
}));

const port = Number(process.argv[2]);
const template = JSON.parse(readFileSync(process.argv[3], "utf8"));
const TOTAL = 1_000_000;
// The list itself: ids and start times, as a table would hold them.
const starts = new Float64Array(TOTAL);
for (let i = 0; i < TOTAL; i++) starts[i] = 1_475_000_000 + i * 315;

function entry(i) {
  const start = new Date(starts[i] * 1000).toISOString().replace(".000", "");
  const end = new Date((starts[i] + 1800) * 1000).toISOString().replace(".000", "");
  return { ...template, id: i + 1, start, end, start_local: start, end_local: end,
           day: start.slice(0, 10), minutes: 30, note: "Entry " + (i + 1) };
}

function newServer() {
  const server = new McpServer({ name: "sdk-bench", version: "1.0.0" });
  server.registerTool("list_time_entries", {
    description: "Lists time entries, a page at a time.",
    inputSchema: { limit: z.number().int().min(1).max(100).optional(),
                   cursor: z.string().optional() },
  }, async ({ limit = 100, cursor }) => {
    const from = cursor ? Number(cursor) : 0;
    const items = [];
    for (let i = from; i < Math.min(from + limit, TOTAL); i++) items.push(entry(i));
    const next = from + limit < TOTAL ? String(from + limit) : null;
    const structured = { items, next_cursor: next, total: TOTAL };
    return { content: [{ type: "text", text: JSON.stringify(structured) }],
             structuredContent: structured };
  });
  return server;
}

const transports = new Map();

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      const text = Buffer.concat(chunks).toString("utf8");
      try { resolve(text ? JSON.parse(text) : undefined); } catch (e) { reject(e); }
    });
    req.on("error", reject);
  });
}

http.createServer(async (req, res) => {
  try {
    const sessionId = req.headers["mcp-session-id"];
    const body = req.method === "POST" ? await readBody(req) : undefined;
    let transport = sessionId ? transports.get(sessionId) : undefined;
    if (!transport && req.method === "POST" && isInitializeRequest(body)) {
      transport = new StreamableHTTPServerTransport({
        sessionIdGenerator: () => randomUUID(),
        enableJsonResponse: true,
        onsessioninitialized: (id) => transports.set(id, transport),
      });
      transport.onclose = () => transport.sessionId && transports.delete(transport.sessionId);
      await newServer().connect(transport);
    }
    if (!transport) {
      res.writeHead(sessionId ? 404 : 400).end();
      return;
    }
    await transport.handleRequest(req, res, body);
  } catch (e) {
    if (!res.headersSent) res.writeHead(500).end(String(e));
  }
}).listen(port, "127.0.0.1", () => console.log("listening " + port));
