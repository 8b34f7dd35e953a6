#!/usr/bin/env python3
"""Regenerates Corpus/cases/generated from real Go output.

    python3 Corpus/generator/generate.py [--go PATH] [--newer-go PATH ...]   # capture + frame
    python3 Corpus/generator/generate.py --frame-only                       # re-frame raw/ only

See README.md in this directory.
"""
import argparse
import glob
import hashlib
import json
import os
import random
import shutil
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import framing as F  # noqa: E402
from scenarios import scenarios  # noqa: E402

RAW = os.path.join(HERE, "raw")
OUT = os.path.normpath(os.path.join(HERE, "..", "cases", "generated"))

# framing name -> (shows the Dockerfile excerpt, shows ENV lines literally)
FRAMINGS = ["bk-plain", "legacy", "gha-buildx", "raw", "bk-tty", "podman", "gitlab-run", "bk-interleaved",
            "compose-run", "paste-quote", "bk-multiplatform", "raw-make", "gha-run", "gitlab-docker",
            "compose-build", "paste-fence-crlf", "bk-plain-old", "paste-wrap"]
EXCERPT = {"bk-plain", "bk-tty", "bk-interleaved", "bk-multiplatform", "gha-buildx", "gitlab-docker",
           "compose-build", "bk-plain-old"}
SHOWS_ENV = EXCERPT | {"legacy", "podman"}
PER_CAPTURE = {"go119": 2}       # framings per raw capture; newer Go: 1


def frame(name, sc, go_lines, ver, ok, rng):
    df = F.Dockerfile(sc, ver, rng, gomod="go.mod" in sc.files)
    inner_name = None
    if name.startswith("paste-"):
        inner_name = rng.choice(["bk-plain", "legacy", "raw"])
        lines, _ = frame(inner_name, sc, go_lines, ver, ok, rng)
        if name == "paste-quote":
            lines = ["> " + l if l else ">" for l in lines]
            lines = ["Getting this on CI since this morning, any idea?", ""] + lines + ["", "Thanks!"]
        elif name == "paste-fence-crlf":
            lines = ["Build fails with:", "", "```"] + lines + ["```", ""]
            lines = [l + "\r" for l in lines]
        else:  # paste-wrap: one long non-evidence line wrapped mid-word
            keys = [k for k in [sc.key, sc.vd] + sc.alt if k]
            evidence = [g.strip() for g in go_lines if g.strip() and not g.startswith("go: downloading")]
            cand = [i for i, l in enumerate(lines) if len(l) > 50 and not any(k in l for k in keys)
                    and "ERROR" not in l and "error" not in l and not any(e in l for e in evidence)]
            if cand:
                i = cand[rng.randrange(len(cand))]
                l = lines[i]
                cut = rng.randrange(len(l) * 2 // 3, len(l) - 3)
                while cut < len(l) - 2 and not (l[cut - 1].isalnum() and l[cut].isalnum()):
                    cut += 1
                lines = lines[:i] + [l[:cut], l[cut:]] + lines[i + 1:]
            lines = ["**build log**", ""] + lines
        return lines, df if inner_name in EXCERPT else None
    if name == "bk-plain":
        return F.bk_plain(go_lines, df, rng, ok), df
    if name == "bk-plain-old":
        return F.bk_plain(go_lines, df, rng, ok, variant="old"), df
    if name == "bk-interleaved":
        return F.bk_plain(go_lines, df, rng, ok, variant="interleaved"), df
    if name == "bk-multiplatform":
        return F.bk_plain(go_lines, df, rng, ok, variant="multiplatform"), df
    if name == "bk-tty":
        return F.bk_tty(go_lines, df, rng, ok), df
    if name == "compose-build":
        return F.compose_build(go_lines, df, rng, ok), df
    if name == "legacy":
        return F.legacy(go_lines, df, rng, ok), None
    if name == "podman":
        return F.podman(go_lines, df, rng, ok), None
    if name == "compose-run":
        return F.compose_run(go_lines, df, rng, ok), None
    if name == "gha-buildx":
        return F.gha_buildx(go_lines, df, rng, ok), df
    if name == "gha-run":
        return F.gha_run(go_lines, df, rng, ok, sc), None
    if name == "gitlab-run":
        lines = F.gitlab(df.step, go_lines, rng, ok)
        return lines, None
    if name == "gitlab-docker":
        lines = F.gitlab("docker build --progress=plain -t $CI_REGISTRY_IMAGE:$CI_COMMIT_SHORT_SHA .",
                         F.bk_plain(go_lines, df, rng, ok), rng, ok)
        if rng.random() < 0.5:
            lines = [l + "\r" for l in lines]
        return lines, df
    if name == "raw":
        return F.raw(go_lines, df, rng, ok), None
    if name == "raw-make":
        return F.raw_make(go_lines, df, rng, ok), None
    raise ValueError(name)


def first_line(lines, phrases):
    for i, l in enumerate(lines):
        if any(p in l for p in phrases):
            return i + 1
    return None


def build_cases(index):
    if os.path.isdir(OUT):
        for f in glob.glob(os.path.join(OUT, "*.log")) + glob.glob(os.path.join(OUT, "*.expect")):
            os.remove(f)
    os.makedirs(OUT, exist_ok=True)
    report, skipped = [], []
    counter = 0
    for sc in scenarios():
        for tag in ("go119", "go121", "go127"):
            key = "%s.%s" % (sc.name, tag)
            meta = index.get(key)
            if not meta:
                continue
            if "skipped" in meta:
                skipped.append((key, meta["skipped"]))
                continue
            with open(os.path.join(RAW, key + ".txt")) as f:
                text = f.read()
            ok = meta["exit"] == 0
            if meta["exit"] == "timeout":
                skipped.append((key, "timed out (hang), Go printed nothing useful"))
                continue
            go_lines = text.rstrip("\n").split("\n")
            phrases = [sc.key] + sc.alt if sc.key else []
            if sc.cause != "none" and (ok or not first_line(go_lines, phrases)):
                skipped.append((key, "key phrase %r not printed by go %s (exit %s)" % (sc.key, meta["go"], meta["exit"])))
                continue
            want = PER_CAPTURE.get(tag, 1)
            start = int(hashlib.sha256(key.encode()).hexdigest(), 16) % len(FRAMINGS)
            made = 0
            for j in range(len(FRAMINGS)):
                if made == want:
                    break
                fname = FRAMINGS[(start + counter + j * 5) % len(FRAMINGS)]
                if sc.vd and fname not in SHOWS_ENV:
                    continue
                case = "%s-%s" % (sc.name, fname) if tag == "go119" else "%s-%s-%s" % (sc.name, tag, fname)
                if os.path.exists(os.path.join(OUT, case + ".log")):
                    continue
                rng = random.Random(case)
                lines, df = frame(fname, sc, go_lines, meta["go"], ok, rng)
                content = "\n".join(lines) + "\n"
                flines = content.split("\n")
                exp = ["# scenario: %s go: %s framing: %s" % (sc.name, meta["go"], fname),
                       "# generated by Corpus/generator/generate.py from raw/%s.txt; edit the generator, not this file" % key]
                if sc.cause == "none":
                    exp.append("none")
                else:
                    n = first_line(flines, phrases)
                    assert n, (case, phrases)
                    e = "%s line=%d" % (sc.cause, n)
                    if df is not None and (">>> RUN " + sc.step) in content:
                        e += " dockerfile=%d" % df.line
                    exp.append(e)
                    if sc.vd:
                        v = first_line(flines, [sc.vd])
                        if not v:
                            continue
                        exp.append("verification-disabled line=%d" % v)
                with open(os.path.join(OUT, case + ".log"), "w", newline="") as f:
                    f.write(content)
                with open(os.path.join(OUT, case + ".expect"), "w") as f:
                    f.write("\n".join(exp) + "\n")
                report.append((case, sc.cause, fname, tag))
                made += 1
            counter += 1
    return report, skipped


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--go", help="Go 1.19 binary (default: `go` on PATH)")
    ap.add_argument("--newer-go", action="append", default=[], help="newer Go binary (repeatable)")
    ap.add_argument("--frame-only", action="store_true", help="do not run Go; re-frame the committed raw captures")
    ap.add_argument("--only", help="comma-separated scenario names to capture")
    a = ap.parse_args()
    index_path = os.path.join(RAW, "index.json")
    index = json.load(open(index_path)) if os.path.exists(index_path) else {}
    if not a.frame_only:
        gos = [a.go or shutil.which("go")] + a.newer_go
        missing = [g for g in gos if not g or not os.path.exists(g)]
        if missing or not shutil.which("git") or not shutil.which("openssl"):
            sys.exit("generate.py: needs `go` (Go 1.19: apt-get install golang-go, or --go PATH), `git` and `openssl` "
                     "on PATH; newer Go via --newer-go PATH. Missing: %s. Use --frame-only to re-frame raw/ without Go."
                     % ", ".join([str(m) for m in missing] + [t for t in ("git", "openssl") if not shutil.which(t)]))
        import capture
        os.makedirs(RAW, exist_ok=True)
        index.update(capture.capture_all(gos, RAW, only=set(a.only.split(",")) if a.only else None))
        with open(index_path, "w") as f:
            json.dump(index, f, indent=1, sort_keys=True)
            f.write("\n")
    report, skipped = build_cases(index)
    by_cause, by_framing = {}, {}
    for case, cause, fname, tag in report:
        by_cause[cause] = by_cause.get(cause, 0) + 1
        by_framing[fname] = by_framing.get(fname, 0) + 1
    print("%d cases written to %s" % (len(report), OUT))
    print("per root cause:", json.dumps(by_cause, sort_keys=True))
    print("per framing:", json.dumps(by_framing, sort_keys=True))
    for k, why in skipped:
        print("skipped %s: %s" % (k, why))


if __name__ == "__main__":
    main()
