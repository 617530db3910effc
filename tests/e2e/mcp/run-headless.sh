#!/bin/sh
# Starts `doubletime --headless` on a free port with its own data folder and runs a Node client
# script against its MCP endpoint: `node SCRIPT http://127.0.0.1:PORT/mcp`. Run inside
# session-run.sh (own XDG folders and D-Bus session, which `doubletime consent` talks over).
set -eu
node=$1
script=$2
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
status=0
"$node" "$script" "http://127.0.0.1:$port/mcp" || status=$?
if [ $status -ne 0 ]; then echo "--- server log"; tail -n 40 "$data/server.log"; fi
exit $status
