#!/bin/sh
# Proves the README's promise: on a clean Debian 12 root that holds only ca-certificates, git,
# make and sudo, a clean clone of main passes `make test`, and `make run` starts the app far
# enough (under a virtual display) to answer the OAuth discovery URL.
#
# Usage: tools/fresh-check.sh [REF]   (REF defaults to the commit checked out; run as root)
# Downloaded .debs and npm tarballs are kept in $DT_FRESH_CACHE between runs, so a second run
# fetches nothing; the root itself is built anew every time.
set -eu
cd "$(dirname "$0")/.."
repo=$(pwd)
ref=${1:-$(git rev-parse HEAD)}
work=$repo/build-fresh
cache=${DT_FRESH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/doubletime-fresh-check}
root=$work/root
log=$work/log
clone=/root/doubletime

if [ "$(id -u)" -ne 0 ]; then
  echo "fresh-check: run as root (it builds a Debian root with mmdebstrap and chroots into it)" >&2
  exit 2
fi
command -v mmdebstrap >/dev/null || { echo "fresh-check: mmdebstrap is missing; run make test-deps" >&2; exit 2; }

# Each step's time, printed as it ends and again at the close.
timings=""
started=$(date +%s)
step_begin () { step=$1; step_started=$(date +%s); echo "== $step"; }
step_end () {
  took=$(( $(date +%s) - step_started ))
  timings="$timings$(printf '  %-44s %5d s' "$step" "$took")
"
  echo "== $step: $1 after $took s"
}
report () {
  echo "fresh-check: $1"
  printf '%s' "$timings"
  echo "  total                                        $(( $(date +%s) - started )) s"
}

# Earlier roots are left by a failed run for a look; mounts never are (they live in a private
# mount namespace), so removing one cannot reach the host.
rm -rf --one-file-system "$work"
mkdir -p "$work" "$log" "$cache/debs" "$cache/npm"

step_begin "clean Debian 12 root (mmdebstrap)"
# The host's apt sources and settings: the root reaches Debian's archive the way this machine
# does. The debs of earlier runs go in first and the new ones come out at the end.
set -- --variant=minbase --include=ca-certificates,git,make,sudo \
  --skip=download/empty --skip=cleanup/apt/cache \
  --setup-hook='mkdir -p "$1/var/cache/apt/archives"' \
  --setup-hook="find '$cache/debs' -name '*.deb' -exec cp -t \"\$1/var/cache/apt/archives\" {} +"
for f in /etc/apt/apt.conf.d/*; do
  case $(basename "$f") in docker-clean) continue ;; esac   # it empties the cache we keep
  [ -f "$f" ] && set -- "$@" --aptopt="$f"
done
sources=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources 2>/dev/null || true)
if ! printf '%s\n' "$sources" | mmdebstrap "$@" bookworm "$root" - >"$log/mmdebstrap.txt" 2>&1; then
  step_end failed
  tail -20 "$log/mmdebstrap.txt"
  report "FAILED: could not build the Debian root (log: $log/mmdebstrap.txt)"
  exit 1
fi
cp /etc/resolv.conf "$root/etc/resolv.conf"
# The certificate authorities this machine adds to Debian's (a site's TLS proxy, say), and the
# variables that point tools at the bundle, are the network's, not the project's: a
# newcomer's machine on this network has them too.
if [ -d /usr/local/share/ca-certificates ]; then
  cp -r /usr/local/share/ca-certificates/. "$root/usr/local/share/ca-certificates/"
  chroot "$root" update-ca-certificates >/dev/null 2>&1
fi
find "$root/var/cache/apt/archives" -maxdepth 1 -name '*.deb' -exec cp -n -t "$cache/debs" {} +
step_end done

step_begin "clean clone of $ref"
git clone -q --no-local "$repo" "$root$clone"
git -C "$root$clone" checkout -q "$ref"
echo "   at $(git -C "$root$clone" log -1 --format='%h %s')"
step_end done

# Runs "$@" as root inside the fresh root with a login environment: nothing of the host's
# environment goes in, as for a newcomer on their own machine. /proc, /sys, /dev and the
# caches are mounted in a mount namespace of its own, so nothing outlives the command.
in_root () {
  unshare --mount --propagation private --fork $netns sh -c '
    root=$1; cache=$2; shift 2
    [ -z "$DT_FRESH_NET_OFF" ] || ip link set lo up
    mount -t proc proc "$root/proc"
    mount --rbind /sys "$root/sys"
    mount --rbind /dev "$root/dev"
    mount -t tmpfs -o mode=1777 tmpfs "$root/dev/shm"
    mount -t tmpfs -o mode=1777 tmpfs "$root/tmp"
    mount --bind "$cache/debs" "$root/var/cache/apt/archives"
    mkdir -p "$root/root/.npm"
    mount --bind "$cache/npm" "$root/root/.npm"
    exec chroot "$root" /usr/bin/env -i HOME=/root USER=root LANG=C.UTF-8 TERM=dumb \
      PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin $DT_FRESH_CA_ENV "$@"
  ' in-root "$root" "$cache" "$@"
}

# Only the variables that name a certificate bundle cross into the root.
DT_FRESH_CA_ENV=""
for var in NODE_EXTRA_CA_CERTS SSL_CERT_FILE SSL_CERT_DIR CURL_CA_BUNDLE GIT_SSL_CAINFO; do
  value=$(printenv "$var" || true)
  case $value in *[!A-Za-z0-9/._-]*|"") continue ;; esac
  DT_FRESH_CA_ENV="$DT_FRESH_CA_ENV $var=$value"
done
export DT_FRESH_CA_ENV

step_begin "make test"
netns="" DT_FRESH_NET_OFF="" ; export DT_FRESH_NET_OFF
if in_root sh -c "cd $clone && make test" >"$log/make-test.txt" 2>&1; then
  step_end passed
  tail -1 "$log/make-test.txt" | sed 's/^/   /'
else
  step_end FAILED
  testlog=$root$clone/build/meson-logs/testlog.json
  first=""
  [ -f "$testlog" ] && first=$(/usr/bin/python3 -c '
import json, sys
for line in open(sys.argv[1], encoding="utf-8"):
    r = json.loads(line)
    if r.get("result") not in ("OK", "SKIP", "EXPECTEDFAIL"):
        print(r["name"]); break' "$testlog")
  if [ -n "$first" ]; then
    echo "   first failing suite: $first"
  else
    echo "   no suite failed; the set-up or the build did (last lines of the log):"
    tail -15 "$log/make-test.txt" | sed 's/^/   | /'
  fi
  cp -r "$root$clone/build/meson-logs" "$log/meson-logs" 2>/dev/null || true
  report "FAILED at make test${first:+ (first failing suite: $first)}; log: $log/make-test.txt"
  exit 1
fi

step_begin "make run, until the discovery URL answers"
# Its own network namespace: the app's port 7313 cannot meet another copy on this machine,
# and `make run` must need no network once `make test` has installed everything.
netns="--net" DT_FRESH_NET_OFF=1 ; export DT_FRESH_NET_OFF
if in_root sh -c "
  cd $clone
  export XDG_CONFIG_HOME=/tmp/cfg XDG_DATA_HOME=/tmp/data XDG_RUNTIME_DIR=/tmp/run
  mkdir -p /tmp/run && chmod 700 /tmp/run
  xvfb-run -a dbus-run-session -- make run >/tmp/make-run.txt 2>&1 &
  for i in \$(seq 1 240); do
    if curl -sf http://127.0.0.1:7313/.well-known/oauth-authorization-server >/tmp/discovery.json; then
      kill \$! 2>/dev/null; cat /tmp/make-run.txt; echo; cat /tmp/discovery.json; exit 0
    fi
    kill -0 \$! 2>/dev/null || break
    sleep 0.5
  done
  cat /tmp/make-run.txt; exit 1" >"$log/make-run.txt" 2>&1; then
  step_end answered
  grep -o '"issuer":"[^"]*"' "$log/make-run.txt" | sed 's/^/   /' || true
else
  step_end FAILED
  tail -15 "$log/make-run.txt" | sed 's/^/   | /'
  report "FAILED at make run: the discovery URL did not answer; log: $log/make-run.txt"
  exit 1
fi

report "passed: make test and make run work on a fresh Debian 12 root"
rm -rf --one-file-system "$root"
