#!/bin/sh
# mcp-remote (npm) against `doubletime --headless`: it discovers the authorization server,
# registers, "opens the browser" (a fake xdg-open/gio/x-www-browser first on PATH that waits,
# then fetches the authorization URL and follows the redirect to mcp-remote's callback), the
# user approves with `doubletime consent approve`, and mcp-remote connects and lists the tools.
# Run inside session-run.sh.
set -eu
node=$1
client_js=$2
: "${DT_BINARY:?DT_BINARY must name the doubletime binary}"
work=$(mktemp -d "${TMPDIR:-/tmp}/dt-e2e-mcp-remote.XXXXXX")
port_file="${XDG_RUNTIME_DIR:?}/doubletime/port"
rm -f "$port_file"
"$DT_BINARY" --headless --port 0 --data-dir "$work/data" >"$work/server.log" 2>&1 &
server=$!
approver=
trap 'kill $server $approver 2>/dev/null || true; wait $server 2>/dev/null || true; rm -rf "$work"' EXIT INT TERM
i=0
while [ ! -s "$port_file" ]; do
  i=$((i + 1))
  if [ $i -gt 200 ]; then echo "doubletime did not start:"; cat "$work/server.log"; exit 1; fi
  sleep 0.05
done
port=$(cat "$port_file")

# The fake browser: mcp-remote may "open" it before its callback listens, hence the delay.
mkdir -p "$work/bin"
cat >"$work/bin/xdg-open" <<'OPEN'
#!/bin/sh
for url; do :; done
( sleep 2; curl -s -L -o /dev/null "$url" ) >/dev/null 2>&1 &
exit 0
OPEN
chmod +x "$work/bin/xdg-open"
for name in gio x-www-browser sensible-browser open; do ln -s xdg-open "$work/bin/$name"; done

# The user: approves the authorization request when it appears.
(
  for i in $(seq 1 600); do
    id=$("$DT_BINARY" consent list --json 2>/dev/null | "$node" -e '
      let s = ""; process.stdin.on("data", (d) => s += d).on("end", () => {
        const r = JSON.parse(s || "[]").find((q) => q.kind === "authorize");
        if (r) console.log(r.id);
      });' || true)
    if [ -n "$id" ]; then "$DT_BINARY" consent approve "$id" >/dev/null; exit 0; fi
    sleep 0.1
  done
) &
approver=$!

# mcp-remote's client shuts down when its stdin ends: keep it open until it has listed the
# tools and resources (or 90 s passed).
touch "$work/out.log"
status=0
(
  for i in $(seq 1 900); do
    if grep -q "Resources:\|Error requesting resource" "$work/out.log"; then break; fi
    sleep 0.1
  done
) | PATH="$work/bin:$PATH" MCP_REMOTE_CONFIG_DIR="$work/mcp-remote" \
  timeout 100 "$node" "$client_js" "http://127.0.0.1:$port/mcp" >"$work/out.log" 2>&1 || status=$?
if [ $status -ne 0 ] || ! grep -q "list_clients" "$work/out.log"; then
  echo "mcp-remote failed (status $status):"; tail -n 60 "$work/out.log"
  echo "--- server log"; tail -n 20 "$work/server.log"
  exit 1
fi
echo "mcp-remote completed its OAuth flow and listed the tools"
