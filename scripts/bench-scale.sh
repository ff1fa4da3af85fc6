#!/usr/bin/env bash
# The scale figures of docs/performance.md, in one run on this machine: for
# each row, the two commands it compares run alternately REPS times
# (default 3), and the row gives the medians of their wall and CPU times,
# their ratio and the larger peak memory (/usr/bin/time). The runs are
# those a researcher would type: `peacesim run FILE --quiet`, writing no
# tables.
#
#   bash scripts/bench-scale.sh          (make bench runs it; BIN=bin/peacesim)
#
# Then a second table: how a run's time and memory grow with trials,
# packages, rounds and workers, one at a time.
#
# Rows: many packages against few over the same trials × packages; the
# set-up of many packages against `validate`; the timeline's 26 rounds
# against one; the evidence against --evidence none; the NumPy baseline
# (bench/numpy) against the engine on the one-shot default scenario, when
# a python3 with NumPy is found (apt-get install python3-numpy); and
# BenchmarkTrial.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-bin/peacesim}
REPS=${REPS:-3}
[ -x "$BIN" ] || { echo "bench-scale: $BIN not built (make build)" >&2; exit 1; }
command -v /usr/bin/time >/dev/null || { echo "bench-scale: /usr/bin/time not found (apt-get install time)" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# packages N FILE: the default scenario as one vote, without its evidence,
# and N more packages, each the first with its troop cap varied.
packages() {
  cp scenarios/miami-2025.toml "$2"
  awk -v n="$1" 'BEGIN { for (i = 1; i <= n; i++)
    printf "\n[packages.bulk_%05d]\nextends = \"us_28_point\"\ntroop_cap = %.3f\n", i, 400 + 800 * i / n }' >>"$2"
}

# timed LABEL CMD…: one run, its wall and CPU seconds and peak KiB
# appended to $work/LABEL.
timed() {
  local label=$1
  shift
  /usr/bin/time -f '%e %U %S %M' -o "$work/t" "$@" >/dev/null 2>"$work/err" || { cat "$work/err" >&2; exit 1; }
  awk '{ printf "%s %.2f %d\n", $1, $2 + $3, $4 }' "$work/t" >>"$work/$label"
}

# median LABEL COLUMN: the median of a column of $work/LABEL.
median() { awk -v c="$2" '{ print $c }' "$work/$1" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

# row TITLE A B UNITS_A UNITS_B: the medians of runs A and B, and the
# ratio of B's time per unit to A's (units: trials × packages, or 1).
row() {
  local wa ca ma wb cb mb
  wa=$(median "$2" 1) ca=$(median "$2" 2) ma=$(median "$2" 3)
  wb=$(median "$3" 1) cb=$(median "$3" 2) mb=$(median "$3" 3)
  awk -v t="$1" -v wa="$wa" -v ca="$ca" -v ma="$ma" -v wb="$wb" -v cb="$cb" -v mb="$mb" -v ua="$4" -v ub="$5" 'BEGIN {
    printf "| %s | %.2f s (%.2f s CPU, %d MiB) | %.2f s (%.2f s CPU, %d MiB) | %.2f× wall, %.2f× CPU |\n",
      t, wa, ca, ma / 1024, wb, cb, mb / 1024, (wb / ub) / (wa / ua), (cb / ub) / (ca / ua) }'
}

one=(--evidence none --set timeline.rounds=1 --quiet --workers 2)
packages 992 "$work/p1000.toml"  # 8 + 992 = 1,000 packages
packages 9992 "$work/p10000.toml"
for r in $(seq "$REPS"); do
  echo "bench-scale: repetition $r of $REPS" >&2
  timed few8 "$BIN" run --trials 2500000 "${one[@]}"
  timed many1000 "$BIN" run "$work/p1000.toml" --trials 20000 "${one[@]}"
  timed few8b "$BIN" run --trials 2500000 "${one[@]}"
  timed many10000 "$BIN" run "$work/p10000.toml" --trials 2000 "${one[@]}"
  timed validate1000 "$BIN" validate "$work/p1000.toml"
  timed setup1000 "$BIN" run "$work/p1000.toml" --trials 1 "${one[@]}"
  timed validate10000 "$BIN" validate "$work/p10000.toml"
  timed setup10000 "$BIN" run "$work/p10000.toml" --trials 1 "${one[@]}"
  timed rounds1 "$BIN" run --trials 1000000 --quiet --workers 2 --evidence none --set timeline.rounds=1
  timed rounds26 "$BIN" run --trials 1000000 --quiet --workers 2 --evidence none
  timed posterior "$BIN" run --trials 1000000 --quiet --workers 2
  timed prior "$BIN" run --trials 1000000 --quiet --workers 2 --evidence none
done

echo
echo "| work | A | B | B against A |"
echo "| --- | --- | --- | --- |"
row "1,000 packages × 20k trials (B) against 8 × 2.5 M (A), per trial × package" few8 many1000 20000000 20000000
row "10,000 packages × 2k trials (B) against 8 × 2.5 M (A), per trial × package" few8b many10000 20000000 20000000
row "set-up (\`--trials 1\`, B) against \`validate\` (A), 1,000 packages" validate1000 setup1000 1 1
row "set-up (\`--trials 1\`, B) against \`validate\` (A), 10,000 packages" validate10000 setup10000 1 1
row "the timeline's 26 rounds (B) against one (A), 10⁶ trials" rounds1 rounds26 1 1
row "the evidence (B) against \`--evidence none\` (A), 10⁶ trials" prior posterior 1 1

# The NumPy baseline on the one-shot default scenario: 10⁶ trials.
py=""
for p in python3 /usr/bin/python3; do "$p" -c 'import numpy' 2>/dev/null && { py=$p; break; }; done
if [ -n "$py" ]; then
  for r in $(seq "$REPS"); do
    echo "bench-scale: NumPy, repetition $r of $REPS" >&2
    timed numpy "$py" bench/numpy/baseline.py --trials 1000000 --seed 1
    timed engine "$BIN" run --trials 1000000 --seed 1 -o "$work/np$r" "${one[@]}"
  done
  row "the engine (A, \`-o\`: margins counted) against NumPy (B), one-shot default scenario, 10⁶ trials" engine numpy 1 1
else
  echo "| the engine against NumPy | no python3 with NumPy here (apt-get install python3-numpy) | | |"
fi

# How the cost grows: one variable at a time from the one-shot default
# scenario on the prior, 10⁶ trials (the packages' rows 20,000), 2
# workers, writing no tables; each run REPS times and the median given.
grow() {
  local label=$1
  shift
  for r in $(seq "$REPS"); do timed "$label" "$@"; done
  printf '| %s | %s s | %s s | %d MiB |\n' "$GROW_WHAT" "$(median "$label" 1)" "$(median "$label" 2)" "$(($(median "$label" 3) / 1024))"
}
base=(--evidence none --quiet)
echo
echo "| what varies (else 10⁶ trials, 8 packages, 1 round, 2 workers) | wall | CPU | peak memory |"
echo "| --- | --- | --- | --- |"
for t in 100000 1000000 10000000; do
  GROW_WHAT="trials: $t" grow "trials$t" "$BIN" run --trials "$t" --workers 2 --set timeline.rounds=1 "${base[@]}"
done
for n in 8 100 1000 10000; do
  file=""
  if [ "$n" -gt 8 ]; then
    packages $((n - 8)) "$work/g$n.toml"
    file="$work/g$n.toml"
  fi
  GROW_WHAT="packages: $n, 20k trials" grow "packages$n" "$BIN" run $file --trials 20000 --workers 2 --set timeline.rounds=1 "${base[@]}"
done
for k in 6 13 26 52; do
  GROW_WHAT="rounds: $k" grow "rounds$k" "$BIN" run --trials 1000000 --workers 2 --set timeline.rounds="$k" "${base[@]}"
done
GROW_WHAT="workers: 1" grow workers1 "$BIN" run --trials 1000000 --workers 1 --set timeline.rounds=1 "${base[@]}"
echo

go test ./sim -run '^$' -bench '^BenchmarkTrial$' -benchmem -benchtime 2s -count "$REPS" 2>/dev/null |
  awk '/^BenchmarkTrial/ { print $3, $7 }' | sort -g |
  awk '{ ns[NR] = $1; allocs = $2 } END {
    printf "| `BenchmarkTrial` (8 packages), median of %d | %.0f ns/op, %s allocs/op | | |\n", NR, ns[int((NR + 1) / 2)], allocs }'
