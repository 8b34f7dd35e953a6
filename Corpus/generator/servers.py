"""Fake module proxy, checksum DB and git-over-HTTP remote, all on 127.0.0.1 (random free ports).

Python 3 stdlib only. The servers are started once per generator run; each scenario sets
`Proxy.rules` (how to misbehave) before running Go.
"""
import base64
import hashlib
import io
import os
import random
import socket
import ssl
import struct
import subprocess
import threading
import time
import urllib.parse
import zipfile
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

FIXED_DATE = (2023, 3, 14, 10, 0, 0)


def escape_path(p):
    return "".join("!" + c.lower() if c.isupper() else c for c in p)


def unescape_path(p):
    out, bang = [], False
    for c in p:
        if c == "!":
            bang = True
            continue
        out.append(c.upper() if bang else c)
        bang = False
    return "".join(out)


def h1_files(files):
    """dirhash.Hash1 over {name: bytes}."""
    summary = "".join("%s  %s\n" % (hashlib.sha256(files[n]).hexdigest(), n) for n in sorted(files))
    return "h1:" + base64.b64encode(hashlib.sha256(summary.encode()).digest()).decode()


class Module:
    def __init__(self, path, version, files, gomod=None, time_=None):
        self.path, self.version = path, version
        self.gomod = (gomod or "module %s\n\ngo 1.17\n" % path).encode()
        self.files = {"go.mod": self.gomod}
        for k, v in files.items():
            self.files[k] = v.encode() if isinstance(v, str) else v
        self.time = time_ or "2023-03-14T10:00:00Z"

    def zip_bytes(self):
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
            for name in sorted(self.files):
                zi = zipfile.ZipInfo("%s@%s/%s" % (self.path, self.version, name), FIXED_DATE)
                zi.compress_type = zipfile.ZIP_DEFLATED
                z.writestr(zi, self.files[name])
        return buf.getvalue()

    def zip_hash(self):
        return h1_files({"%s@%s/%s" % (self.path, self.version, n): b for n, b in self.files.items()})

    def mod_hash(self):
        return h1_files({"go.mod": self.gomod})

    def gosum(self):
        return "%s %s %s\n%s %s/go.mod %s\n" % (self.path, self.version, self.zip_hash(),
                                                 self.path, self.version, self.mod_hash())


def _free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    p = s.getsockname()[1]
    s.close()
    return p


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True


class Proxy:
    """GOPROXY protocol server. rules: list of (predicate(path, kind) -> bool, action dict).
    action: {"status": int, "body": str} | {"reset": True} | {"eof": True} | {"hang": secs}
    | {"zip": bytes} (serve other bits)."""

    def __init__(self, tls_cert=None):
        self.modules = {}
        self.rules = []
        self.log = []
        proxy = self

        class H(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *a):
                pass

            def _send(self, code, body=b"", ctype="text/plain; charset=utf-8"):
                if isinstance(body, str):
                    body = body.encode()
                self.send_response(code)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self):
                path = urllib.parse.unquote(self.path.split("?")[0]).lstrip("/")
                proxy.log.append(path)
                if path.startswith("sumdb/"):
                    return self._send(404, "not found")
                if "/@v/" in path:
                    mpath, rest = path.split("/@v/", 1)
                    mpath = unescape_path(mpath)
                    if rest == "list":
                        kind, ver = "list", None
                    else:
                        ver, _, kind = rest.rpartition(".")
                        ver = unescape_path(ver)
                elif path.endswith("/@latest"):
                    mpath, kind, ver = unescape_path(path[: -len("/@latest")]), "latest", None
                else:
                    return self._send(404, "not found")
                for pred, act in proxy.rules:
                    if pred(mpath, kind):
                        return self._act(act, mpath, ver, kind)
                return self._serve(mpath, ver, kind)

            def _act(self, act, mpath, ver, kind):
                if "status" in act:
                    return self._send(act["status"], act.get("body", ""))
                if act.get("reset"):
                    self.send_response(200)
                    self.send_header("Content-Type", "application/zip")
                    self.send_header("Content-Length", "90000")
                    self.end_headers()
                    self.wfile.write(b"PK\x03\x04" + b"\0" * 2000)
                    self.wfile.flush()
                    time.sleep(0.2)
                    self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                    self.close_connection = True
                    self.connection.close()
                    return
                if act.get("eof"):
                    m = proxy.modules.get(mpath, {}).get(ver)
                    data = m.zip_bytes() if m and kind == "zip" else b"x" * 4000
                    self.send_response(200)
                    self.send_header("Content-Type", "application/zip")
                    self.send_header("Content-Length", str(len(data) + 50000))
                    self.end_headers()
                    self.wfile.write(data[: len(data) // 2])
                    self.wfile.flush()
                    self.close_connection = True
                    return
                if "hang" in act:
                    time.sleep(act["hang"])
                    self.close_connection = True
                    return
                if "zip" in act:
                    return self._send(200, act["zip"], "application/zip")
                return self._send(500, "bad rule")

            def _serve(self, mpath, ver, kind):
                vers = proxy.modules.get(mpath)
                if not vers:
                    return self._send(404, "not found: module %s: no matching versions" % mpath)
                if kind == "list":
                    return self._send(200, "".join(v + "\n" for v in sorted(vers)))
                if kind == "latest":
                    ver = sorted(vers)[-1]
                    kind = "info"
                m = vers.get(ver)
                if m is None:
                    return self._send(404, "not found: %s@%s: invalid version: unknown revision %s" % (mpath, ver, ver))
                if kind == "info":
                    return self._send(200, '{"Version":"%s","Time":"%s"}' % (ver, m.time), "application/json")
                if kind == "mod":
                    return self._send(200, m.gomod)
                if kind == "zip":
                    return self._send(200, m.zip_bytes(), "application/zip")
                return self._send(404, "not found")

        self.port = _free_port()
        self.httpd = _Server(("127.0.0.1", self.port), H)
        if tls_cert:
            ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            ctx.load_cert_chain(*tls_cert)
            self.httpd.socket = ctx.wrap_socket(self.httpd.socket, server_side=True)
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def add(self, m):
        self.modules.setdefault(m.path, {})[m.version] = m

    @property
    def url(self):
        return "http://127.0.0.1:%d" % self.port


class SumDB:
    """Only answers lookups with a configured status (404/410) or 404 for everything else."""

    def __init__(self):
        self.status = 410
        self.body = ""
        db = self

        class H(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *a):
                pass

            def do_GET(self):
                code = db.status if self.path.startswith("/lookup/") else 404
                body = (db.body if self.path.startswith("/lookup/") else "not found").encode()
                self.send_response(code)
                self.send_header("Content-Type", "text/plain; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.port = _free_port()
        self.httpd = _Server(("127.0.0.1", self.port), H)
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    @property
    def url(self):
        return "http://127.0.0.1:%d" % self.port


class GitServer:
    """Smart-HTTP git remote via `git http-backend`; repos listed in `auth` answer 401."""

    def __init__(self, root):
        self.root = root
        self.auth = set()
        gs = self

        class H(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.0"

            def log_message(self, *a):
                pass

            def _cgi(self, method):
                path, _, query = self.path.partition("?")
                repo = path.lstrip("/").split(".git")[0].split("/info/")[0].split("/git-")[0]
                if any(repo.startswith(a) for a in gs.auth):
                    self.send_response(401)
                    self.send_header("WWW-Authenticate", 'Basic realm="GitHub"')
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                n = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(n) if n else b""
                env = dict(os.environ, GIT_PROJECT_ROOT=gs.root, GIT_HTTP_EXPORT_ALL="1",
                           PATH_INFO=path, QUERY_STRING=query, REQUEST_METHOD=method,
                           CONTENT_TYPE=self.headers.get("Content-Type", ""),
                           CONTENT_LENGTH=str(len(body)), REMOTE_ADDR="127.0.0.1",
                           GIT_PROTOCOL=self.headers.get("Git-Protocol", ""))
                if self.headers.get("Content-Encoding") == "gzip":
                    env["HTTP_CONTENT_ENCODING"] = "gzip"
                out = subprocess.run(["git", "http-backend"], input=body, env=env, capture_output=True).stdout
                head, _, payload = out.partition(b"\r\n\r\n")
                if not _:
                    head, _, payload = out.partition(b"\n\n")
                status = 200
                hdrs = []
                for line in head.decode("latin-1").splitlines():
                    k, _, v = line.partition(":")
                    if k.lower() == "status":
                        status = int(v.strip().split()[0])
                    elif k:
                        hdrs.append((k, v.strip()))
                self.send_response(status)
                for k, v in hdrs:
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def do_GET(self):
                self._cgi("GET")

            def do_POST(self):
                self._cgi("POST")

        self.port = _free_port()
        self.httpd = _Server(("127.0.0.1", self.port), H)
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    @property
    def url(self):
        return "http://127.0.0.1:%d" % self.port

    def make_repo(self, name, tags, workdir):
        """tags: list of (tag, {file: text}). Commits are deterministic."""
        bare = os.path.join(self.root, name)
        if os.path.exists(bare):
            return
        os.makedirs(bare)
        env = dict(os.environ, GIT_AUTHOR_NAME="Dev", GIT_AUTHOR_EMAIL="dev@example.test",
                   GIT_COMMITTER_NAME="Dev", GIT_COMMITTER_EMAIL="dev@example.test",
                   GIT_AUTHOR_DATE="2023-03-14T10:00:00Z", GIT_COMMITTER_DATE="2023-03-14T10:00:00Z",
                   GIT_CONFIG_NOSYSTEM="1", HOME=workdir)
        run = lambda *a, cwd=None: subprocess.run(a, cwd=cwd, env=env, check=True, capture_output=True)
        run("git", "init", "-q", "--bare", bare)
        wt = os.path.join(workdir, "wt-" + name.replace("/", "_"))
        run("git", "init", "-q", "-b", "main", wt)
        for tag, files in tags:
            for f, text in files.items():
                fp = os.path.join(wt, f)
                os.makedirs(os.path.dirname(fp), exist_ok=True)
                with open(fp, "w") as fh:
                    fh.write(text)
            run("git", "add", "-A", cwd=wt)
            run("git", "commit", "-q", "-m", "release " + tag, cwd=wt)
            run("git", "tag", tag, cwd=wt)
        run("git", "push", "-q", bare, "main", "--tags", cwd=wt)
        run("git", "--git-dir", bare, "config", "http.receivepack", "false")


def self_signed_cert(d):
    key, crt = os.path.join(d, "proxy.key"), os.path.join(d, "proxy.crt")
    if not os.path.exists(crt):
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key,
                        "-out", crt, "-days", "2", "-subj", "/CN=127.0.0.1",
                        "-addext", "subjectAltName=IP:127.0.0.1"], check=True, capture_output=True)
    return crt, key


def big_blob(n, seed=7):
    r = random.Random(seed)
    return bytes(r.getrandbits(8) for _ in range(n))
