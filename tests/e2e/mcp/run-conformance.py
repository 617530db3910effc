#!/usr/bin/python3
# Runs the official MCP conformance suite against a server started for the occasion: the
# fixture (prints PORT=<n>), then `conformance server --url …`, and prints the summary.
import argparse
import os
import re
import shutil
import subprocess
import sys
import time


def start_fixture(path):
    # The fixture runs with the suite's G_DEBUG (fatal-criticals): a critical aborts it, and
    # the scenarios after it fail.
    proc = subprocess.Popen([path], stdout=subprocess.PIPE, stderr=None, text=True)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        match = re.match(r"PORT=(\d+)", line)
        if match:
            return proc, int(match.group(1))
    proc.kill()
    sys.exit("the fixture server did not report its port")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--fixture", required=True)
    parser.add_argument("--node", required=True)
    parser.add_argument("--conformance", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--suite", default="all")
    parser.add_argument("--scenario")
    parser.add_argument("--expect-pass", type=int, default=0,
                        help="fail unless at least this many scenarios pass")
    args = parser.parse_args()

    shutil.rmtree(args.out, ignore_errors=True)
    os.makedirs(args.out, exist_ok=True)
    proc, port = start_fixture(args.fixture)
    try:
        command = [args.node, args.conformance, "server",
                   "--url", "http://127.0.0.1:%d/mcp" % port, "-o", args.out]
        if args.scenario:
            command += ["--scenario", args.scenario]
        else:
            command += ["--suite", args.suite]
        env = dict(os.environ, NO_COLOR="1")
        result = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                text=True, env=env, timeout=240)
    finally:
        early_exit = proc.poll()
        proc.terminate()
        try:
            fixture_status = proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
            fixture_status = "hung"

    output = result.stdout
    print(output)
    passed = len(re.findall(r"^✓", output, re.M))
    failed = len(re.findall(r"^✗", output, re.M))
    print("scenarios passed: %d, failed: %d" % (passed, failed))
    if early_exit is not None or fixture_status != 0:
        print("the fixture server did not stop cleanly (status %s)" % fixture_status)
        return 1
    if result.returncode != 0 or failed:
        return 1
    if passed < args.expect_pass:
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
