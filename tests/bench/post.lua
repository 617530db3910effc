-- wrk script: sends one request again and again (a JSON-RPC tools/call POST, or a REST GET
-- when DT_METHOD=GET) with the headers the runner passes, and prints the latency
-- distribution and the error counts as one JSON line when done. Every JSON-RPC request gets
-- its own id (a server may refuse an id still in flight). Every answer is checked: a status
-- other than 2xx, a JSON-RPC answer that is not a result, a tool result that is an error, or
-- an answer shorter than DT_MIN_BYTES counts as an error.
local body = os.getenv("DT_BODY") or ""
local method = os.getenv("DT_METHOD") or "POST"
wrk.method = method
if method == "POST" then
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["Accept"] = "application/json, text/event-stream"
end
for _, name in ipairs({ "Authorization", "Mcp-Session-Id", "MCP-Protocol-Version", "Host" }) do
  local value = os.getenv("DT_H_" .. name:gsub("%-", "_"):upper())
  if value and value ~= "" then
    wrk.headers[name] = value
  end
end

local threads = {}
local next_thread = 0

function setup(thread)
  next_thread = next_thread + 1
  thread:set("thread_number", next_thread)
  table.insert(threads, thread)
end

local counter = 0
bad = 0

function request()
  if method ~= "POST" then
    return wrk.format()
  end
  counter = counter + 1
  local id = thread_number * 1000000000 + counter
  local text = string.gsub(body, '"id":1,', '"id":' .. id .. ',', 1)
  return wrk.format(nil, nil, nil, text)
end

local min_bytes = tonumber(os.getenv("DT_MIN_BYTES") or "0")

-- A JSON-RPC answer names "result" or "error" among its first members, and a tool result
-- ends with "isError":true when it is one; so only the two ends of an answer are read. (Two
-- searches through all of an 80 KB page took two thirds of wrk's CPU, which on a 2-core
-- machine is taken from the server under test.)
function response(status, headers, text)
  local length = #text
  if length < min_bytes then
    bad = bad + 1
  elseif method == "POST" then
    if not string.find(string.sub(text, 1, 64), '"result":', 1, true) or
       string.find(text, '"isError":true', math.max(length - 100, 1), true) then
      bad = bad + 1
    end
  end
end

function done(summary, latency, requests)
  local e = summary.errors
  local answer_errors = 0
  for _, thread in ipairs(threads) do
    answer_errors = answer_errors + (thread:get("bad") or 0)
  end
  io.write(string.format(
    '{"requests":%d,"seconds":%.3f,"p50_us":%d,"p90_us":%d,"p99_us":%d,"max_us":%d,' ..
    '"mean_us":%.1f,"connect_errors":%d,"read_errors":%d,"write_errors":%d,' ..
    '"timeouts":%d,"status_errors":%d,"answer_errors":%d}\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50), latency:percentile(90),
    latency:percentile(99), latency.max, latency.mean, e.connect, e.read, e.write, e.timeout,
    e.status, answer_errors))
end
