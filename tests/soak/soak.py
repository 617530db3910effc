#!/usr/bin/python3
# The soak (`make soak`, also run by `make bench`): 50 concurrent MCP sessions doing what an
# assistant does all day (list entries, log time, find candidates, draft invoices, run reports,
# read the Billing Hub) against `doubletime --headless` for a bounded time, plus a client that
# opens a new connection for every request. Passes when there are no errors but the expected
# ones, the server's RSS is flat after warm-up, it holds no more file descriptors at the end
# than after warm-up, and the database is consistent afterwards.
import argparse
import json
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(SOURCE, "tests", "faults"))
import dtharness as h  # noqa: E402

SCOPES = ["clients:write", "projects:write", "time_entries:write", "invoices:write",
          "reports:read", "billing:read"]
# Answers a well-behaved assistant still meets: nothing left to bill in a range.
EXPECTED = ("nothing to bill", "no billable", "nothing to invoice", "no unbilled")


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--build", default=os.path.join(SOURCE, "build"))
    parser.add_argument("--seconds", type=float, default=90.0)
    parser.add_argument("--sessions", type=int, default=50)
    parser.add_argument("--entries", type=int, default=100000)
    parser.add_argument("--regenerate", action="store_true",
                        help="write the cached dataset again (after the generator changed)")
    return parser.parse_args()


def ensure_session(args):
    if os.environ.get("DT_IN_SESSION"):
        return
    env = dict(os.environ,
               DT_BINARY=os.path.join(args.build, "src", "doubletime"),
               GSETTINGS_SCHEMA_DIR=os.path.join(args.build, "data"),
               GSETTINGS_BACKEND="memory", LC_ALL="C.UTF-8")
    result = subprocess.run([os.path.join(SOURCE, "tests", "session-run.sh"), sys.executable,
                             os.path.abspath(__file__)] + sys.argv[1:], env=env)
    sys.exit(result.returncode)


def dataset(args):
    generator = os.path.join(args.build, "tests", "bench", "dt-bench-generate")
    path = os.path.join(args.build, "tests", "bench", "bench-%d.db" % args.entries)
    if not os.path.exists(path) or args.regenerate:
        subprocess.run([generator, "--output", path, "--force", "--seed", "42", "--end",
                        "2026-10-31", "--entries", str(args.entries), "--clients", "50",
                        "--projects", "200", "--tasks", "1000", "--invoices", "500"],
                       capture_output=True, check=True)
    return path


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.calls = {}
        self.expected = 0
        self.unexpected = []
        self.created = []

    def count(self, name):
        with self.lock:
            self.calls[name] = self.calls.get(name, 0) + 1

    def fail(self, what):
        with self.lock:
            if len(self.unexpected) < 20:
                self.unexpected.append(what)
            else:
                self.unexpected.append(None)


def result_of(stats, name, status, reply):
    """The tool's structured result, None for an expected refusal; records anything else."""
    stats.count(name)
    if status != 200 or reply is None or "result" not in reply:
        stats.fail("%s: HTTP %d %s" % (name, status, json.dumps(reply)[:300]))
        return None
    result = reply["result"]
    if result.get("isError"):
        text = json.dumps(result.get("content", ""))
        if any(e in text.lower() for e in EXPECTED):
            with stats.lock:
                stats.expected += 1
        else:
            stats.fail("%s: %s" % (name, text[:300]))
        return None
    return result.get("structuredContent", {})


def assistant(port, token, n, deadline, stats, months):
    rng = random.Random(n)
    session = h.McpSession(port, token)
    try:
        session.initialize()
        client = result_of(stats, "create_client", *session.call(
            "create_client", {"name": "Soak client %d" % n}))
        project = result_of(stats, "create_project", *session.call(
            "create_project", {"client_id": client["id"], "name": "Soak project %d" % n}))
        day = 0
        while time.monotonic() < deadline:
            roll = rng.random()
            if roll < 0.35:
                result_of(stats, "list_time_entries", *session.call(
                    "list_time_entries", {"limit": 100, "project_id": project["id"]}
                    if rng.random() < 0.5 else {"limit": 50}))
            elif roll < 0.65:
                day += 1
                start = "2026-%02d-%02dT09:00:00Z" % (1 + day // 28 % 12, 1 + day % 28)
                end = start.replace("T09:", "T10:")
                created = result_of(stats, "create_time_entry", *session.call(
                    "create_time_entry", {"project_id": project["id"], "start": start,
                                          "end": end, "note": "soak %d-%d" % (n, day)}))
                if created:
                    with stats.lock:
                        stats.created.append(created["id"])
            elif roll < 0.75:
                result_of(stats, "find_invoice_candidates", *session.call(
                    "find_invoice_candidates", {"client_id": client["id"], "from": "2026-01-01",
                                                "to": "2026-12-31"}))
            elif roll < 0.80:
                result_of(stats, "create_invoice_draft", *session.call(
                    "create_invoice_draft", {"client_id": client["id"], "from": "2026-01-01",
                                             "to": "2026-12-31"}))
            elif roll < 0.92:
                month = rng.choice(months)
                result_of(stats, "run_report", *session.call(
                    "run_report", {"from": month[0], "to": month[1],
                                   "group_by": rng.choice(["client", "project", "day"])}))
            else:
                result_of(stats, "get_billing_hub", *session.call("get_billing_hub", {}))
            time.sleep(rng.uniform(0.0, 0.05))
    except Exception as error:  # a dropped connection is an error too
        stats.fail("session %d: %r" % (n, error))
    finally:
        session.close()


def churn(port, deadline, stats):
    """A client that never reuses a connection (curl in a shell loop)."""
    while time.monotonic() < deadline:
        try:
            status, _, _ = h.request(port, "GET", "/.well-known/oauth-authorization-server")
            stats.count("new connection")
            if status != 200:
                stats.fail("churn: HTTP %d" % status)
        except OSError as error:
            stats.fail("churn: %r" % error)
        time.sleep(0.01)


def check_database(path, created):
    db = sqlite3.connect("file:%s?mode=ro" % path, uri=True)
    try:
        problems = []
        if db.execute("PRAGMA integrity_check").fetchall() != [("ok",)]:
            problems.append("integrity_check failed")
        if db.execute("PRAGMA foreign_key_check").fetchall():
            problems.append("foreign_key_check found rows")
        orphans = db.execute(
            "SELECT count(*) FROM time_entries e LEFT JOIN invoice_lines l "
            "ON l.id = e.invoice_line_id LEFT JOIN invoices i ON i.id = l.invoice_id "
            "WHERE e.invoice_line_id IS NOT NULL AND (i.id IS NULL OR i.status = 'void')"
        ).fetchone()[0]
        if orphans:
            problems.append("%d invoiced entries not on a line of a live invoice" % orphans)
        mismatched = db.execute(
            "SELECT count(*) FROM invoices i WHERE i.subtotal <> "
            "(SELECT coalesce(sum(amount), 0) FROM invoice_lines WHERE invoice_id = i.id)"
        ).fetchone()[0]
        if mismatched:
            problems.append("%d invoices whose subtotal is not the sum of their lines"
                            % mismatched)
        present = set(r[0] for r in db.execute("SELECT id FROM time_entries WHERE note LIKE "
                                               "'soak %'"))
        missing = [i for i in created if i not in present]
        if missing:
            problems.append("%d acknowledged entries missing" % len(missing))
        running = db.execute("SELECT count(*) FROM time_entries WHERE end_at IS NULL"
                             ).fetchone()[0]
        if running > 1:
            problems.append("%d running timers" % running)
        return problems
    finally:
        db.close()


def main():
    args = parse_args()
    ensure_session(args)
    source_db = dataset(args)
    scratch = h.scratch_dir("dt-soak.")
    data = os.path.join(scratch, "data")
    os.mkdir(data, 0o700)
    shutil.copyfile(source_db, os.path.join(data, "doubletime.db"))
    server = h.Server(data, log_path=os.path.join(scratch, "server.log"))
    stats = Stats()
    samples = []
    try:
        server.start(timeout=120)
        client_id, secret = h.create_private_app("Soak", "mcp", SCOPES)
        token = h.client_credentials_token(server.port, client_id, secret)
        months = [("2026-%02d-01" % m, "2026-%02d-28" % m) for m in range(1, 11)]
        began = time.monotonic()
        deadline = began + args.seconds
        threads = [threading.Thread(target=assistant,
                                    args=(server.port, token, n, deadline, stats, months))
                   for n in range(args.sessions)]
        threads.append(threading.Thread(target=churn, args=(server.port, deadline, stats)))
        for t in threads:
            t.start()
        while any(t.is_alive() for t in threads):
            samples.append((time.monotonic() - began, server.status("VmRSS") / 1024,
                            server.fd_count()))
            time.sleep(2)
        for t in threads:
            t.join()
        samples.append((time.monotonic() - began, server.status("VmRSS") / 1024,
                        server.fd_count()))
        peak = server.status("VmHWM") / 1024
        server.stop()
        problems = check_database(server.db_path, stats.created)
    finally:
        server.kill()
        log = server.log_tail(15)
        shutil.rmtree(scratch, ignore_errors=True)

    warm = [s for s in samples if s[0] >= args.seconds * 0.3]
    rss_warm, rss_end = warm[0][1], samples[-1][1]
    fd_warm, fd_end = warm[0][2], samples[-1][2]
    rss_growth = rss_end - rss_warm
    total = sum(stats.calls.values())
    print("soak: %d sessions + 1 new-connection client for %.0f s: %d calls (%s)"
          % (args.sessions, args.seconds, total,
             ", ".join("%s %d" % kv for kv in sorted(stats.calls.items()))))
    print("  %.0f calls/s; expected refusals %d; unexpected errors %d"
          % (total / args.seconds, stats.expected, len(stats.unexpected)))
    print("  RSS after warm-up %.1f MiB, at the end %.1f MiB (%+.1f MiB), peak %.1f MiB"
          % (rss_warm, rss_end, rss_growth, peak))
    print("  file descriptors after warm-up %d, at the end %d, max %d"
          % (fd_warm, fd_end, max(s[2] for s in samples)))
    print("  RSS samples (s, MiB): " + " ".join("%.0f:%.1f" % (s[0], s[1]) for s in samples))
    print("  database: %s" % ("; ".join(problems) if problems else
                              "integrity_check ok, foreign_key_check clean, every invoiced "
                              "entry on a line of a live invoice, subtotals add up, all "
                              "%d acknowledged entries present" % len(stats.created)))
    failures = []
    if stats.unexpected:
        failures.append("unexpected errors: %s" % [u for u in stats.unexpected if u][:5])
    # Flat: the SQLite page cache and allocator settle during warm-up; allow a little noise.
    if rss_growth > max(8.0, rss_warm * 0.10):
        failures.append("RSS grew by %.1f MiB after warm-up" % rss_growth)
    if fd_end > fd_warm + 5:
        failures.append("file descriptors grew from %d to %d" % (fd_warm, fd_end))
    failures += problems
    if failures:
        print("FAILED: " + "; ".join(failures))
        print(log)
        return 1
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
