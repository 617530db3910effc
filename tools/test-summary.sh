#!/bin/sh
# Prints the closing line of a test run, "N passed, N failed, N skipped", from the meson logs
# of the build folders given (a folder with no log counts as one failure), plus the results in
# DT_EXTRA_RESULTS ("name:OK name:FAIL", for checks that are not meson suites).
[ $# -gt 0 ] || set -- build
/usr/bin/python3 - "$@" <<'PY'
import json, os, sys
counts = {"OK": 0, "FAIL": 0, "SKIP": 0, "EXPECTEDFAIL": 0, "UNEXPECTEDPASS": 0, "TIMEOUT": 0, "ERROR": 0}
for folder in sys.argv[1:]:
    log = os.path.join(folder, "meson-logs", "testlog.json")
    if not os.path.exists(log):
        counts["ERROR"] += 1
        continue
    with open(log, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if line:
                r = json.loads(line).get("result", "ERROR")
                counts[r] = counts.get(r, 0) + 1
for item in os.environ.get("DT_EXTRA_RESULTS", "").split():
    result = item.rsplit(":", 1)[-1]
    counts[result if result in counts else "ERROR"] += 1
passed = counts["OK"] + counts["EXPECTEDFAIL"]
failed = counts["FAIL"] + counts["TIMEOUT"] + counts["ERROR"] + counts["UNEXPECTEDPASS"]
print(f"{passed} passed, {failed} failed, {counts['SKIP']} skipped")
PY
