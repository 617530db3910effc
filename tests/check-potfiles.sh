#!/bin/sh
# Fails when a source file marks strings for translation but po/POTFILES.in does not list it.
set -eu
top=${1:-$(dirname "$0")/..}
cd "$top"
missing=0
for f in $(grep -rlE '(\b_\(|\bN_\(|\bC_\(|\bngettext\(|translatable="yes")' src ui 2>/dev/null | sort); do
  if ! grep -qxF "$f" po/POTFILES.in; then
    echo "po/POTFILES.in does not list $f, which has translatable strings"
    missing=1
  fi
done
for f in $(grep -vE '^(#|$)' po/POTFILES.in); do
  if [ ! -f "$f" ]; then
    echo "po/POTFILES.in lists $f, which does not exist"
    missing=1
  fi
done
exit $missing
