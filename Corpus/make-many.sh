#!/bin/sh
# Usage: Corpus/make-many.sh DIR [N]
# Writes N (default 10000) build logs into DIR for batch benchmarks (`whygo --summary DIR`), by
# copying and concatenating Corpus/cases/**/*.log under varied names and in nested folders
# (100 logs per folder). Deterministic: the same N gives the same files.
set -eu
dir=${1:?usage: make-many.sh DIR [N]}
n=${2:-10000}
here=$(cd "$(dirname "$0")" && pwd)
list=$(mktemp)
trap 'rm -f "$list"' EXIT
find "$here/cases" -name '*.log' -type f | LC_ALL=C sort > "$list"
count=$(wc -l < "$list")
if [ "$count" -eq 0 ]; then
    echo "make-many.sh: no Corpus/cases/**/*.log found" >&2
    exit 1
fi
mkdir -p "$dir"
awk -v n="$n" -v count="$count" -v dir="$dir" '
{ files[NR - 1] = $0 }
END {
    for (i = 0; i < n; i++) {
        a = files[(i * 7) % count]
        b = files[(i * 13 + 5) % count]
        base = a; sub(/.*\//, "", base); sub(/\.log$/, "", base)
        sub_dir = sprintf("%s/run-%03d", dir, int(i / 100))
        if (i % 100 == 0) print "mkdir -p \"" sub_dir "\""
        out = sprintf("%s/%06d-%s.log", sub_dir, i, base)
        # Every third log is two logs back to back (a job with two builds).
        if (i % 3 == 0) print "cat \"" a "\" \"" b "\" > \"" out "\""
        else print "cp \"" a "\" \"" out "\""
    }
}' "$list" | sh
echo "make-many.sh: wrote $n logs to $dir (from $count corpus logs)" >&2
