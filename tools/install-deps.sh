#!/bin/sh
# Installs the Debian packages DoubleTime needs when any is missing; with --test, also what
# the test suites need (Xvfb, a keyring, an SMTP server, the Node packages of tests/e2e).
# This is the one list: a package a test or the app needs is named here and nowhere else.
set -eu
cd "$(dirname "$0")/.."

# Fonts for every script a client's name or a line may be written in, so an invoice never
# prints an empty box: Noto core covers Latin, Greek, Cyrillic, Arabic, Hebrew, Thai, Indic
# scripts and every currency sign the app offers (12 MB); Noto CJK is the one free family
# with Japanese, Korean and both Chinese glyph forms (56 MB, the bulk of the cost).
font_pkgs="fontconfig fonts-noto-core fonts-noto-cjk"
build_pkgs="gcc g++ make pkg-config meson ninja-build gettext libglib2.0-dev libglib2.0-dev-bin \
libgtk-4-dev libadwaita-1-dev libsoup-3.0-dev libjson-glib-dev libsqlite3-dev libsecret-1-dev \
libcurl4-openssl-dev libqpdf-dev libxml2-dev desktop-file-utils appstream \
$font_pkgs"
test_pkgs="xvfb xauth dbus dbus-x11 gnome-keyring libsecret-tools python3-aiosmtpd \
poppler-utils imagemagick x11-utils sqlite3 clang libclang-rt-14-dev curl wrk \
valgrind jq mmdebstrap at-spi2-core qpdf libsaxonhe-java default-jre-headless libxml2-utils"

pkgs=$build_pkgs
[ "${1:-}" = "--test" ] && pkgs="$pkgs $test_pkgs"

# Node and npm may come from Debian or from elsewhere (their packages then conflict): what
# counts is that the commands exist. Node itself only bootstraps: tests/e2e brings Node 22.
if [ "${1:-}" = "--test" ] && ! command -v npm >/dev/null 2>&1; then
  pkgs="$pkgs nodejs npm"
fi

missing=""
for p in $pkgs; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done

if [ -n "$missing" ]; then
  echo "Installing missing packages:$missing"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  [ -n "${DT_APT_UPDATED:-}" ] || $sudo apt-get update
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends $missing
fi

if [ "${1:-}" = "--test" ] && [ -f tests/e2e/package.json ]; then
  stamp=tests/e2e/node_modules/.dt-installed
  if [ ! -f "$stamp" ] || [ tests/e2e/package-lock.json -nt "$stamp" ]; then
    echo "Installing the Node packages of tests/e2e"
    (cd tests/e2e && npm ci --no-audit --no-fund --loglevel=error)
    touch "$stamp"
  fi
fi
