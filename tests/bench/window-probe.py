#!/usr/bin/python3
# The window benchmark (`make bench`, after run-bench.py): the real app under Xvfb with its
# probe on (DT_PROBE, src/gui/dt-window-probe.c), once over the benchmark's 1,000,000-entry
# database and once over an empty one, each in its own D-Bus session, HOME and data folder.
# Prints time from main() to the first frame, the worst main-loop stall during the scripted
# session and the step it happened in, and peak RSS, side by side.
import argparse
import importlib.util
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.path.dirname(os.path.dirname(HERE))
TARGETS = {"first_frame_ms": 500.0, "worst_stall_ms": 50.0, "peak_rss_mib": 150.0}


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--build", default=os.path.join(SOURCE, "build"))
    parser.add_argument("--entries", type=int, default=1000000)
    parser.add_argument("--timeout", type=float, default=600.0, help="per run, in seconds")
    parser.add_argument("--max-rss-mib", type=float, default=4096.0,
                        help="kill the app past this RSS: the machine is shared")
    parser.add_argument("--ranges", type=int, default=52,
                        help="weeks the time page is paged back (a year)")
    parser.add_argument("--renderer", default="cairo",
                        help="GSK_RENDERER: Xvfb has no GPU, and GL there is llvmpipe on the "
                        "same two cores, which no desktop runs")
    parser.add_argument("--screenshots", metavar="DIR",
                        help="save a picture of each page of the database run there, named as "
                        "docs/screenshots names them (time-page-1m.png, …)")
    parser.add_argument("--regenerate", action="store_true",
                        help="write the cached dataset again (after the generator changed)")
    return parser.parse_args()


def bench_dataset(args):
    """run-bench.py's cached database (generated there first if missing): the same file."""
    spec = importlib.util.spec_from_file_location("run_bench", os.path.join(HERE, "run-bench.py"))
    run_bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(run_bench)
    path, _ = run_bench.dataset(args)
    return path


def skip_daily_backup(data):
    """The first start of a day backs the whole database up on a thread of the same process;
    run-bench.py waits for it. Here it would land inside the window's figures, so today's
    (and tomorrow's, near midnight) backup is marked as done."""
    backups = os.path.join(data, "backups")
    os.mkdir(backups, 0o700)
    now = time.time()
    for t in (now, now + 86400):
        open(os.path.join(backups, time.strftime("doubletime-%Y-%m-%d.db",
                                                 time.localtime(t))), "w").close()


def app_pid(session):
    """The doubletime process among xvfb-run's descendants (all in @session)."""
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % name) as f:
                stat = f.read()
        except OSError:
            continue
        comm = stat[stat.index("(") + 1:stat.rindex(")")]
        fields = stat[stat.rindex(")") + 2:].split()
        if comm == "doubletime" and int(fields[3]) == session:
            return int(name)
    return None


def status_kib(pid, key):
    try:
        with open("/proc/%d/status" % pid) as f:
            for line in f:
                if line.startswith(key + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


# GDK's X11 backend sets OpenGL up when it opens the display, to choose the windows' visual;
# under Xvfb that loads Mesa's software renderer (llvmpipe and all of LLVM) although the
# cairo renderer never draws with it. Its pages are counted apart.
GL_MAPPINGS = ("libLLVM", "/dri/", "libGLX", "libEGL", "libGL.so", "libgallium", "libglapi")


def gl_kib(pid):
    """The resident KiB of the process's OpenGL driver mappings."""
    total, gl = 0, False
    try:
        with open("/proc/%d/smaps" % pid) as f:
            for line in f:
                if line[0] in "0123456789abcdef" and "-" in line.split(" ", 1)[0]:
                    gl = any(name in line for name in GL_MAPPINGS)
                elif gl and line.startswith("Rss:"):
                    total += int(line.split()[1])
    except OSError:
        return None
    return total


def supervise(args, proc):
    """Waits for the run; kills it past the timeout or --max-rss-mib (a stuck main loop does
    not answer SIGTERM). Returns why it was killed, or None, the peak RSS seen in KiB, and the
    KiB of it the OpenGL driver held."""
    deadline = time.monotonic() + args.timeout + 60
    peak, pid, gl, polls = 0, None, 0, 0
    while proc.poll() is None:
        pid = pid or app_pid(proc.pid)
        hwm = status_kib(pid, "VmHWM") if pid else None
        peak = max(peak, hwm or 0)
        # The driver is mapped at start-up and stays: reading smaps (which walks the app's
        # page tables) every few seconds is enough and keeps off the app's locks.
        if pid and polls % 16 == 0:
            gl = max(gl, gl_kib(pid) or 0)
        polls += 1
        killed = None
        if hwm and hwm / 1024 > args.max_rss_mib:
            killed = "RSS passed %.0f MiB" % args.max_rss_mib
        elif time.monotonic() > deadline:
            killed = "still running after %.0f s" % (args.timeout + 60)
        if killed:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
            return killed, peak, gl
        time.sleep(0.25)
    return None, peak, gl


def bring_history_to_today(path):
    """The generated history ends on a fixed day; a user who kept ten years of it was at work
    yesterday too. Moves every entry on by whole weeks, so the week the window opens on is as
    full as the last generated one (same weekdays, same times of day)."""
    db = sqlite3.connect(path)
    newest = db.execute("SELECT max(start_at) FROM time_entries").fetchone()[0]
    if newest is not None:
        week = 7 * 86400
        weeks = max(0, int((time.time() - 86400 - newest) // week))
        if weeks > 0:
            db.execute("UPDATE time_entries SET start_at = start_at + ?1, "
                       "end_at = CASE WHEN end_at IS NULL THEN NULL ELSE end_at + ?1 END",
                       (weeks * week,))
            # Changed behind DoubleTime's back: its roll-ups are to be built again.
            db.execute("UPDATE rollup_state SET complete = 0, built_through = 0")
            db.commit()
    db.close()


def build_rollups(args, path):
    """A user who kept ten years of history opens a database whose roll-ups were built long
    ago: build them before the probe, which measures the window, not the one-off migration."""
    subprocess.run([os.path.join(args.build, "tests", "bench", "dt-bench-core"), path, "1",
                    "rollups_build"], check=True, stdout=subprocess.DEVNULL)


def save_screenshots(args, shots):
    size = "1m" if args.entries == 1000000 else "%dk" % (args.entries // 1000)
    os.makedirs(args.screenshots, exist_ok=True)
    for file in sorted(os.listdir(shots)):
        page = file[:-len(".png")]
        name = "billing-hub-%s.png" % size if page == "billing" else "%s-page-%s.png" % (page, size)
        shutil.copyfile(os.path.join(shots, file), os.path.join(args.screenshots, name))
        print("  saved %s" % os.path.join(args.screenshots, name))


def probe(args, label, db_path):
    scratch = tempfile.mkdtemp(prefix="dt-window-probe.")
    try:
        data = os.path.join(scratch, "data")
        os.mkdir(data, 0o700)
        if db_path is not None:
            shutil.copyfile(db_path, os.path.join(data, "doubletime.db"))
            bring_history_to_today(os.path.join(data, "doubletime.db"))
            build_rollups(args, os.path.join(data, "doubletime.db"))
            os.chmod(os.path.join(data, "doubletime.db"), 0o600)
        skip_daily_backup(data)
        out = os.path.join(scratch, "probe.json")
        log_path = os.path.join(scratch, "app.log")
        shots = os.path.join(scratch, "shots")
        env = dict(os.environ, DT_PROBE=out, DT_PROBE_RANGES=str(args.ranges),
                   DT_PROBE_TIMEOUT=str(int(args.timeout)), GDK_BACKEND="x11",
                   GSK_RENDERER=args.renderer, NO_AT_BRIDGE="1", GSETTINGS_BACKEND="memory",
                   GSETTINGS_SCHEMA_DIR=os.path.join(args.build, "data"), LC_ALL="C.UTF-8")
        if args.screenshots and db_path is not None:
            os.mkdir(shots)
            env["DT_PROBE_SCREENSHOTS"] = shots
        command = ["xvfb-run", "-a", "-s", "-screen 0 1440x900x24",
                   os.path.join(SOURCE, "tests", "session-run.sh"),
                   os.path.join(args.build, "src", "doubletime"), "--port", "0",
                   "--data-dir", data]
        load = os.getloadavg()[0]
        began = time.monotonic()
        with open(log_path, "wb") as log:
            proc = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env,
                                    start_new_session=True)
            killed, peak_kib, gl_driver_kib = supervise(args, proc)
        killed_at = time.monotonic()
        wall = killed_at - began
        if not os.path.exists(out):
            with open(log_path, errors="replace") as f:
                tail = "".join(f.readlines()[-30:])
            raise RuntimeError("%s: the probe wrote no report (exit %s):\n%s"
                               % (label, proc.returncode, tail))
        with open(out) as f:
            result = json.load(f)
        result["label"] = label
        result["wall_s"] = wall
        result["load_before"] = load
        result["killed"] = killed
        result["gl_driver_mib"] = gl_driver_kib / 1024
        if killed:
            # The report is the one written before the step (or action) that never came back:
            # that stall lasted at least until the kill, and the peak is the last one seen.
            stuck_ms = (killed_at - result["written_at_us"] / 1e6) * 1000
            current = step(result, result["current_step"])
            if current is not None:
                current["unfinished"] = True
                current["worst_gap_ms"] = max(current["worst_gap_ms"], stuck_ms)
            result["session_ms"] += stuck_ms
            if stuck_ms > result["worst_stall_ms"]:
                result["worst_stall_ms"] = stuck_ms
                result["worst_stall_step"] = result["current_step"] or "start-up"
            result["peak_rss_before_stuck_mib"] = result["peak_rss_mib"]
            result["peak_rss_mib"] = max(result["peak_rss_mib"] or 0, peak_kib / 1024)
            result["error"] = "killed (%s) during %s" % (killed, result["current_step"]
                                                        or "start-up")
        elif not result["finished"]:
            result["error"] = result["error"] or "the app exited during %s" % (
                result["current_step"] or "start-up")
        print("  %-18s first frame %8.0f ms, worst stall %7.0f ms (%s), peak RSS %6.1f MiB, "
              "%.0f s in all%s" % (label, result["first_frame_ms"], result["worst_stall_ms"],
                                   result["worst_stall_step"], result["peak_rss_mib"], wall,
                                   "; " + result["error"] if result["error"] else ""),
              flush=True)
        if os.path.isdir(shots):
            save_screenshots(args, shots)
        return result
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def step(result, name):
    return next((s for s in result.get("steps", []) if s["name"] == name), None)


def at_least(result):
    """A killed run's stall and peak are where they had got to, not where they would end."""
    return ">= " if result["killed"] else ""


def report(args, runs):
    labels = [r["label"] for r in runs]
    print("\nMain window, probed (Xvfb 1440x900, GSK_RENDERER=%s, time page paged back %d weeks)"
          % (args.renderer, args.ranges))
    print("%-34s" % "" + "".join("%22s" % label for label in labels))
    rows = [
        ("first frame after main() (ms)",
         lambda r: "%.0f" % r["first_frame_ms"] if r["first_frame_ms"] >= 0 else "never"),
        ("  of which building the window", lambda r: "%.0f" % r["window_ready_ms"]),
        ("  main thread's CPU time by then", lambda r: "%.0f" % r["first_frame_cpu_ms"]),
        ("worst stall in the session (ms)",
         lambda r: "%s%.0f (%s)" % (at_least(r), r["worst_stall_ms"], r["worst_stall_step"])),
        ("peak RSS, VmHWM (MiB)", lambda r: "%s%.1f" % (at_least(r), r["peak_rss_mib"])),
        ("  of which Mesa's software GL (MiB)", lambda r: "%.1f" % r["gl_driver_mib"]),
        ("  the rest (MiB)",
         lambda r: "%s%.1f" % (at_least(r), r["peak_rss_mib"] - r["gl_driver_mib"])),
        ("  of which by the first frame", lambda r: "%.1f" % r["peak_rss_at_first_frame_mib"]),
        ("  before the action it was killed in",
         lambda r: "%.1f" % r["peak_rss_before_stuck_mib"] if r["killed"] else "-"),
        ("scripted session (s)", lambda r: "%.1f" % (r["session_ms"] / 1000)),
    ]
    rows.append(("load average before the run", lambda r: "%.1f" % r["load_before"]))
    for title, cell in rows:
        print("%-34s" % title + "".join("%22s" % cell(r) for r in runs))
    print("(wall-clock figures move with whatever else the machine runs; the main thread's CPU "
          "time barely does. GDK's X11 backend sets OpenGL up to choose a visual, which under "
          "Xvfb maps Mesa's llvmpipe and LLVM; the cairo renderer never uses them)")
    print("worst gap per step (ms; gaps > 50 ms):")
    for name in [s["name"] for s in runs[0]["steps"]]:
        cells = []
        for r in runs:
            s = step(r, name)
            if s is None:
                cells.append("-")
            elif s["skipped"]:
                cells.append("skipped")
            else:
                cells.append("%s%.0f (%d)" % (">= " if s.get("unfinished") else "",
                                              s["worst_gap_ms"], s["gaps_over_50ms"]))
        print("%-34s" % ("  " + name) + "".join("%22s" % c for c in cells))
    for r in runs:
        for s in r["steps"]:
            if s["skipped"]:
                print("  (%s, %s: %s)" % (r["label"], s["name"], s["skipped"]))
        if r["error"]:
            print("  (%s: the probe stopped early: %s)" % (r["label"], r["error"]))
        pages = step(r, "pages")
        for key, when in (("worst_gap_ms_by_page", "showing"),
                          ("worst_gap_ms_by_page_again", "showing again")):
            if pages is not None and pages["details"].get(key):
                print("  (%s, pages: worst gap after %s %s)" % (r["label"], when, ", ".join(
                    "%s %.0f ms" % kv for kv in pages["details"][key].items())))
        if pages is not None and pages["details"].get("rss_mib_by_page"):
            print("  (%s, pages: RSS after showing %s)" % (r["label"], ", ".join(
                "%s %.0f MiB" % kv for kv in pages["details"]["rss_mib_by_page"].items())))
        scroll = step(r, "scroll")
        if scroll is not None and not scroll["skipped"]:
            d = scroll["details"]
            print("  (%s, scroll: %s ranges, %s with more than a screenful, %.0f px in %s frames"
                  "%s)" % (r["label"], d.get("ranges", "?"), d.get("ranges_filled", "?"),
                           d.get("scrolled_px", 0), d.get("scroll_frames", "?"),
                           ", cut short" if d.get("cut_short") or scroll.get("unfinished")
                           else ""))
    print("\ntargets (issue 18):")
    for key, title, unit in (("first_frame_ms", "first frame", "ms"),
                             ("worst_stall_ms", "no stall over", "ms"),
                             ("peak_rss_mib", "peak RSS", "MiB")):
        print("  %-14s < %4.0f %-3s  " % (title, TARGETS[key], unit)
              + "  ".join("%s %.0f %s" % (r["label"], r[key],
                                          "met" if 0 <= r[key] < TARGETS[key] else "MISSED")
                          for r in runs))


def main():
    args = parse_args()
    db_path = bench_dataset(args)
    print("Window probe: %s, then an empty database" % os.path.basename(db_path), flush=True)
    runs = [probe(args, "%d entries" % args.entries, db_path), probe(args, "empty", None)]
    report(args, runs)
    out = os.path.join(args.build, "tests", "bench", "window-probe.json")
    with open(out, "w") as f:
        json.dump(runs, f, indent=1)
    print("\n(all figures also in %s)" % out)
    # A run killed by the guard is a figure (today's code can need gigabytes); a probe that
    # could not do its job is a failure.
    return 1 if any(r["error"] and not r["killed"] for r in runs) else 0


if __name__ == "__main__":
    sys.exit(main())
