#!/usr/bin/python3
# The window probe (DT_PROBE) on an empty database: the app draws, runs the whole scripted
# session, writes a report with sane fields and quits by itself. No timing is asserted: the
# figures are the benchmark's (tests/bench/window-probe.py). Runs under xvfb-run and
# session-run.sh; the first argument is the doubletime binary.
import json
import os
import subprocess
import sys
import tempfile

STEPS = ["settle", "pages", "task-chooser", "search", "scroll"]


def main():
    binary = sys.argv[1]
    with tempfile.TemporaryDirectory(prefix="dt-probe-test.") as scratch:
        data = os.path.join(scratch, "data")
        out = os.path.join(scratch, "probe.json")
        env = dict(os.environ, DT_PROBE=out, DT_PROBE_RANGES="2", DT_PROBE_TIMEOUT="90")
        result = subprocess.run([binary, "--port", "0", "--data-dir", data], env=env,
                                capture_output=True, text=True, timeout=110)
        assert result.returncode == 0, "doubletime exited with %d:\n%s" % (result.returncode,
                                                                          result.stderr)
        with open(out) as f:
            report = json.load(f)
    print(json.dumps({k: v for k, v in report.items() if k != "steps"}, indent=1))

    assert report["finished"] and report["error"] is None, report["error"]
    assert report["first_frame_ms"] > 0, report["first_frame_ms"]
    assert 0 < report["window_ready_ms"] <= report["first_frame_ms"]
    assert 0 < report["first_frame_cpu_ms"], report["first_frame_cpu_ms"]
    assert report["peak_rss_mib"] > 0
    assert report["worst_stall_ms"] > 0 and report["worst_stall_step"] in STEPS
    assert len(report["pages"]) >= 5, report["pages"]
    assert report["pages_visited"] == report["pages"], report["pages_visited"]
    assert sorted(report["steps"][1]["details"]["worst_gap_ms_by_page"]) == sorted(
        report["pages"]), report["steps"][1]
    names = [s["name"] for s in report["steps"]]
    assert names == STEPS, names
    for s in report["steps"]:
        assert s["ms"] >= 0 and s["worst_gap_ms"] >= 0, s
    steps = {s["name"]: s for s in report["steps"]}
    scroll = steps["scroll"]
    assert scroll["skipped"] is None and scroll["details"]["ranges"] == 3, scroll
    assert not scroll["details"]["cut_short"], scroll
    chooser = steps["task-chooser"]
    assert chooser["skipped"] is None and chooser["details"]["query"], chooser
    return 0


if __name__ == "__main__":
    sys.exit(main())
