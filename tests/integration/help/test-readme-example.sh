#!/bin/sh
# Runs README.md's private-app example exactly as written against `doubletime --headless`,
# then checks through the REST API that the client, the project and the entry exist.
set -eu
readme=$1
export PATH="$(dirname "$DT_BINARY"):$PATH"

example=$(mktemp)
awk '/<!-- private-app-example -->/ {found=1; next}
     found && /^```sh/ {inside=1; next}
     inside && /^```/ {exit}
     inside {print}' "$readme" > "$example"
[ -s "$example" ] || { echo "README.md has no private-app example"; exit 1; }

doubletime --headless --port 0 > "$XDG_RUNTIME_DIR/headless.log" 2>&1 &
app=$!
trap 'kill $app 2>/dev/null; wait $app 2>/dev/null; rm -f "$example"' EXIT
port_file="$XDG_RUNTIME_DIR/doubletime/port"
for _ in $(seq 100); do [ -s "$port_file" ] && break; sleep 0.1; done
[ -s "$port_file" ] || { echo "the headless app did not publish its port"; cat "$XDG_RUNTIME_DIR/headless.log"; exit 1; }
export DT="http://127.0.0.1:$(cat "$port_file")"

# The example as written, in a shell that stops at the first failing command.
out=$(sh -eu "$example")
echo "$out"

# It created what it says, visible to the app itself.
creds=$(doubletime apps create-private --name "Checker" --target api --scope clients:read \
          --scope projects:read --scope time_entries:read)
id=$(echo "$creds" | sed -n 's/^client_id: //p')
secret=$(echo "$creds" | sed -n 's/^client_secret: //p')
token=$(curl -sf -u "$id:$secret" -d grant_type=client_credentials "$DT/oauth/token" | jq -r .access_token)
get() { curl -sf -H "Authorization: Bearer $token" "$DT/api/v1/$1"; }

clients=$(get clients | jq -r '[.items[] | select(.name == "Acme Ltd")] | length')
projects=$(get projects | jq -r '[.items[] | select(.name == "Website")] | length')
minutes=$(get time-entries | jq -r '[.items[] | select(.note == "Landing page")][0].duration_minutes')
echo "clients named Acme Ltd: $clients, projects named Website: $projects, entry minutes: $minutes"
[ "$clients" = 1 ] && [ "$projects" = 1 ] && [ "$minutes" = 120 ]
