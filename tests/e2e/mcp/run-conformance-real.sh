#!/bin/sh
# The official MCP conformance suite against the real server: `doubletime --headless` on a free
# port, a real MCP token from the full OAuth flow (the official SDK client, consent approved on
# the command line), injected into every request of the suite by a Node preload. Run inside
# session-run.sh. Scenarios: initialize, ping, tools-list, DNS-rebinding protection, logging.
set -eu
node=$1
conformance=$2
token_script=$3
out=$4
here=$(cd "$(dirname "$0")" && pwd)
: "${DT_BINARY:?DT_BINARY must name the doubletime binary}"
data=$(mktemp -d "${TMPDIR:-/tmp}/dt-e2e-mcp.XXXXXX")
port_file="${XDG_RUNTIME_DIR:?}/doubletime/port"
rm -f "$port_file"
"$DT_BINARY" --headless --port 0 --data-dir "$data" >"$data/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$data"' EXIT INT TERM
i=0
while [ ! -s "$port_file" ]; do
  i=$((i + 1))
  if [ $i -gt 200 ]; then echo "doubletime did not start:"; cat "$data/server.log"; exit 1; fi
  sleep 0.05
done
port=$(cat "$port_file")
url="http://127.0.0.1:$port/mcp"

token=$(PRINT_TOKEN=1 DT_SCOPE="clients:read invoices:read" "$node" "$token_script" "$url" \
        2>"$data/token.log" | tail -1)
case "$token" in
  dt_at_*) ;;
  *) echo "no access token from the OAuth flow:"; cat "$data/token.log"; exit 1 ;;
esac

# Without the token the server refuses the suite outright.
status=$(curl -s -o /dev/null -w '%{http_code}' -X POST "$url" -H 'Content-Type: application/json' \
  -H 'Accept: application/json, text/event-stream' \
  -d '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"c","version":"1"}}}')
[ "$status" = 401 ] || { echo "unauthenticated initialize gave $status, expected 401"; exit 1; }

rm -rf "$out"
mkdir -p "$out"
failed=0
for scenario in server-initialize ping tools-list dns-rebinding-protection logging-set-level; do
  if NO_COLOR=1 NODE_OPTIONS="--import $here/inject-bearer.mjs" MCP_BEARER="$token" \
     "$node" "$conformance" server --url "$url" --scenario "$scenario" -o "$out" \
     >"$out/$scenario.log" 2>&1; then
    echo "✓ $scenario: $(grep -E '^Passed:' "$out/$scenario.log" || true)"
  else
    echo "✗ $scenario"
    cat "$out/$scenario.log"
    failed=$((failed + 1))
  fi
done
echo "real server with a real token: $((5 - failed))/5 scenarios passed"
[ $failed -eq 0 ]
