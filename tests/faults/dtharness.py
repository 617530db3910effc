# dtharness.py: drives a real `doubletime --headless` for the fault, benchmark and soak tests:
# start and kill it, create apps through its command line, get real tokens, call REST and MCP.
import base64
import hashlib
import http.client
import json
import os
import secrets
import signal
import subprocess
import tempfile
import time
import urllib.parse


def binary():
    path = os.environ.get("DT_BINARY")
    if not path:
        raise SystemExit("DT_BINARY must name the doubletime binary")
    return path


def port_file():
    return os.path.join(os.environ["XDG_RUNTIME_DIR"], "doubletime", "port")


class Server:
    """One `doubletime --headless` process on a free port over a data folder."""

    def __init__(self, data_dir, env=None, log_path=None):
        self.data_dir = data_dir
        self.env = dict(os.environ, **(env or {}))
        self.log_path = log_path or os.path.join(data_dir, "..", "server.log")
        self.proc = None
        self.port = None
        self.ready_seconds = None

    def start(self, timeout=30.0, port=0):
        try:
            os.unlink(port_file())
        except FileNotFoundError:
            pass
        log = open(self.log_path, "ab")
        began = time.monotonic()
        self.proc = subprocess.Popen(
            [binary(), "--headless", "--port", str(port), "--data-dir", self.data_dir],
            stdout=log, stderr=subprocess.STDOUT, env=self.env)
        log.close()
        deadline = began + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("doubletime exited with %d at start-up:\n%s"
                                   % (self.proc.returncode, self.log_tail()))
            try:
                with open(port_file()) as f:
                    text = f.read().strip()
                if text:
                    self.port = int(text)
                    if self._answers():
                        self.ready_seconds = time.monotonic() - began
                        return self
            except (FileNotFoundError, ValueError):
                pass
            time.sleep(0.005)
        raise RuntimeError("doubletime did not start:\n" + self.log_tail())

    def _answers(self):
        try:
            status, _, _ = request(self.port, "GET", "/.well-known/oauth-authorization-server")
            return status == 200
        except OSError:
            return False

    def kill(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait()

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()

    @property
    def pid(self):
        return self.proc.pid

    @property
    def db_path(self):
        return os.path.join(self.data_dir, "doubletime.db")

    def log_tail(self, lines=40):
        try:
            with open(self.log_path, errors="replace") as f:
                return "".join(f.readlines()[-lines:])
        except FileNotFoundError:
            return ""

    def status(self, key):
        return proc_status(self.pid, key)

    def fd_count(self):
        return len(os.listdir("/proc/%d/fd" % self.pid))


def proc_status(pid, key):
    """A field of /proc/PID/status, in kB for the Vm* fields."""
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith(key + ":"):
                return int(line.split()[1])
    return None


def cli(*args, check=True):
    """`doubletime ARGS…`, forwarded to the running instance on the session bus."""
    result = subprocess.run([binary(), *args], capture_output=True, text=True, timeout=60)
    if check and result.returncode != 0:
        raise RuntimeError("doubletime %s failed (%d): %s"
                           % (" ".join(args), result.returncode, result.stderr))
    return result


def create_private_app(name, target, scopes):
    args = ["apps", "create-private", "--name", name, "--target", target]
    for scope in scopes:
        args += ["--scope", scope]
    out = cli(*args).stdout
    fields = dict(line.split(": ", 1) for line in out.splitlines() if ": " in line)
    return fields["client_id"].strip(), fields["client_secret"].strip()


class Connection:
    """A keep-alive HTTP/1.1 connection to the server."""

    def __init__(self, port, timeout=30):
        self.port = port
        self.timeout = timeout
        self.conn = None

    def request(self, method, path, body=None, headers=None):
        if self.conn is None:
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
        hdrs = {"Host": "127.0.0.1:%d" % self.port}
        hdrs.update(headers or {})
        if isinstance(body, (dict, list)):
            body = json.dumps(body)
            hdrs.setdefault("Content-Type", "application/json")
        try:
            self.conn.request(method, path, body=body, headers=hdrs)
            response = self.conn.getresponse()
            data = response.read()
        except Exception:
            self.close()
            raise
        if response.getheader("Connection", "").lower() == "close":
            self.close()
        return response.status, dict(response.getheaders()), data

    def close(self):
        if self.conn is not None:
            self.conn.close()
            self.conn = None


def request(port, method, path, body=None, headers=None, timeout=30):
    conn = Connection(port, timeout)
    try:
        return conn.request(method, path, body, headers)
    finally:
        conn.close()


def form(**fields):
    return urllib.parse.urlencode(fields)


def client_credentials_token(port, client_id, secret):
    basic = base64.b64encode(("%s:%s" % (client_id, secret)).encode()).decode()
    status, _, body = request(port, "POST", "/oauth/token",
                              form(grant_type="client_credentials"),
                              {"Authorization": "Basic " + basic,
                               "Content-Type": "application/x-www-form-urlencoded"})
    if status != 200:
        raise RuntimeError("client_credentials: %d %s" % (status, body[:300]))
    return json.loads(body)["access_token"]


REDIRECT = "http://127.0.0.1:4712/cb"


def public_app_tokens(port, name, target, scope, approve_timeout=30):
    """The public PKCE flow, the user's part played by `doubletime consent approve`."""
    status, _, body = request(port, "POST", "/oauth/register",
                              {"client_name": name, "redirect_uris": [REDIRECT]})
    if status != 201:
        raise RuntimeError("register: %d %s" % (status, body[:300]))
    client_id = json.loads(body)["client_id"]
    verifier = base64.urlsafe_b64encode(secrets.token_bytes(32)).rstrip(b"=").decode()
    challenge = base64.urlsafe_b64encode(
        hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    resource = "http://127.0.0.1:%d/%s" % (port, "mcp" if target == "mcp" else "api/v1")
    query = form(response_type="code", client_id=client_id, redirect_uri=REDIRECT,
                 code_challenge=challenge, code_challenge_method="S256", state="s",
                 scope=scope, resource=resource)
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=approve_timeout + 10)
    conn.request("GET", "/oauth/authorize?" + query, headers={"Host": "127.0.0.1:%d" % port})
    deadline = time.monotonic() + approve_timeout
    request_id = None
    while request_id is None and time.monotonic() < deadline:
        waiting = json.loads(cli("consent", "list", "--json").stdout)
        for item in waiting:
            if item.get("app") == name:
                request_id = item["id"]
        if request_id is None:
            time.sleep(0.05)
    if request_id is None:
        raise RuntimeError("the consent request never appeared")
    cli("consent", "approve", request_id)
    response = conn.getresponse()
    response.read()
    location = response.getheader("Location", "")
    conn.close()
    params = urllib.parse.parse_qs(urllib.parse.urlsplit(location).query)
    if "code" not in params:
        raise RuntimeError("authorize: %d %s" % (response.status, location))
    status, _, body = request(port, "POST", "/oauth/token",
                              form(grant_type="authorization_code", code=params["code"][0],
                                   code_verifier=verifier, redirect_uri=REDIRECT,
                                   client_id=client_id, resource=resource),
                              {"Content-Type": "application/x-www-form-urlencoded"})
    if status != 200:
        raise RuntimeError("token: %d %s" % (status, body[:300]))
    tokens = json.loads(body)
    return client_id, resource, tokens


def refresh(conn, client_id, resource, refresh_token):
    return conn.request("POST", "/oauth/token",
                        form(grant_type="refresh_token", refresh_token=refresh_token,
                             client_id=client_id, resource=resource),
                        {"Content-Type": "application/x-www-form-urlencoded"})


def bearer(token):
    return {"Authorization": "Bearer " + token}


class McpSession:
    """A Streamable HTTP MCP session (JSON responses) over one keep-alive connection."""

    def __init__(self, port, token, timeout=60):
        self.conn = Connection(port, timeout)
        self.token = token
        self.session_id = None
        self.next_id = 1

    def _headers(self):
        headers = {"Authorization": "Bearer " + self.token,
                   "Accept": "application/json, text/event-stream",
                   "Content-Type": "application/json"}
        if self.session_id:
            headers["Mcp-Session-Id"] = self.session_id
            headers["MCP-Protocol-Version"] = "2025-11-25"
        return headers

    def rpc(self, method, params=None, notify=False):
        message = {"jsonrpc": "2.0", "method": method}
        if params is not None:
            message["params"] = params
        if not notify:
            message["id"] = self.next_id
            self.next_id += 1
        status, headers, body = self.conn.request("POST", "/mcp", json.dumps(message),
                                                  self._headers())
        if notify:
            return status, None
        if headers.get("Content-Type", "").startswith("text/event-stream"):
            body = sse_response(body)
        return status, (json.loads(body) if body else None)

    def initialize(self):
        status, headers, body = self.conn.request(
            "POST", "/mcp",
            json.dumps({"jsonrpc": "2.0", "id": 0, "method": "initialize",
                        "params": {"protocolVersion": "2025-11-25", "capabilities": {},
                                   "clientInfo": {"name": "dt-harness", "version": "1"}}}),
            self._headers())
        if status != 200:
            raise RuntimeError("initialize: %d %s" % (status, body[:300]))
        self.session_id = headers.get("Mcp-Session-Id") or headers.get("mcp-session-id")
        self.rpc("notifications/initialized", notify=True)
        return self

    def call(self, tool, arguments):
        status, reply = self.rpc("tools/call", {"name": tool, "arguments": arguments})
        return status, reply

    def close(self):
        if self.session_id:
            try:
                self.conn.request("DELETE", "/mcp", None, self._headers())
            except OSError:
                pass
        self.conn.close()


def sse_response(body):
    """The JSON-RPC response carried by an SSE body (the last message event with an id)."""
    reply = b""
    for event in body.split(b"\n\n"):
        data = b"\n".join(line[5:].lstrip() for line in event.split(b"\n")
                          if line.startswith(b"data:"))
        if data.strip():
            try:
                message = json.loads(data)
            except ValueError:
                continue
            if "id" in message and ("result" in message or "error" in message):
                reply = data
    return reply


def scratch_dir(prefix):
    return tempfile.mkdtemp(prefix=prefix, dir=os.environ.get("TMPDIR", "/tmp"))
