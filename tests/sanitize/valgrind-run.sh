#!/bin/sh
# Test wrapper for `meson test --setup valgrind`: runs the test under memcheck and fails it on
# any memory error or definite leak, in the test program and in the DoubleTime programs it
# starts. A test run through session-run.sh keeps the session outside valgrind: only the
# program under test is instrumented, not dbus-daemon or the keyring.
set -u
logs=$(mktemp -d "${TMPDIR:-/tmp}/dt-valgrind.XXXXXX")
trap 'rm -rf "$logs"' EXIT INT TERM

supp=""
for f in /usr/share/glib-2.0/valgrind/glib.supp /usr/share/gtk-4.0/valgrind/gtk.supp \
         "$(dirname "$0")/doubletime.supp"; do
  [ -f "$f" ] && supp="$supp --suppressions=$f"
done

# Children are traced so that a test's own copy of the server is checked too; system
# programs (python, dbus, the keyring, sh) are not ours and run natively, and neither does the
# crash test's writer, which is killed at random within milliseconds of starting.
set -f  # the skip patterns below are for valgrind, not for the shell
vg="valgrind --tool=memcheck --error-exitcode=99 --leak-check=full --show-leak-kinds=definite \
  --errors-for-leak-kinds=definite --track-origins=yes --num-callers=30 \
  --trace-children=yes --trace-children-skip=/usr/*,/bin/*,/sbin/*,*/node,*/dt-crash-writer \
  --log-file=$logs/vg.%p.log $supp"

# A script (the fault tests drive the server from Python) is not worth instrumenting: run it
# as it is; the C programs are where memory errors live.
target=$1
case "$1" in */session-run.sh) target=${2:-} ;; esac
if [ -n "$target" ] && [ "$(head -c 2 "$target" 2>/dev/null)" = "#!" ]; then
  exec "$@"
fi

case "$1" in
  */session-run.sh)
    session=$1; shift
    # shellcheck disable=SC2086
    "$session" $vg "$@"
    ;;
  *)
    # shellcheck disable=SC2086
    $vg "$@"
    ;;
esac
status=$?

set +f
bad=0
for log in "$logs"/vg.*.log; do
  [ -f "$log" ] || continue
  if grep -Eq "ERROR SUMMARY: [1-9]" "$log"; then
    bad=1
    cat "$log" >&2
  fi
done
if [ "$bad" -ne 0 ]; then
  echo "valgrind: memory errors or definite leaks (logs above)" >&2
  [ "$status" -eq 0 ] && status=99
fi
exit "$status"
