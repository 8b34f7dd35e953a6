"""Runs real Go against the fake servers and returns normalised output."""
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys

import servers
from scenarios import scenarios, proxy_modules

ROOT = "/tmp/whygo-corpus-gen"
HOST_IP = {"proxy.golang.org": "142.251.36.49", "goproxy.corp.example": "10.20.0.15", "github.com": "140.82.121.4"}


class Env:
    """The servers shared by all scenarios."""

    def __init__(self):
        if os.path.exists(ROOT):
            shutil.rmtree(ROOT)
        os.makedirs(ROOT)
        self.proxy = servers.Proxy()
        cert = servers.self_signed_cert(ROOT)
        self.tlsproxy = servers.Proxy(tls_cert=cert)
        self.sumdb = servers.SumDB()
        os.makedirs(os.path.join(ROOT, "git"))
        self.git = servers.GitServer(os.path.join(ROOT, "git"))
        self.mods = {(m.path, m.version): m for m in proxy_modules()}
        for m in self.mods.values():
            self.proxy.add(m)
            self.tlsproxy.add(m)
        self.closed = servers._free_port()
        gw = os.path.join(ROOT, "gitwork")
        os.makedirs(gw)
        kit = lambda v, mod="github.com/acme/kit": {"go.mod": "module %s\n\ngo 1.17\n" % mod,
                                                   "kit.go": "package kit\n\nfunc Version() string { return \"%s\" }\n" % v}
        self.git.make_repo("acme/kit", [("v1.3.0", kit("1.3.0")), ("v1.4.0", kit("1.4.0")),
                                        ("v2.0.0", kit("2.0.0", "github.com/acme/kit/v2"))], gw)
        self.git.make_repo("acme/log", [("v0.9.1", {"go.mod": "module github.com/acme/log\n\ngo 1.17\n",
                                                    "log.go": "package log\n"})], gw)
        self.git.make_repo("acme-corp/billing", [("v1.1.0", {"go.mod": "module github.com/acme-corp/billing\n\ngo 1.17\n",
                                                             "billing.go": "package billing\n"})], gw)
        self.gitconfig = os.path.join(ROOT, "gitconfig")
        with open(self.gitconfig, "w") as f:
            f.write('[url "%s/"]\n\tinsteadOf = https://github.com/\n' % self.git.url)
        self.emptybin = os.path.join(ROOT, "emptybin")
        os.makedirs(self.emptybin)


def go_info(go):
    v = subprocess.run([go, "version"], capture_output=True, text=True, env={"GOTOOLCHAIN": "local", "PATH": "/usr/bin:/bin", "HOME": ROOT}).stdout
    ver = re.search(r"go(\d+\.\d+(?:\.\d+)?)", v).group(1)
    goroot = subprocess.run([go, "env", "GOROOT"], capture_output=True, text=True,
                            env={"GOTOOLCHAIN": "local", "PATH": "/usr/bin:/bin", "HOME": ROOT}).stdout.strip()
    return ver, goroot


def tag_of(ver):
    a, b = ver.split(".")[:2]
    return "go%s%s" % (a, b)


def fill_files(env, sc, ver):
    maj, minor = ver.split(".")[:2]
    nxt = "%s.%d" % (maj, int(minor) + 2)
    out = {}
    for name, text in sc.files.items():
        text = text.replace("@NEXT", nxt).replace("@CUR", ver)
        if name == "go.sum":
            lines = []
            for line in text.splitlines():
                tag, p, v = line.split()
                m = env.mods[(p, v)]
                s = m.gosum().splitlines()
                if tag == "@badsum":
                    s[0] = "%s %s h1:%s" % (p, v, "Zm9vYmFyYmF6cXV4cXV1eGNvcmdlZ3JhdWx0Z2FycGx5MA=")
                if tag == "@badmodsum":
                    s[1] = "%s %s/go.mod h1:%s" % (p, v, "w6F7bJ0cKxSm2nH3l4Yd1rFqPzT8VgXeA5iQoUuRk9c=")
                lines += s
            text = "".join(l + "\n" for l in lines)
        out[name] = text
    return out


def run(env, sc, go, ver, goroot):
    wd_root = os.path.join(ROOT, "run", sc.name)
    if os.path.exists(wd_root):
        subprocess.run(["umount", os.path.join(wd_root, "gopath/pkg/mod")], capture_output=True)
        shutil.rmtree(wd_root)
    gopath = os.path.join(wd_root, "gopath")
    modcache = os.path.join(gopath, "pkg", "mod")
    gocache = os.path.join(wd_root, "cache")
    home = os.path.join(wd_root, "home")
    outdir = os.path.join(wd_root, "out")
    work = os.path.join(wd_root, sc.special.get("workdir", "work"))
    for d in (gopath, gocache, home, outdir, work):
        os.makedirs(d, exist_ok=True)
    for name, text in fill_files(env, sc, ver).items():
        p = os.path.join(work, name)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, "w") as f:
            f.write(text)
    e = {"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": home, "GOPATH": gopath, "GOMODCACHE": modcache,
         "GOCACHE": gocache, "GOPROXY": env.proxy.url, "GOSUMDB": "off", "GOTOOLCHAIN": "local",
         "GIT_TERMINAL_PROMPT": "0", "GIT_CONFIG_GLOBAL": env.gitconfig, "GIT_CONFIG_NOSYSTEM": "1",
         "CGO_ENABLED": "0", "LANG": "C", "GOFLAGS": "", "TMPDIR": os.path.join(wd_root, "tmp")}
    os.makedirs(e["TMPDIR"])
    subst = {"proxy": env.proxy.url, "closed": "http://127.0.0.1:%d" % env.closed,
             "tlsproxy": env.tlsproxy.url.replace("http:", "https:"), "sumdb": env.sumdb.url}
    maj, minor = ver.split(".")[:2]
    for k, v in sc.env.items():
        e[k] = v.format(**subst).replace("@NEXT", "%s.%d" % (maj, int(minor) + 2))
    env.proxy.rules = []
    for pred, act in sc.rules:
        if act.get("zip") == "@tampered":
            m = env.mods[("github.com/acme/kit", "v1.4.0")]
            t = servers.Module(m.path, m.version, {"kit.go": m.files["kit.go"].decode() + "\n// patched\n"}, gomod=m.gomod.decode())
            act = {"zip": t.zip_bytes()}
        env.proxy.rules.append((pred, act))
    env.git.auth = {sc.special["auth"]} if "auth" in sc.special else set()
    if "sumdb" in sc.special:
        env.sumdb.status, env.sumdb.body = sc.special["sumdb"]
    pre = []
    if sc.special.get("nogit") or sc.special.get("nogcc"):
        e["PATH"] = env.emptybin
    if sc.special.get("nobody"):
        os.makedirs(modcache, exist_ok=True)
        for d in (gocache, home, e["TMPDIR"], outdir):
            os.chmod(d, 0o777)
        os.chmod(wd_root, 0o755)
        pre = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
    mounted = False
    if sc.special.get("tmpfs"):
        os.makedirs(modcache, exist_ok=True)
        r = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", modcache], capture_output=True)
        if r.returncode != 0:
            return None, "tmpfs mount failed: " + r.stderr.decode().strip()
        mounted = True
    cmd = pre + [go] + [a.replace("/out/", outdir + "/") for a in sc.cmd]
    try:
        p = subprocess.run(cmd, cwd=work, env=e, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=sc.timeout)
        out, code = p.stdout.decode("utf-8", "replace"), p.returncode
    except subprocess.TimeoutExpired as t:
        out, code = (t.stdout or b"").decode("utf-8", "replace"), "timeout"
    finally:
        if mounted:
            subprocess.run(["umount", modcache], capture_output=True)
    norm = normalise(out, sc, env, dict(work=work, gopath=gopath, modcache=modcache, gocache=gocache, home=home,
                                        outdir=outdir, goroot=goroot, tmp=e["TMPDIR"], wd_root=wd_root))
    return norm, code


def normalise(out, sc, env, d):
    workdisp = {"gopath/src/app": "/go/src/app", "gopath": "/go"}.get(sc.special.get("workdir"), "/src")
    disp_url = "https://" + sc.host
    ip = HOST_IP[sc.host] + ":443"
    reps = [(d["work"], workdisp), (d["modcache"], "/go/pkg/mod"), (d["gopath"], "/go"),
            (d["gocache"], "/root/.cache/go-build"), (d["home"], "/root"), (d["outdir"], "/out"),
            (d["tmp"], "/tmp"), (d["goroot"], "/usr/local/go"), (ROOT, "/tmp")]
    for a, b in reps:
        out = out.replace(a, b)
    # URLs: the fake servers become the hosts the scenario is meant to look like
    for url, disp, dip in ((env.proxy.url, disp_url, ip), (env.tlsproxy.url.replace("http:", "https:"), disp_url, ip),
                           ("http://127.0.0.1:%d" % env.closed, "https://proxy.golang.org", HOST_IP["proxy.golang.org"] + ":443"),
                           (env.sumdb.url, "https://sum.golang.org", "142.251.36.17:443"),
                           (env.git.url, "https://github.com", HOST_IP["github.com"] + ":443")):
        hostport = url.split("//")[1]
        out = re.sub(r"https?:/{1,2}" + re.escape(hostport),
                     lambda m: disp if m.group(0).count("/") == 2 else disp.replace("//", "/"), out)
        out = re.sub(r"127\.0\.0\.1:\d+->" + re.escape(hostport),
                     lambda m: "172.17.0.2:%d->%s" % (40000 + int(hashlib.sha1(sc.name.encode()).hexdigest()[:4], 16) % 20000, dip), out)
        out = out.replace(hostport, dip)
    out = out.replace("127.0.0.1", HOST_IP[sc.host])
    out = re.sub(r"on [0-9.]+:53", "on 127.0.0.11:53", out)
    out = out.replace(".invalid", ".example")
    seen = {}
    out = re.sub(r"(cache/vcs/)([0-9a-f]{64})",
                 lambda m: m.group(1) + seen.setdefault(m.group(2), hashlib.sha256(("%s:%d" % (sc.name, len(seen))).encode()).hexdigest()), out)
    out = re.sub(r"(\.zip|\.mod|\.info)\d+\.tmp", r"\g<1>2875531078.tmp", out)
    out = re.sub(r"go-build\d+", "go-build1731940452", out)
    out = re.sub(r"\(\d+\.\d+s\)", "(0.021s)", out)          # -x timings
    out = re.sub(r"\d+\.\d+s$", "0.004s", out, flags=re.M)    # go test timings
    # parallel downloads print in any order: sort each run of 'go: downloading' lines
    lines, res, block = out.split("\n"), [], []
    for l in lines + [None]:
        if l is not None and (l.startswith("go: downloading ") or l.startswith("# get ")):
            block.append(l)
            continue
        res += sorted(block) if block and block[0].startswith("go: downloading") else block
        block = []
        if l is not None:
            res.append(l)
    return "\n".join(res)


def capture_all(gos, rawdir, only=None):
    env = Env()
    index = {}
    for go in gos:
        ver, goroot = go_info(go)
        tag = tag_of(ver)
        for sc in scenarios():
            if only and sc.name not in only:
                continue
            if sc.versions == "old" and tag != "go119":
                continue
            if sc.versions == "new" and tag == "go119":
                continue
            out, code = run(env, sc, go, ver, goroot)
            key = "%s.%s" % (sc.name, tag)
            if out is None:
                index[key] = {"go": ver, "skipped": code}
                print("SKIP", key, code, file=sys.stderr)
                continue
            with open(os.path.join(rawdir, key + ".txt"), "w") as f:
                f.write(out)
            index[key] = {"go": ver, "exit": code}
            print("ran", key, code, file=sys.stderr)
    return index
