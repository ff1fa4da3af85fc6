#!/usr/bin/env bash
# Time the NumPy baseline: each configuration REPS times (default 3), printing
# the trials/s of every run and the peak RSS. NumPy runs these kernels on one
# core; check `uptime` first, since anything else on the machine skews it.
set -euo pipefail
cd "$(dirname "$0")"
if [ -z "${PY:-}" ]; then  # the first python3 that has NumPy
  for PY in python3 /usr/bin/python3; do "$PY" -c 'import numpy' 2>/dev/null && break; done
fi
REPS=${REPS:-3}
SEED=${SEED:-1}
for cfg in "1000000 1000000" "10000000 1000000" "1000000 100000" "10000000 100000"; do
  set -- $cfg
  for r in $(seq "$REPS"); do
    out=$( { /usr/bin/time -f 'maxrss_kib=%M' "$PY" baseline.py --trials "$1" --seed "$SEED" --batch "$2" | sed -n 2p; } 2>&1 )
    echo "trials=$1 batch=$2 run=$r: $(echo "$out" | tr '\n' ' ')"
  done
done
