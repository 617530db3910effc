-- wrk script: POSTs one request body again and again (a JSON-RPC tools/call, or a REST GET
-- when DT_METHOD=GET) with the headers the runner passes, and prints the latency
-- distribution and the error counts as one JSON line when done. (The runner checks one answer
-- of each request before the load: wrk counts only non-2xx statuses as errors.)
local body = os.getenv("DT_BODY") or ""
local method = os.getenv("DT_METHOD") or "POST"
wrk.method = method
if method == "POST" then
  wrk.body = body
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["Accept"] = "application/json, text/event-stream"
end
for _, name in ipairs({ "Authorization", "Mcp-Session-Id", "MCP-Protocol-Version", "Host" }) do
  local value = os.getenv("DT_H_" .. name:gsub("%-", "_"):upper())
  if value and value ~= "" then
    wrk.headers[name] = value
  end
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests":%d,"seconds":%.3f,"p50_us":%d,"p90_us":%d,"p99_us":%d,"max_us":%d,' ..
    '"mean_us":%.1f,"connect_errors":%d,"read_errors":%d,"write_errors":%d,' ..
    '"timeouts":%d,"status_errors":%d}\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50), latency:percentile(90),
    latency:percentile(99), latency.max, latency.mean, e.connect, e.read, e.write, e.timeout,
    e.status))
end
