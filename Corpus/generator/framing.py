"""Wraps a raw Go capture into the framings whygo reads. Deterministic: every random choice comes from
random.Random(case name)."""
import hashlib
import random

ANSI_CYAN, ANSI_GREEN, ANSI_RED, ANSI_OFF = "\x1b[36;1m", "\x1b[32;1m", "\x1b[31;1m", "\x1b[0;m"


def hexid(rng, n):
    return "".join(rng.choice("0123456789abcdef") for _ in range(n))


class Dockerfile:
    """A realistic multi-stage Dockerfile around the failing step."""

    def __init__(self, sc, ver, rng, gomod=True):
        mm = ".".join(ver.split(".")[:2])
        self.image = {"1.19": "golang:1.19-alpine", "1.21": "golang:1.21-bookworm"}.get(mm, "golang:%s-alpine" % mm)
        self.step = sc.step
        L = ["# syntax=docker/dockerfile:1", "FROM %s AS builder" % self.image]
        if sc.special.get("git") and not sc.special.get("nogit"):
            L.append("RUN apk add --no-cache git ca-certificates" if "alpine" in self.image
                     else "RUN apt-get update && apt-get install -y --no-install-recommends git")
        L.append("WORKDIR " + {"gopath/src/app": "/go/src/app", "gopath": "/go"}.get(sc.special.get("workdir"), "/src"))
        if not gomod:
            L.append("COPY . .")
        elif sc.kind == "download":
            L.append("COPY go.mod go.sum ./")
        else:
            L += ["COPY go.mod go.sum ./", "RUN go mod download", "COPY . ."]
        L += sc.df_env
        self.run_idx = len(L)
        L.append("RUN " + sc.step)
        if sc.kind == "download" and gomod:
            L += ["COPY . .", "RUN CGO_ENABLED=0 go build -trimpath -o /out/app ."]
        L += ["", "FROM alpine:3.19", "RUN apk add --no-cache ca-certificates tzdata",
              "COPY --from=builder /out/app /usr/local/bin/app", "USER 65532:65532", 'ENTRYPOINT ["app"]']
        self.lines = L
        self.line = self.run_idx + 1                      # 1-based Dockerfile line of the failing step
        # BuildKit steps: FROM/WORKDIR/COPY/RUN/ADD per stage
        self.bk_steps, self.all_steps = [], []
        stage = None
        for i, l in enumerate(L):
            ins = l.split(" ", 1)[0]
            if ins == "FROM":
                stage = "builder" if "AS builder" in l else "stage-1"
            if ins in ("FROM", "WORKDIR", "COPY", "RUN", "ADD"):
                self.bk_steps.append((stage, l, i))
            if ins and not ins.startswith("#"):
                self.all_steps.append((stage, l, i))

    def bk_label(self, i, platform=None, service=None):
        stage, l, _ = self.bk_steps[i]
        same = [s for s in self.bk_steps if s[0] == stage]
        n = same.index(self.bk_steps[i]) + 1
        pre = " ".join(x for x in (platform, service, stage) if x)
        return "[%s %d/%d] %s" % (pre, n, len(same), l)

    def failing_bk(self):
        return [k for k, s in enumerate(self.bk_steps) if s[2] == self.run_idx][0]

    def excerpt(self):
        lo, hi = max(0, self.run_idx - 4), min(len(self.lines), self.run_idx + 3)
        out = ["Dockerfile:%d" % self.line, "--------------------"]
        for i in range(lo, hi):
            mark = ">>>" if i == self.run_idx else "   "
            out.append(("%4d | %s %s" % (i + 1, mark, self.lines[i])).rstrip() if self.lines[i] else "%4d |     " % (i + 1))
        out.append("--------------------")
        return out


def timestamps(rng, n, start=None):
    t = start if start is not None else 0.2 + rng.random() * 0.4
    out = []
    for _ in range(n):
        out.append(t)
        t += rng.choice([0.001, 0.002, 0.004, 0.013, 0.05, 0.11, 0.6, 1.3])
    return out


def failmsg(df):
    return 'process "/bin/sh -c %s" did not complete successfully: exit code: 1' % df.step.replace('"', '\\"')


def bk_plain(go, df, rng, ok, variant="plain", service=None):
    """BuildKit --progress=plain. variant: plain | interleaved | multiplatform | old (#N prefixes in summary)."""
    L = ['#0 building with "default" instance using docker driver', ""]
    n = 1
    L += ["#1 [internal] load build definition from Dockerfile", "#1 transferring dockerfile: %dB done" % (400 + rng.randrange(600)), "#1 DONE 0.0s", ""]
    L += ["#2 [internal] load metadata for docker.io/library/%s" % df.image, "#2 DONE %.1fs" % (0.5 + rng.random()), ""]
    L += ["#3 [internal] load .dockerignore", "#3 transferring context: 2B done", "#3 DONE 0.0s", ""]
    n = 4
    fail = df.failing_bk()
    plats = ["linux/amd64", "linux/arm64"] if variant == "multiplatform" else [None]
    base_id = {}
    for k in range(fail):
        for p in plats:
            if k == 0 and p != plats[0]:
                continue
            lab = df.bk_label(k, p if k else None, service)
            L.append("#%d %s" % (n, lab.replace("FROM " + df.image, "FROM docker.io/library/%s@sha256:%s" % (df.image, hexid(rng, 64)))))
            if k == 0:
                L.append("#%d DONE 0.0s" % n)
                L.append("")
                n += 1
                L += ["#%d [internal] load build context" % n, "#%d transferring context: %.2fkB 0.0s done" % (n, 20 + rng.random() * 80), "#%d DONE 0.1s" % n, ""]
            else:
                L.append("#%d CACHED" % n if rng.random() < 0.6 or "go mod download" in lab else "#%d DONE %.1fs" % (n, rng.random() * 2))
                L.append("")
            n += 1
    ts = timestamps(rng, len(go))
    ids = []
    for p in plats:
        ids.append(n)
        L.append("#%d %s" % (n, df.bk_label(fail, p, service)))
        n += 1
    web = n if variant == "interleaved" else None
    body = []
    for pi, i in enumerate(ids):
        body.append([("#%d %.3f %s" % (i, t + 0.137 * pi, l)).rstrip() for t, l in zip(ts, go)])
    if web:
        wl = ["#%d [web 2/4] RUN npm ci --no-audit" % web, "#%d 1.032 npm warn deprecated inflight@1.0.6: This module is not supported" % web,
              "#%d 2.418 npm warn deprecated glob@7.2.3: Glob versions prior to v9 are no longer supported" % web,
              "#%d 4.907 added 612 packages in 5s" % web]
        merged, j = [], 0
        for x, line in enumerate(body[0]):
            merged.append(line)
            if x % 2 == 1 and j < len(wl):
                merged.append(wl[j]); j += 1
        merged += wl[j:]
        body = [merged]
    if len(body) == 2:
        merged = []
        for a, b in zip(body[0], body[1]):
            merged += [a, b]
        body = [merged]
    L += body[0]
    if ok:
        for i in ids:
            L += ["#%d DONE %.1fs" % (i, ts[-1] + 0.3 if ts else 0.4), ""]
        L += ["#%d [builder %s] COPY . ." % (n, "x"), "#%d DONE 0.1s" % n, ""] if False else []
        L += ["#%d exporting to image" % n, "#%d exporting layers %.1fs done" % (n, 1 + rng.random()),
              "#%d writing image sha256:%s done" % (n, hexid(rng, 64)), "#%d naming to docker.io/library/app:latest done" % n,
              "#%d DONE %.1fs" % (n, 1 + rng.random())]
        return L
    for i in ids:
        L.append("#%d ERROR: %s" % (i, failmsg(df)))
    if web:
        L.append("#%d CANCELED" % web)
    L.append("------")
    lab = df.bk_label(fail, plats[0], service)
    L.append(" > %s:" % lab)
    tail = list(zip(ts, go))[-10:]
    while tail and not tail[-1][1].strip():
        tail.pop()
    for t, l in tail:
        L.append(("#%d %.3f %s" % (ids[0], t, l) if variant == "old" else "%.3f %s" % (t, l)).rstrip())
    L.append("------")
    L += df.excerpt()
    L.append(("failed to solve: " if service else "ERROR: failed to solve: ") + failmsg(df))
    return L


def bk_tty(go, df, rng, ok, service=None):
    width = 80
    pad = lambda s, t: " => %s%s%s" % (s, " " * max(1, width - len(s)), t)
    fail = df.failing_bk()
    L = ["[+] Building %.1fs (%d/%d) docker:default" % (5 + rng.random() * 20, fail + 5, len(df.bk_steps) + 4),
         pad("[internal] load build definition from Dockerfile", "0.0s"),
         " => => transferring dockerfile: %dB%s0.0s" % (400 + rng.randrange(600), " " * 52),
         pad("[internal] load metadata for docker.io/library/%s" % df.image, "%.1fs" % (0.5 + rng.random())),
         pad("[internal] load .dockerignore", "0.0s"),
         pad("[internal] load build context", "0.1s")]
    for k in range(fail):
        lab = df.bk_label(k, None, service).replace(" AS builder", "").replace("FROM " + df.image, "FROM docker.io/library/" + df.image)
        L.append(pad(("CACHED " if 0 < k and rng.random() < 0.5 else "") + lab, "%.1fs" % (rng.random())))
    L.append(pad(("ERROR " if not ok else "") + df.bk_label(fail, None, service), "%.1fs" % (1 + rng.random() * 9)))
    if ok:
        L += [pad("exporting to image", "0.9s"), " => => exporting layers" + " " * 58 + "0.8s",
              " => => writing image sha256:%s" % hexid(rng, 64), " => => naming to docker.io/library/app:latest"]
        return L
    L += ["------", " > %s:" % df.bk_label(fail, None, service)]
    ts = timestamps(rng, len(go))
    for t, l in list(zip(ts, go))[-10:]:
        L.append(("%.3f %s" % (t, l)).rstrip())
    L.append("------")
    L += df.excerpt()
    L.append(("failed to solve: " if service else "ERROR: failed to solve: ") + failmsg(df))
    return L


def legacy(go, df, rng, ok):
    steps = df.all_steps
    L = ["Sending build context to Docker daemon  %.2fkB" % (20 + rng.random() * 80), ""]
    for k, (stage, l, i) in enumerate(steps):
        L.append("Step %d/%d : %s" % (k + 1, len(steps), l))
        if i == df.run_idx:
            L.append(" ---> Running in %s" % hexid(rng, 12))
            L += go
            if not ok:
                L.append("The command '/bin/sh -c %s' returned a non-zero code: 1" % df.step)
                return L
            L += [" ---> %s" % hexid(rng, 12)]
            continue
        if l.startswith("FROM"):
            L.append(" ---> %s" % hexid(rng, 12))
        elif l.startswith(("ENV", "ARG", "USER")):
            c = hexid(rng, 12)
            L += [" ---> Running in %s" % c, "Removing intermediate container %s" % c, " ---> %s" % hexid(rng, 12)]
        else:
            L += [" ---> Using cache", " ---> %s" % hexid(rng, 12)]
        if ok and i > df.run_idx + 3:
            break
    L += ["Successfully built %s" % hexid(rng, 12), "Successfully tagged app:latest"]
    return L


def podman(go, df, rng, ok):
    stages = {}
    for s in df.all_steps:
        stages.setdefault(s[0], []).append(s)
    names = list(stages)
    L = []
    for si, st in enumerate(names):
        for k, (stage, l, i) in enumerate(stages[st]):
            L.append("[%d/%d] STEP %d/%d: %s" % (si + 1, len(names), k + 1, len(stages[st]), l))
            if i == df.run_idx:
                L += go
                if not ok:
                    L.append('Error: building at STEP "RUN %s": while running runtime: exit status 1' % df.step)
                    return L
                L.append("--> %s" % hexid(rng, 12))
            elif l.startswith("FROM"):
                L.append("Trying to pull docker.io/library/%s..." % l.split()[1] if rng.random() < 0.3 else "")
                if not L[-1]:
                    L.pop()
            else:
                L.append("--> Using cache %s" % hexid(rng, 64))
                L.append("--> %s" % hexid(rng, 12))
    L += ["[2/2] COMMIT app", "--> %s" % hexid(rng, 12), "Successfully tagged localhost/app:latest", hexid(rng, 64)]
    return L


def compose_run(go, df, rng, ok):
    v1 = rng.random() < 0.5
    api = "api_1  | " if v1 else "api-1  | "
    db = "db_1   | " if v1 else "db-1   | "
    L = (["Creating network \"app_default\" with the default driver", "Creating app_db_1 ... done", "Creating app_api_1 ... done",
          "Attaching to app_db_1, app_api_1"] if v1 else
         ["[+] Running 3/3", " \u2714 Network app_default  Created", " \u2714 Container app-db-1   Created",
          " \u2714 Container app-api-1  Created", "Attaching to api-1, db-1"])
    L.append(db + "2025-03-04 10:21:07.%03d UTC [1] LOG:  starting PostgreSQL 16.2 on x86_64-pc-linux-musl" % rng.randrange(1000))
    L.append(api + "+ " + df.step)
    for k, l in enumerate(go):
        L.append((api + l).rstrip() if l else api.rstrip())
        if k == 0:
            L.append(db + "2025-03-04 10:21:08.%03d UTC [1] LOG:  database system is ready to accept connections" % rng.randrange(1000))
    L.append(("app_api_1 exited with code %d" if v1 else "api-1 exited with code %d") % (0 if ok else 1))
    return L


def compose_build(go, df, rng, ok):
    L = ["[+] Building 0/1", " \u280b Service api  Building"]
    inner = bk_plain(go, df, rng, ok, service="api")
    return L + inner[2:]


def gha(lines, rng, start=None):
    t = start or (10 * 3600 + 21 * 60 + rng.randrange(60)) * 10 ** 7
    out = []
    for l in lines:
        t += rng.randrange(2000, 3000000)
        s, frac = divmod(t, 10 ** 7)
        out.append("2025-03-04T%02d:%02d:%02d.%07dZ %s" % (s // 3600 % 24, s // 60 % 60, s % 60, frac, l))
    return out


def gha_buildx(go, df, rng, ok):
    head = ["##[group]Run docker/build-push-action@v5", "with:", "  context: .", "  push: false", "  tags: ghcr.io/acme/app:ci",
            "  load: true", "##[endgroup]", "##[group]Docker info", "/usr/bin/docker version", "##[endgroup]",
            "/usr/bin/docker buildx build --iidfile /home/runner/work/_temp/docker-actions-toolkit-%s/iidfile --tag ghcr.io/acme/app:ci --load ." % hexid(rng, 6)]
    inner = bk_plain(go, df, rng, ok)
    tail = [] if ok else ["##[error]buildx failed with: ERROR: failed to solve: " + failmsg(df)]
    return gha(head + inner + tail, rng)


def gha_run(go, df, rng, ok, sc):
    head = ["##[group]Run " + df.step, df.step, "shell: /usr/bin/bash -e {0}", "env:", "  GOTOOLCHAIN: local" if False else "  CGO_ENABLED: 0"]
    for e in sc.df_env:
        if e.startswith("ENV "):
            k, _, v = e[4:].partition("=")
            head.append("  %s: %s" % (k, v))
    head.append("##[endgroup]")
    tail = [] if ok else ["##[error]Process completed with exit code 1."]
    return gha(["##[group]Run actions/setup-go@v5", "with:", "  go-version-file: go.mod", "  cache: true", "##[endgroup]",
                "Setup go version spec %s" % df.image.split(":")[1].split("-")[0]] + head + go + tail, rng)


def gitlab(inner_cmd, inner, rng, ok):
    t = 1712345678 + rng.randrange(100000)
    L = ["\x1b[0KRunning with gitlab-runner 16.9.1 (782c6ecb)\x1b[0;m",
         "\x1b[0K  on docker-runner-3 xY1z2AbC, system ID: s_%s\x1b[0;m" % hexid(rng, 12),
         "section_start:%d:prepare_executor\r\x1b[0K\x1b[0K\x1b[36;1mPreparing the \"docker\" executor\x1b[0;m\x1b[0;m" % t,
         "\x1b[0KUsing Docker executor with image docker:24.0.7 ...\x1b[0;m",
         "section_end:%d:prepare_executor\r\x1b[0Ksection_start:%d:get_sources\r\x1b[0K\x1b[0K\x1b[36;1mGetting source from Git repository\x1b[0;m\x1b[0;m" % (t + 3, t + 3),
         "\x1b[32;1mFetching changes with git depth set to 20...\x1b[0;m",
         "\x1b[32;1mChecking out %s as detached HEAD (ref is main)...\x1b[0;m" % hexid(rng, 8),
         "section_end:%d:get_sources\r\x1b[0Ksection_start:%d:step_script\r\x1b[0K\x1b[0K\x1b[36;1mExecuting \"step_script\" stage of the job script\x1b[0;m\x1b[0;m" % (t + 5, t + 5),
         "\x1b[32;1m$ %s\x1b[0;m" % inner_cmd]
    L += inner
    L.append("section_end:%d:step_script\r\x1b[0Ksection_start:%d:cleanup_file_variables\r\x1b[0K\x1b[0K\x1b[36;1mCleaning up project directory and file based variables\x1b[0;m\x1b[0;m" % (t + 40, t + 40))
    L.append("section_end:%d:cleanup_file_variables\r\x1b[0K" % (t + 41))
    L.append("\x1b[32;1mJob succeeded\x1b[0;m" if ok else "\x1b[31;1mERROR: Job failed: exit code 1\x1b[0;m")
    return L


def raw(go, df, rng, ok):
    return (["$ " + df.step] if rng.random() < 0.6 else []) + go


def raw_make(go, df, rng, ok):
    target = "deps" if "download" in df.step else "build"
    L = ["$ make " + target, df.step] + go
    if not ok:
        L.append("make: *** [Makefile:%d: %s] Error 1" % (rng.randrange(8, 30), target))
    return L
