#!/bin/sh
# Runs one test in a private D-Bus session with a real, unlocked gnome-keyring and its own
# HOME and XDG folders, so tests never touch the user's data, bus or keyring.
set -eu
if [ -z "${DT_IN_SESSION:-}" ]; then
  export DT_IN_SESSION=1
  exec dbus-run-session -- "$0" "$@"
fi
scratch=$(mktemp -d "${TMPDIR:-/tmp}/dt-test.XXXXXX")
trap 'rm -rf "$scratch"' EXIT INT TERM
export HOME="$scratch/home" XDG_DATA_HOME="$scratch/data" XDG_CONFIG_HOME="$scratch/config" \
       XDG_CACHE_HOME="$scratch/cache" XDG_RUNTIME_DIR="$scratch/run"
mkdir -p "$HOME" "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME" "$XDG_RUNTIME_DIR"
chmod 0700 "$XDG_RUNTIME_DIR"
if command -v gnome-keyring-daemon >/dev/null 2>&1; then
  eval "$(printf 'test-keyring' | gnome-keyring-daemon --unlock --components=secrets 2>/dev/null)" || true
  export GNOME_KEYRING_CONTROL SSH_AUTH_SOCK 2>/dev/null || true
fi
"$@"
