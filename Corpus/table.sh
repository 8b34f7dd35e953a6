#!/usr/bin/env bash
# Corpus/table.sh: run whygo over every Corpus/cases/**/*.log and summarise per root cause.
#
#   Corpus/table.sh [--write] [WHYGO]
#
# WHYGO defaults to .build/debug/whygo (relative to the repository root). Builds nothing.
# Each case is checked the way Tests/WhyGoCoreTests/CorpusTests.swift checks it:
#   - exit status 0 when no error-severity cause is expected, else 1;
#   - `none`: no finding at all;
#   - otherwise the first finding has the first expected root cause, line and Dockerfile line,
#     and the set of root causes found equals the set expected.
# Prints a Markdown table (one row per root cause, keyed by a case's first expected cause, `none`
# for negatives), the failures, and a last line `corpus: P/N passed`.
# With --write the same text also goes to Corpus/RESULTS.md. Plain bash + awk; no python needed.
set -u

write=0
whygo=""
for arg in "$@"; do
    case "$arg" in
        --write) write=1 ;;
        -h|--help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) whygo="$arg" ;;
    esac
done

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root" || exit 2
whygo="${whygo:-.build/debug/whygo}"
if [ ! -x "$whygo" ]; then
    echo "table.sh: no whygo binary at $whygo (build it, or pass its path)" >&2
    exit 2
fi

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
rows="$tmp/rows"      # cause<TAB>pass(0/1)<TAB>framing<TAB>case<TAB>want<TAB>got
: > "$rows"

# JSON Lines from whygo -> "cause line=N[ dockerfile=M]" per finding, one per line.
# Keys are matched with their unescaped quotes, so text inside string values cannot match.
findings() {
    awk '
    {
        s = $0; df = ""
        if (match(s, /"dockerfile":\{[^}]*\}/)) {
            obj = substr(s, RSTART, RLENGTH)
            s = substr(s, 1, RSTART - 1) substr(s, RSTART + RLENGTH)
            if (match(obj, /"line":[0-9]+/)) df = substr(obj, RSTART + 7, RLENGTH - 7)
        }
        cause = "?"
        if (match(s, /"rootCause":"[^"]*"/)) cause = substr(s, RSTART + 13, RLENGTH - 14)
        line = ""
        if (match(s, /[{,]"line":[0-9]+/)) line = substr(s, RSTART + 8, RLENGTH - 8)
        out = cause
        if (line != "") out = out " line=" line
        if (df != "") out = out " dockerfile=" df
        print out
    }'
}

# .expect -> normalised "cause line=N[ dockerfile=M]" lines (comments, blanks and `none` dropped).
expectations() {
    awk '
    { sub(/\r$/, ""); gsub(/^[ \t]+|[ \t]+$/, "") }
    $0 == "" || /^#/ || $0 == "none" { next }
    {
        out = $1
        for (i = 2; i <= NF; i++) {
            split($i, kv, "=")
            if (kv[1] == "line") out = out " line=" kv[2]
            if (kv[1] == "dockerfile") { n = split(kv[2], p, ":"); out = out " dockerfile=" p[n] }
        }
        print out
    }' "$1"
}

framing_of() {
    local f
    f="$(grep -m1 -E '^#.*framing:' "$1" 2>/dev/null | sed -E 's/^#.*framing:[[:space:]]*//; s/[[:space:]]+$//')"
    if [ -z "$f" ]; then f="$(basename "${1%.expect}")"; fi
    printf '%s' "$f"
}

join() { paste -sd';' - | sed 's/;/; /g'; }

total=0
passed=0
while IFS= read -r log; do
    total=$((total + 1))
    name="${log#Corpus/cases/}"
    expect="${log%.log}.expect"
    if [ ! -f "$expect" ]; then
        printf '%s\t0\t%s\t%s\t%s\t%s\n' "?" "?" "$name" "(no .expect file)" "-" >> "$rows"
        continue
    fi
    want="$(expectations "$expect")"
    got_json="$("$whygo" --quiet --format json "$log" 2>"$tmp/stderr")"
    status=$?
    got="$(printf '%s\n' "$got_json" | grep -v '^[[:space:]]*$' | findings)"

    # expected exit status: 1 when any expected cause is an error (not one of the two warnings)
    want_status=0
    if printf '%s\n' "$want" | awk '$1 != "" && $1 != "verification-disabled" && $1 != "cache-not-reused" { f = 1 } END { exit !f }'; then
        want_status=1
    fi

    ok=1
    [ "$status" -eq "$want_status" ] || ok=0
    if [ -z "$want" ]; then
        [ -z "$got" ] || ok=0
    elif [ -z "$got" ]; then
        ok=0
    else
        w1="$(printf '%s\n' "$want" | head -n1)"
        g1="$(printf '%s\n' "$got" | head -n1)"
        w_cause="${w1%% *}"
        [ "${g1%% *}" = "$w_cause" ] || ok=0
        w_line="$(printf '%s\n' "$w1" | grep -o 'line=[0-9]*' | head -n1)"
        w_df="$(printf '%s\n' "$w1" | grep -o 'dockerfile=[0-9]*')"
        if [ -n "$w_line" ]; then
            [ "$w_line" = "$(printf '%s\n' "$g1" | grep -o ' line=[0-9]*' | sed 's/^ //')" ] || ok=0
        fi
        if [ -n "$w_df" ]; then
            [ "$w_df" = "$(printf '%s\n' "$g1" | grep -o 'dockerfile=[0-9]*')" ] || ok=0
        fi
        ws="$(printf '%s\n' "$want" | awk '{ print $1 }' | sort -u | join)"
        gs="$(printf '%s\n' "$got" | awk '{ print $1 }' | sort -u | join)"
        [ "$ws" = "$gs" ] || ok=0
    fi
    [ "$ok" -eq 1 ] && passed=$((passed + 1))

    key="$(printf '%s\n' "$want" | head -n1 | awk '{ print $1 }')"
    [ -n "$key" ] || key="none"
    wantshow="$(printf '%s\n' "$want" | join)"; [ -n "$wantshow" ] || wantshow="none"
    gotshow="$(printf '%s\n' "$got" | join)"; [ -n "$gotshow" ] || gotshow="none"
    if [ "$status" -ne "$want_status" ]; then gotshow="$gotshow (exit $status, want $want_status)"; fi
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$key" "$ok" "$(framing_of "$expect")" "$name" "$wantshow" "$gotshow" >> "$rows"
done < <(find Corpus/cases -type f -name '*.log' | LC_ALL=C sort)

report() {
    echo "# Corpus results"
    echo
    echo "whygo: \`$whygo\`, $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo
    echo "| root cause | cases | passed | framings covered |"
    echo "|---|---:|---:|---|"
    LC_ALL=C sort -t"$(printf '\t')" -k1,1 "$rows" | awk -F'\t' '
        function flush() {
            if (cur == "") return
            printf "| `%s` | %d | %d | %s |\n", cur, n, p, fr
        }
        $1 != cur { flush(); cur = $1; n = 0; p = 0; fr = ""; delete seen }
        {
            n++; p += $2
            if (!($3 in seen)) { seen[$3] = 1; fr = (fr == "" ? $3 : fr ", " $3) }
        }
        END { flush() }'
    echo
    if awk -F'\t' '$2 == 0 { f = 1 } END { exit !f }' "$rows"; then
        echo "## Failures"
        echo
        echo "| case | expected | got |"
        echo "|---|---|---|"
        awk -F'\t' '$2 == 0 { gsub(/\|/, "\\|"); printf "| %s | %s | %s |\n", $4, $5, $6 }' "$rows"
        echo
    fi
    echo "corpus: $passed/$total passed"
}

if [ "$write" -eq 1 ]; then
    report | tee Corpus/RESULTS.md
else
    report
fi
[ "$passed" -eq "$total" ]
