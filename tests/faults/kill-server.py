#!/usr/bin/python3
# The headless server killed with SIGKILL again and again while clients write through the REST
# API and rotate refresh tokens: after each restart every acknowledged write is there, the
# database passes integrity_check and foreign_key_check, and no token family has two live
# refresh tokens. Runs inside session-run.sh (the command line reaches the server over D-Bus).
import json
import os
import random
import shutil
import sqlite3
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import dtharness as h  # noqa: E402

BUDGET = float(os.environ.get("DT_KILL_SECONDS", "20"))
MIN_KILLS = int(os.environ.get("DT_KILL_MIN", "15"))


def writer(port, token, project_id, name, acknowledged, stop):
    """Logs time entries until the server dies; a 201 is an acknowledged write."""
    conn = h.Connection(port, timeout=10)
    seq = 0
    while not stop.is_set():
        seq += 1
        note = "%s-%d" % (name, seq)
        start = 1767225600 + random.randrange(0, 86400 * 365)
        body = {"project_id": project_id,
                "start": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(start)),
                "end": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(start + 1800)),
                "note": note}
        try:
            status, _, data = conn.request("POST", "/api/v1/time-entries", body, h.bearer(token))
        except OSError:
            return
        if status != 201:
            raise SystemExit("create_time_entry answered %d: %s" % (status, data[:300]))
        acknowledged.append((json.loads(data)["id"], note))


def rotator(port, client, rotations, stop):
    """Rotates one refresh token until the server dies; a 200 is an acknowledged rotation."""
    conn = h.Connection(port, timeout=10)
    while not stop.is_set():
        try:
            status, _, data = h.refresh(conn, client["id"], client["resource"], client["refresh"])
        except OSError:
            return
        if status == 200:
            client["refresh"] = json.loads(data)["refresh_token"]
            rotations[0] += 1
        else:
            # The kill fell between the commit and the answer: the client still holds the
            # consumed token, and reusing it revokes the family, as it must.
            client["refresh"] = None
            client["reuse_revoked"] += 1
            return


def check(db_path, acknowledged):
    db = sqlite3.connect("file:%s?mode=ro" % db_path, uri=True, timeout=30)
    try:
        result = db.execute("PRAGMA integrity_check").fetchall()
        assert result == [("ok",)], "integrity_check: %r" % result[:5]
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
        notes = dict(db.execute("SELECT id, note FROM time_entries"))
        for entry_id, note in acknowledged:
            assert notes.get(entry_id) == note, (
                "acknowledged entry %d (%s) is missing after the restart" % (entry_id, note))
        now = int(time.time())
        doubled = db.execute(
            "SELECT family_id, count(*) FROM tokens WHERE kind = 'refresh' AND "
            "family_id IS NOT NULL AND used_at IS NULL AND revoked_at IS NULL AND "
            "expires_at > ? GROUP BY family_id HAVING count(*) > 1", (now,)).fetchall()
        assert doubled == [], "families with two live refresh tokens: %r" % doubled
        return len(notes)
    finally:
        db.close()


def main():
    scratch = h.scratch_dir("dt-kill.")
    data = os.path.join(scratch, "data")
    server = h.Server(data, log_path=os.path.join(scratch, "server.log"))
    rng_seed = int(os.environ.get("DT_KILL_SEED", str(int(time.time()))))
    random.seed(rng_seed)
    print("# seed %d" % rng_seed)
    try:
        server.start()
        client_id, secret = h.create_private_app(
            "Kill test", "api", ["clients:write", "projects:write", "time_entries:write"])
        token = h.client_credentials_token(server.port, client_id, secret)
        status, _, body = h.request(server.port, "POST", "/api/v1/clients",
                                    {"name": "Kill Client"}, h.bearer(token))
        assert status == 201, body
        client_row = json.loads(body)["id"]
        status, _, body = h.request(server.port, "POST", "/api/v1/projects",
                                    {"client_id": client_row, "name": "Kill Project"},
                                    h.bearer(token))
        assert status == 201, body
        project_id = json.loads(body)["id"]

        public = None
        acknowledged = []
        rotations = [0]
        reuse_revoked = 0
        kills = 0
        began = time.monotonic()
        while time.monotonic() - began < BUDGET or kills < MIN_KILLS:
            if public is None or public["refresh"] is None:
                if public is not None:
                    reuse_revoked += public["reuse_revoked"]
                cid, resource, tokens = h.public_app_tokens(
                    server.port, "Kill rotator %d" % kills, "api", "time_entries:read")
                public = {"id": cid, "resource": resource, "refresh": tokens["refresh_token"],
                          "reuse_revoked": 0}
            stop = threading.Event()
            threads = [threading.Thread(target=writer, args=(server.port, token, project_id,
                                                             "w%d-%d" % (kills, i),
                                                             acknowledged, stop))
                       for i in range(2)]
            threads.append(threading.Thread(target=rotator,
                                            args=(server.port, public, rotations, stop)))
            for t in threads:
                t.start()
            time.sleep(random.uniform(0.05, 0.6))
            server.kill()
            kills += 1
            stop.set()
            for t in threads:
                t.join()
            server.start()
            rows = check(server.db_path, acknowledged)
        reuse_revoked += public["reuse_revoked"] if public else 0
        server.stop()
        rows = check(server.db_path, acknowledged)
        print("# kills survived: %d, acknowledged writes checked after every restart: %d "
              "(%d rows), refresh rotations: %d, families revoked on reuse after a kill: %d, "
              "%.1f s" % (kills, len(acknowledged), rows, rotations[0], reuse_revoked,
                          time.monotonic() - began))
        assert kills >= MIN_KILLS and len(acknowledged) > 0 and rotations[0] > 0
        print("ok")
    except BaseException:
        print(server.log_tail(), file=sys.stderr)
        raise
    finally:
        server.kill()
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
