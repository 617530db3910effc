#!/usr/bin/python3
# The data folder on a small tmpfs in a private mount namespace, filled until SQLite cannot
# grow: every write after that is answered with a clear "disk is full" error, reads go on, the
# server recovers once space is freed, a SIGKILL while full loses nothing acknowledged, and the
# database passes integrity_check throughout. Skips (exit 77) where mounting is not permitted.
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import dtharness as h  # noqa: E402

SKIP = 77


def skip(why):
    print("1..0 # SKIP %s" % why)
    print("SKIP: %s" % why, file=sys.stderr)
    sys.exit(SKIP)


def enter_namespace():
    if os.environ.get("DT_IN_MOUNT_NS"):
        return
    if shutil.which("unshare") is None:
        skip("unshare(1) is not installed")
    env = dict(os.environ, DT_IN_MOUNT_NS="1")
    probe = subprocess.run(["unshare", "--mount", "--propagation", "private", "true"],
                           capture_output=True, text=True)
    if probe.returncode != 0:
        skip("cannot create a private mount namespace here (needs root or CAP_SYS_ADMIN): "
             + probe.stderr.strip())
    result = subprocess.run(["unshare", "--mount", "--propagation", "private",
                             sys.executable, os.path.abspath(__file__)], env=env)
    sys.exit(result.returncode)


def note(n):
    return ("disk-full %06d " % n) + "x" * 4900


def create(conn, token, project_id, n):
    body = {"project_id": project_id, "start": "2026-03-01T09:00:00Z",
            "end": "2026-03-01T10:00:00Z", "note": note(n)}
    return conn.request("POST", "/api/v1/time-entries", body, h.bearer(token))


def check(db_path, acknowledged):
    db = sqlite3.connect("file:%s?mode=ro" % db_path, uri=True, timeout=30)
    try:
        result = db.execute("PRAGMA integrity_check").fetchall()
        assert result == [("ok",)], "integrity_check: %r" % result[:5]
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
        present = dict(db.execute("SELECT id, note FROM time_entries"))
        for entry_id, n in acknowledged:
            assert present.get(entry_id) == note(n), "acknowledged entry %d is missing" % entry_id
    finally:
        db.close()


def fill_until_full(conn, token, project_id, acknowledged, start):
    """Writes until the first refusal; returns (status, body) of that refusal."""
    n = start
    while True:
        status, _, data = create(conn, token, project_id, n)
        if status != 201:
            return n, status, data
        acknowledged.append((json.loads(data)["id"], n))
        n += 1
        if n - start > 5000:
            raise AssertionError("the 4 MB file system never filled up")


def main():
    enter_namespace()
    scratch = h.scratch_dir("dt-full.")
    mount = os.path.join(scratch, "small")
    os.mkdir(mount)
    result = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m,mode=0700", "tmpfs", mount],
                            capture_output=True, text=True)
    if result.returncode != 0:
        shutil.rmtree(scratch, ignore_errors=True)
        skip("cannot mount a tmpfs here: " + result.stderr.strip())
    server = h.Server(os.path.join(mount, "data"), log_path=os.path.join(scratch, "server.log"))
    try:
        server.start()
        client_id, secret = h.create_private_app(
            "Disk test", "api", ["clients:write", "projects:write", "time_entries:write"])
        token = h.client_credentials_token(server.port, client_id, secret)
        status, _, body = h.request(server.port, "POST", "/api/v1/clients",
                                    {"name": "Full Client"}, h.bearer(token))
        assert status == 201, body
        status, _, body = h.request(server.port, "POST", "/api/v1/projects",
                                    {"client_id": json.loads(body)["id"], "name": "Full"},
                                    h.bearer(token))
        assert status == 201, body
        project_id = json.loads(body)["id"]

        conn = h.Connection(server.port)
        acknowledged = []
        n, status, data = fill_until_full(conn, token, project_id, acknowledged, 0)
        text = data.decode(errors="replace")
        print("# full after %d entries: HTTP %d %s" % (len(acknowledged), status, text[:300]))
        assert status == 507, "a full disk answered %d, not 507 Insufficient Storage" % status
        assert "disk is full" in text, "the refusal does not say the disk is full: " + text

        # Later writes are refused the same way (or fit in the space a checkpoint freed), reads
        # still work, and the server is alive.
        for i in range(5):
            status, _, data = create(conn, token, project_id, n + 1 + i)
            if status == 201:
                acknowledged.append((json.loads(data)["id"], n + 1 + i))
            else:
                assert b"disk is full" in data, data[:300]
        status, _, data = conn.request("GET", "/api/v1/time-entries?limit=5", None,
                                       h.bearer(token))
        assert status == 200, "reading while full answered %d: %s" % (status, data[:200])
        check(server.db_path, acknowledged)

        # Killed while full: nothing acknowledged is lost and it starts again.
        server.kill()
        conn.close()
        try:
            server.start()
            restarted_full = True
        except RuntimeError as error:
            restarted_full = False
            print("# start-up on a full disk refused: %s"
                  % str(error).strip().splitlines()[-1][:300])
        check(server.db_path, acknowledged)

        # Space freed (the file system grown, as the user would free some): writes work again,
        # without a restart when the server is up.
        subprocess.run(["mount", "-o", "remount,size=16m", mount], check=True)
        if not restarted_full:
            server.start()
        conn = h.Connection(server.port)
        status, _, data = create(conn, token, project_id, 999999)
        assert status == 201, "after freeing space a write answered %d: %s" % (status, data[:200])
        acknowledged.append((json.loads(data)["id"], 999999))
        conn.close()
        server.stop()
        check(server.db_path, acknowledged)
        print("# disk full: %d writes acknowledged before, refusal says 'disk is full', reads "
              "served while full, restart while full %s, writes resume after space is freed, "
              "integrity_check ok" % (len(acknowledged) - 1,
                                      "worked" if restarted_full else "refused cleanly"))
        print("ok")
    except BaseException:
        print(server.log_tail(), file=sys.stderr)
        raise
    finally:
        server.kill()
        subprocess.run(["umount", mount], capture_output=True)
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
