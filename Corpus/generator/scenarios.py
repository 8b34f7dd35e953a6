"""Scenario definitions: what to set up, which Go command to run, and the cause we deliberately produced."""
from servers import Module, big_blob

APP = "example.test/app"
MAIN_KIT = '''package main

import (
	"fmt"

	"github.com/acme/kit"
)

func main() {
	fmt.Println(kit.Version())
}
'''


def kit_src(pkg="kit", ver="1.4.0", extra_import=None):
    if extra_import:
        return 'package %s\n\nimport _ "%s"\n\nfunc Version() string { return "%s" }\n' % (pkg, extra_import, ver)
    return 'package %s\n\nfunc Version() string { return "%s" }\n' % (pkg, ver)


# modules every proxy serves
SUCCESS_DEPS = ["github.com/acme/errors", "github.com/acme/retry", "github.com/acme/config",
                "github.com/acme/metrics", "github.com/acme/uuid", "github.com/acme/yaml",
                "example.test/http2", "example.test/ratelimit", "example.test/sqlx",
                "github.com/Acme/Color", "github.com/acme/cobra", "github.com/acme/viper",
                "go.example.org/zap", "go.example.org/atomic"]


def proxy_modules():
    mods = [
        Module("github.com/acme/kit", "v1.3.0", {"kit.go": kit_src(ver="1.3.0")}),
        Module("github.com/acme/kit", "v1.4.0", {"kit.go": kit_src(extra_import="github.com/acme/log")},
               gomod="module github.com/acme/kit\n\ngo 1.17\n\nrequire github.com/acme/log v0.9.1\n"),
        Module("github.com/acme/log", "v0.9.1", {"log.go": kit_src("log", "0.9.1")}),
        Module("git.corp.example/team/lib", "v1.2.0", {"lib.go": kit_src("lib", "1.2.0")}),
        Module("github.com/acme/oldkit", "v1.0.0", {"kit.go": kit_src("kit", "1.0.0")},
               gomod="module github.com/acmecorp/newkit\n\ngo 1.17\n"),
        Module("example.test/big", "v1.0.0", {"big.go": "package big\n", "testdata/blob.bin": big_blob(3 * 1024 * 1024)}),
    ]
    for i, p in enumerate(SUCCESS_DEPS):
        name = p.rsplit("/", 1)[1].lower().replace("-", "")
        mods.append(Module(p, "v1.%d.%d" % (i % 5, i % 3), {name + ".go": kit_src(name, "1.%d" % i)}))
    return mods


def dep_version(p):
    i = SUCCESS_DEPS.index(p)
    return "v1.%d.%d" % (i % 5, i % 3)


class S:
    def __init__(self, name, cause, key, cmd, files=None, versions="all", env=None, rules=None,
                 host="proxy.golang.org", df_env=(), vd=None, special=None, step=None, exit_ok=False,
                 kind="download", timeout=40, alt=None):
        self.name, self.cause, self.key, self.cmd = name, cause, key, cmd
        self.files = files or {}
        self.versions = versions          # "all", "old" (1.19 only), "new" (1.21+ only)
        self.env = env or {}              # values may use {proxy} {sumdb} {git} {tlsproxy} {closed}
        self.rules = rules or []          # (predicate, action) for the fake proxy
        self.host = host                  # how the fake proxy is shown
        self.df_env = list(df_env)        # Dockerfile lines shown before the step
        self.vd = vd                      # marker of verification-disabled shown in the framing
        self.special = special or {}      # run tweaks
        self.step = step or ("go " + " ".join(cmd))
        self.exit_ok = exit_ok
        self.kind = kind                  # "download": COPY go.mod go.sum first; "build": after COPY . .
        self.timeout = timeout
        self.alt = alt or []              # other key phrases (newer wording)


def gomod(reqs=(), go="1.19", extra=""):
    s = "module %s\n\ngo %s\n" % (APP, go)
    if reqs:
        s += "\nrequire (\n" + "".join("\t%s %s\n" % r for r in reqs) + ")\n"
    return s + extra


KIT = [("github.com/acme/kit", "v1.4.0"), ("github.com/acme/log", "v0.9.1 // indirect")]
ANY = lambda m, k: True
IS = lambda path: (lambda m, k: m == path)
ON = lambda path, kind: (lambda m, k: m == path and k == kind)

NGINX_502 = ("<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n"
             "<hr><center>nginx/1.25.3</center>\r\n</body>\r\n</html>\r\n")
PROXY_404_NOSUCH = ("not found: github.com/acme/nosuch@v1.0.0: invalid version: git ls-remote -q origin in /tmp/gopath/pkg/mod/cache/vcs/"
                    "5b3ab3f1a6c1a1c9e7a64f4a1d52c4c08d6b2b1e0c4c43a1f0e6a9f0a58e2d11: exit status 128:\n"
                    "\tfatal: could not read Username for 'https://github.com': terminal prompts disabled\n"
                    "Confirm the import path was entered correctly.\n"
                    "If this is a private repository, see https://golang.org/doc/faq#git_https for additional information.")


def main_with(imports, body="\tfmt.Println(\"ok\")\n"):
    imp = "".join('\t_ "%s"\n' % i for i in imports)
    return 'package main\n\nimport (\n\t"fmt"\n\n%s)\n\nfunc main() {\n%s}\n' % (imp, body)


def scenarios():
    L = []
    base_files = {"go.mod": gomod(KIT), "go.sum": "@sum github.com/acme/kit v1.4.0\n@sum github.com/acme/log v0.9.1\n",
                  "main.go": MAIN_KIT}
    corp_files = {"go.mod": gomod([("git.corp.example/team/lib", "v1.2.0")]),
                  "go.sum": "@sum git.corp.example/team/lib v1.2.0\n",
                  "main.go": main_with(["git.corp.example/team/lib"])}
    corp_nosum = dict(corp_files, **{"go.sum": ""})
    MIRROR = ["ENV GOPROXY=https://goproxy.corp.example"]
    MIRROR_D = ["ENV GOPROXY=https://goproxy.corp.example,direct"]

    # ---- proxy answers -------------------------------------------------------------
    L.append(S("proxy-403-public", "proxy-unreachable", "403 Forbidden", ["mod", "download"], base_files,
               rules=[(ANY, {"status": 403})]))
    L.append(S("proxy-403-public-body", "proxy-unreachable", "403 Forbidden", ["mod", "download"], base_files,
               rules=[(ANY, {"status": 403, "body": "Access denied by egress policy (rule deny-external-8)\nRequest ID: 4c1f2a\nContact the network team to allow this destination."})]))
    L.append(S("proxy-404-private", "private-module-auth", "404 Not Found", ["mod", "download"], corp_files,
               rules=[(ANY, {"status": 404})], df_env=["ENV GOPROXY=https://proxy.golang.org"]))
    L.append(S("proxy-404-private-body", "private-module-auth", "404 Not Found", ["mod", "download"], corp_files,
               rules=[(ANY, {"status": 404, "body": "not found: git.corp.example/team/lib@v1.2.0: invalid version: unknown revision v1.2.0"})],
               df_env=["ENV GOPROXY=https://proxy.golang.org"]))
    L.append(S("proxy-410-private-tidy", "private-module-auth", "410 Gone", ["mod", "tidy"], corp_nosum,
               rules=[(IS("git.corp.example/team/lib"), {"status": 410, "body": "not found: git.corp.example/team/lib@v1.2.0: reading https://git.corp.example/team/lib?go-get=1: 404 Not Found"})],
               df_env=["ENV GOPROXY=https://proxy.golang.org"], kind="build"))
    # The body quotes git asking for credentials: whygo's policy reads that as a private repo and
    # names module-not-found as the alternative (the log cannot tell a private repo from a missing one).
    L.append(S("proxy-404-public", "private-module-auth", "404 Not Found", ["mod", "download"],
               {"go.mod": gomod([("github.com/acme/nosuch", "v1.0.0")]), "go.sum": "", "main.go": main_with([])},
               rules=[(IS("github.com/acme/nosuch"), {"status": 404, "body": PROXY_404_NOSUCH})]))
    L.append(S("proxy-410-public", "module-not-found", "410 Gone", ["mod", "download"],
               {"go.mod": gomod([("github.com/acme/kit", "v1.9.9")]), "go.sum": "", "main.go": main_with([])},
               rules=[(IS("github.com/acme/kit"), {"status": 410, "body": "not found: github.com/acme/kit@v1.9.9: invalid version: unknown revision v1.9.9"})]))
    L.append(S("proxy-500-mirror", "proxy-unstable", "500 Internal Server Error", ["mod", "download"], base_files,
               rules=[(ON("github.com/acme/log", "mod"), {"status": 500, "body": "Internal Server Error"})],
               host="goproxy.corp.example", df_env=MIRROR))
    L.append(S("proxy-502-mirror", "proxy-unstable", "502 Bad Gateway", ["mod", "download"], base_files,
               rules=[(ON("github.com/acme/kit", "zip"), {"status": 502, "body": NGINX_502})],
               host="goproxy.corp.example", df_env=MIRROR_D))
    L.append(S("proxy-502-nobody", "proxy-unstable", "502 Bad Gateway", ["build", "-o", "/out/app", "."], base_files,
               rules=[(ON("github.com/acme/kit", "zip"), {"status": 502})], host="goproxy.corp.example",
               df_env=MIRROR, kind="build"))
    L.append(S("proxy-503-mirror", "proxy-unstable", "503 Service Unavailable", ["mod", "download"], base_files,
               rules=[(ANY, {"status": 503, "body": "upstream connect error or disconnect/reset before headers.\nreset reason: connection failure\ntransport failure reason: delayed connect error: 111"})],
               host="goproxy.corp.example", df_env=MIRROR))
    L.append(S("proxy-503-sumdb-off", "proxy-unstable", "503 Service Unavailable", ["mod", "download"], base_files,
               rules=[(ANY, {"status": 503, "body": "Service Unavailable"})], host="goproxy.corp.example",
               df_env=["ENV GOPROXY=https://goproxy.corp.example", "ENV GOSUMDB=off"], vd="GOSUMDB=off"))
    L.append(S("proxy-reset-mirror", "proxy-unstable", "connection reset by peer", ["mod", "download"], base_files,
               rules=[(ON("github.com/acme/kit", "zip"), {"reset": True})], host="goproxy.corp.example", df_env=MIRROR))
    L.append(S("proxy-eof-mirror", "proxy-unstable", "unexpected EOF", ["mod", "download"], base_files,
               rules=[(ON("github.com/acme/kit", "zip"), {"eof": True})], host="goproxy.corp.example", df_env=MIRROR_D))
    L.append(S("proxy-hang", "proxy-unreachable", "go: downloading", ["build", "."], base_files,
               rules=[(ANY, {"hang": 30})], timeout=6, kind="build"))
    L.append(S("proxy-refused", "proxy-unreachable", "connection refused", ["mod", "download"], base_files,
               env={"GOPROXY": "{closed}"}))
    L.append(S("goproxy-off", "proxy-unreachable", "disabled by GOPROXY=off", ["mod", "download"], base_files,
               env={"GOPROXY": "off"}, df_env=["ENV GOPROXY=off"]))
    L.append(S("goproxy-empty-list", "proxy-unreachable", "contains no entries", ["mod", "download"], base_files,
               env={"GOPROXY": ","}, df_env=["ARG GOPROXY=,", "ENV GOPROXY=${GOPROXY}"]))
    # ---- DNS / TLS -------------------------------------------------------------------
    L.append(S("direct-nxdomain", "dns", "no such host", ["mod", "download"],
               {"go.mod": gomod([("git.corp.invalid/team/lib", "v1.2.0")]), "go.sum": "", "main.go": main_with([])},
               env={"GOPROXY": "direct", "GOPRIVATE": "git.corp.invalid"},
               df_env=["ENV GOPRIVATE=git.corp.example"]))
    L.append(S("proxy-nxdomain", "dns", "no such host", ["mod", "download"], base_files,
               env={"GOPROXY": "https://goproxy.corp.invalid"}, df_env=["ENV GOPROXY=https://goproxy.corp.example"]))
    L.append(S("proxy-tls-selfsigned", "tls-ca", "x509: certificate signed by unknown authority", ["mod", "download"],
               base_files, env={"GOPROXY": "{tlsproxy}"}, host="goproxy.corp.example", df_env=MIRROR))
    L.append(S("proxy-tls-intercept", "tls-ca", "x509: certificate signed by unknown authority", ["build", "-o", "/out/app", "."],
               base_files, env={"GOPROXY": "{tlsproxy}"}, kind="build"))
    # ---- checksum DB -------------------------------------------------------------------
    for code in (404, 410):
        L.append(S("sumdb-%d-private" % code, "private-module-auth", "/lookup/", ["mod", "download"], corp_nosum,
                   env={"GOSUMDB": "sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8 {sumdb}"},
                   special={"sumdb": (code, "not found: git.corp.example/team/lib@v1.2.0: invalid version: unknown revision v1.2.0" if code == 404 else "")},
                   host="goproxy.corp.example", df_env=MIRROR))
    L.append(S("checksum-gosum", "checksum-mismatch", "checksum mismatch", ["mod", "download"],
               dict(base_files, **{"go.sum": "@badsum github.com/acme/kit v1.4.0\n@sum github.com/acme/log v0.9.1\n"})))
    L.append(S("checksum-tampered-zip", "checksum-mismatch", "checksum mismatch", ["build", "-o", "/out/app", "."], base_files,
               rules=[(ON("github.com/acme/kit", "zip"), {"zip": "@tampered"})], host="goproxy.corp.example",
               df_env=MIRROR, kind="build"))
    L.append(S("checksum-gosumdb-off", "checksum-mismatch", "checksum mismatch", ["mod", "download"],
               dict(base_files, **{"go.sum": "@sum github.com/acme/kit v1.4.0\n@badmodsum github.com/acme/log v0.9.1\n"}),
               df_env=["ENV GOSUMDB=off"], vd="GOSUMDB=off"))
    # ---- paths / versions ----------------------------------------------------------------
    GITENV = {"GOPROXY": "direct"}
    L.append(S("post-v1-git", "module-path-mismatch", "has post-v", ["get", "github.com/acme/kit@v2.0.0"],
               {"go.mod": gomod(), "main.go": main_with([])}, env=GITENV, special={"git": True},
               df_env=["ENV GOPROXY=direct"], kind="build"))
    L.append(S("path-declares", "module-path-mismatch", "module declares its path as", ["mod", "tidy"],
               {"go.mod": gomod([("github.com/acme/oldkit", "v1.0.0")]), "go.sum": "",
                "main.go": main_with(["github.com/acme/oldkit"])}, kind="build"))
    L.append(S("path-declares-get", "module-path-mismatch", "module declares its path as", ["get", "github.com/acme/oldkit@v1.0.0"],
               {"go.mod": gomod(), "main.go": main_with([])}, host="goproxy.corp.example", df_env=MIRROR, kind="build"))
    L.append(S("unknown-revision-git", "module-not-found", "unknown revision", ["get", "github.com/acme/kit@v1.9.9"],
               {"go.mod": gomod(), "main.go": main_with([])}, env=GITENV, special={"git": True},
               df_env=["ENV GOPROXY=direct"], kind="build"))
    L.append(S("no-matching-versions", "module-not-found", "404 Not Found", ["get", "github.com/acme/nosuch@latest"],
               {"go.mod": gomod(), "main.go": main_with([])}, kind="build"))
    L.append(S("not-contain-package", "module-not-found", "does not contain package", ["get", "github.com/acme/kit/v1/client"],
               {"go.mod": gomod(KIT), "go.sum": base_files["go.sum"], "main.go": MAIN_KIT}, kind="build"))
    # ---- module root / GOPATH ----------------------------------------------------------
    L.append(S("gopath-mode", "gopath-conflict", "cannot find package", ["build", "-o", "/out/app", "."],
               {"main.go": MAIN_KIT}, env={"GO111MODULE": "off"}, df_env=["ENV GO111MODULE=off"], kind="build",
               special={"workdir": "gopath/src/app"}))
    L.append(S("no-gomod", "gopath-conflict", "go.mod file not found", ["build", "-o", "/out/app", "."],
               {"main.go": MAIN_KIT}, kind="build"))
    L.append(S("no-gomod-get", "gopath-conflict", "go.mod file not found", ["get", "github.com/acme/kit@v1.4.0"],
               {"main.go": MAIN_KIT}, kind="build"))
    L.append(S("gopath-gomod", "gopath-conflict", "exists but should not", ["mod", "download"],
               base_files, special={"workdir": "gopath"}, kind="build"))
    # ---- go.mod / go.sum / vendor ---------------------------------------------------------
    L.append(S("gosum-missing", "gosum-stale", "missing go.sum entry", ["build", "-o", "/out/app", "."],
               dict(base_files, **{"go.sum": "@sum github.com/acme/log v0.9.1\n"}), kind="build"))
    L.append(S("gosum-missing-nosumdb", "gosum-stale", "missing go.sum entry", ["build", "-o", "/out/app", "."],
               dict(base_files, **{"go.sum": ""}), kind="build", df_env=["ENV GONOSUMDB=*"], vd="GONOSUMDB=*"))
    L.append(S("gomod-updates-needed", "gosum-stale", "updates to go.mod needed", ["build", "-o", "/out/app", "."],
               dict(base_files, **{"go.mod": gomod([("github.com/acme/kit", "v1.4.0")])}), kind="build"))
    L.append(S("no-required-module", "gosum-stale", "no required module provides package", ["build", "-o", "/out/app", "."],
               {"go.mod": gomod(), "go.sum": "", "main.go": MAIN_KIT}, kind="build"))
    L.append(S("vendor-inconsistent", "gosum-stale", "inconsistent vendoring", ["build", "-o", "/out/app", "."],
               dict(base_files, **{"vendor/modules.txt": "# github.com/acme/kit v1.3.0\n## explicit; go 1.17\ngithub.com/acme/kit\n# github.com/acme/log v0.9.1\n## explicit; go 1.17\ngithub.com/acme/log\n"}),
               kind="build"))
    L.append(S("replace-missing", "local-replace-missing", "does not exist", ["mod", "download"],
               {"go.mod": gomod([("github.com/acme/lib", "v0.0.0")], extra="\nreplace github.com/acme/lib => ./lib\n"),
                "go.sum": "", "main.go": main_with(["github.com/acme/lib"])}, alt=["no such file or directory"]))
    L.append(S("replace-missing-build", "local-replace-missing", "does not exist", ["build", "-o", "/out/app", "."],
               {"go.mod": gomod([("github.com/acme/lib", "v0.0.0")], extra="\nreplace github.com/acme/lib => ../shared/lib\n"),
                "go.sum": "", "main.go": main_with(["github.com/acme/lib"])}, alt=["no such file or directory"], kind="build"))
    # ---- environment -----------------------------------------------------------------------
    L.append(S("modcache-readonly", "modcache-permission", "permission denied", ["mod", "download"], base_files,
               special={"nobody": True}, df_env=["USER 65532:65532"]))
    L.append(S("modcache-readonly-build", "modcache-permission", "permission denied", ["build", "-o", "/tmp/app", "."], base_files,
               special={"nobody": True}, df_env=["USER nonroot"], kind="build"))
    L.append(S("disk-full", "disk-full", "no space left on device", ["mod", "download"],
               {"go.mod": gomod([("example.test/big", "v1.0.0")]), "go.sum": "@sum example.test/big v1.0.0\n", "main.go": main_with([])},
               special={"tmpfs": True}, host="goproxy.corp.example", df_env=MIRROR))
    L.append(S("git-missing", "git-missing", 'exec: "git": executable file not found', ["mod", "download"],
               base_files, env=GITENV, special={"git": True, "nogit": True}, df_env=["ENV GOPROXY=direct"]))
    L.append(S("git-missing-private", "git-missing", 'exec: "git": executable file not found', ["mod", "download"],
               {"go.mod": gomod([("github.com/acme-corp/billing", "v1.1.0")]), "go.sum": "", "main.go": main_with([])},
               env={"GOPRIVATE": "github.com/acme-corp/*"}, special={"git": True, "nogit": True},
               df_env=["ENV GOPRIVATE=github.com/acme-corp/*"]))
    L.append(S("git-auth-prompt", "private-module-auth", "could not read Username", ["mod", "download"],
               {"go.mod": gomod([("github.com/acme-corp/billing", "v1.1.0")]), "go.sum": "", "main.go": main_with([])},
               env={"GOPRIVATE": "github.com/acme-corp/*"}, special={"git": True, "auth": "acme-corp/"},
               df_env=["ENV GOPRIVATE=github.com/acme-corp/*"], host="goproxy.corp.example"))
    L.append(S("git-auth-get", "private-module-auth", "could not read Username", ["get", "github.com/acme-corp/billing@v1.1.0"],
               {"go.mod": gomod(), "main.go": main_with([])},
               env={"GOPRIVATE": "github.com/acme-corp/*"}, special={"git": True, "auth": "acme-corp/"},
               df_env=["ENV GOPRIVATE=github.com/acme-corp/*"], kind="build"))
    L.append(S("git-auth-insecure", "private-module-auth", "could not read Username", ["mod", "download"],
               {"go.mod": gomod([("github.com/acme-corp/billing", "v1.1.0")]), "go.sum": "", "main.go": main_with([])},
               env={"GOPRIVATE": "github.com/acme-corp/*", "GOINSECURE": "github.com/acme-corp/*"},
               special={"git": True, "auth": "acme-corp/"},
               df_env=["ENV GOPRIVATE=github.com/acme-corp/*", "ENV GOINSECURE=github.com/acme-corp/*"], vd="GOINSECURE="))
    # ---- Go version -------------------------------------------------------------------------
    L.append(S("gover-invalid-patch", "go-version-mismatch", "invalid go version", ["mod", "download"],
               dict(base_files, **{"go.mod": gomod(KIT, go="1.21.0")}), versions="old"))
    L.append(S("gover-toolchain-directive", "go-version-mismatch", "unknown directive: toolchain", ["build", "-o", "/out/app", "."],
               dict(base_files, **{"go.mod": gomod(KIT, go="1.21", extra="\ntoolchain go1.21.5\n")}), versions="old", kind="build"))
    L.append(S("gover-note-requires", "go-version-mismatch", "note: module requires Go", ["build", "-o", "/out/app", "."],
               {"go.mod": gomod(go="1.21"), "main.go": 'package main\n\nimport "fmt"\n\nfunc main() {\n\tfmt.Println(min(3, 4))\n}\n'},
               versions="old", kind="build"))
    L.append(S("gover-requires", "go-version-mismatch", "requires go >=", ["mod", "download"],
               dict(base_files, **{"go.mod": gomod(KIT, go="@NEXT.0")}), versions="new"))
    L.append(S("gover-requires-build", "go-version-mismatch", "requires go >=", ["build", "-o", "/out/app", "."],
               dict(base_files, **{"go.mod": gomod(KIT, go="@NEXT.2")}), versions="new", kind="build"))
    L.append(S("gover-toolchain-unavailable", "go-version-mismatch", "toolchain not available", ["mod", "download"],
               dict(base_files, **{"go.mod": gomod(KIT, go="@CUR", extra="\ntoolchain go@NEXT.1\n")}), versions="new",
               env={"GOTOOLCHAIN": "auto"}, rules=[(lambda m, k: m.startswith("golang.org/toolchain"), {"status": 404})]))
    L.append(S("gover-toolchain-env-off", "go-version-mismatch", "toolchain not available", ["build", "-o", "/out/app", "."],
               base_files, versions="new", env={"GOTOOLCHAIN": "go@NEXT.1", "GOPROXY": "off"},
               df_env=["ENV GOTOOLCHAIN=go@NEXT.1"], kind="build"))
    # ---- negatives ----------------------------------------------------------------------------
    succ_reqs = [(p, dep_version(p)) for p in SUCCESS_DEPS] + KIT
    succ_sum = "".join("@sum %s %s\n" % (p, v.split()[0]) for p, v in succ_reqs)
    succ_main = main_with(SUCCESS_DEPS + ["github.com/acme/kit"])
    L.append(S("ok-build-downloads", "none", None, ["build", "-o", "/out/app", "."],
               {"go.mod": gomod(succ_reqs), "go.sum": succ_sum, "main.go": succ_main}, exit_ok=True, kind="build"))
    L.append(S("ok-download-x", "none", None, ["mod", "download", "-x"], base_files, exit_ok=True))
    L.append(S("ok-tidy-finding", "none", None, ["mod", "tidy"],
               {"go.mod": gomod(), "go.sum": "", "main.go": MAIN_KIT}, exit_ok=True, kind="build"))
    L.append(S("compile-undefined", "none", None, ["build", "-o", "/out/app", "."],
               {"go.mod": gomod(succ_reqs), "go.sum": succ_sum,
                "main.go": succ_main.replace('fmt.Println("ok")', 'fmt.Println(cfg.Name)')}, kind="build"))
    L.append(S("vet-fail", "none", None, ["vet", "./..."],
               dict(base_files, **{"main.go": MAIN_KIT.replace("fmt.Println(kit.Version())", 'fmt.Printf("version %d\\n", kit.Version())')}),
               kind="build"))
    L.append(S("test-fail", "none", None, ["test", "./..."],
               dict(base_files, **{"main_test.go": 'package main\n\nimport (\n\t"testing"\n\n\t"github.com/acme/kit"\n)\n\nfunc TestVersion(t *testing.T) {\n\tif got := kit.Version(); got != "1.5.0" {\n\t\tt.Fatalf("kit.Version() = %q, want %q", got, "1.5.0")\n\t}\n}\n'}),
               kind="build"))
    L.append(S("cgo-no-compiler", "none", None, ["build", "-o", "/out/app", "."],
               dict(base_files, **{"sqlite.go": 'package main\n\n// #include <stdlib.h>\nimport "C"\n\nvar _ = C.size_t(0)\n'}),
               env={"CGO_ENABLED": "1", "CC": "gcc"}, special={"nogcc": True}, kind="build"))
    return L
