#!/usr/bin/env bash
# make test-slurm: peacesim's shards on a real Slurm cluster of one node.
#
# Installs slurm-wlm and munge from Debian when they are missing, then
# brings up munged, slurmctld and slurmd by hand (no init system needed),
# with a private munge key, slurm.conf, state, spool and logs in a temporary
# directory. It submits deploy/slurm/sweep.sbatch, the script a researcher
# submits, as job arrays of 4 tasks: a sweep, and a run of the default
# scenario whose shards go in two submissions (some shards, then the whole
# array again: the finished ones are skipped), as docs/cluster.md tells.
# Each set of shards is merged and every file compared, byte for byte, with
# the same command run in one process.
#
# Needs root: slurmd runs a job as the user who submitted it, and the
# daemons run as root here (SlurmUser=root). A cluster that does not come up
# is a failure with its reason, never a skip. On exit it cancels its jobs,
# stops the daemons it started (by their PIDs) and removes its directory;
# TEST_SLURM_KEEP=1 keeps the directory to look at.
set -euo pipefail
shopt -s nullglob
cd "$(dirname "$0")/.."
repo=$PWD
check=test-slurm
# shellcheck source=scripts/lib/report.sh
. scripts/lib/report.sh # the repository's root, after the cd above
export PATH=$PATH:/usr/sbin:/sbin

# The study: a sweep of 13 points and a run, each split into 4 shards.
shards=4
sweep_args=(sweep --vary packages.miami_20_point.troop_cap=400:1000:50 --trials 20000)
run_args=(run --trials 200000)

tmp=""
pids=() # the daemons this script started, in the order they started

show_logs() {
  [ -n "$tmp" ] && [ -d "$tmp/log" ] || return 0
  local f
  for f in "$tmp"/log/*; do
    [ -s "$f" ] || continue
    printf '\n----- %s (last 25 lines) -----\n' "${f#"$tmp"/}" >&2
    tail -n 25 "$f" >&2
  done
}

cleanup() {
  local status=$? pid i
  set +e
  trap - EXIT INT TERM
  [ "$status" = 0 ] || show_logs
  if [ ${#pids[@]} -gt 0 ]; then
    # Our cluster's jobs only: SLURM_CONF names the private configuration.
    squeue -h -o %i 2>/dev/null | xargs -r scancel 2>/dev/null
    for ((i = ${#pids[@]} - 1; i >= 0; i--)); do
      pid=${pids[i]}
      kill -TERM "$pid" 2>/dev/null || continue
      for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
      kill -KILL "$pid" 2>/dev/null
      wait "$pid" 2>/dev/null
    done
    say "stopped the daemons (PIDs ${pids[*]})"
  fi
  if [ -n "$tmp" ]; then
    if [ "${TEST_SLURM_KEEP:-}" = 1 ]; then say "kept $tmp"; else rm -rf "$tmp"; fi
  fi
  [ "$status" = 0 ] && [ "$failed" = 0 ] || status=1
  say "took $((SECONDS - start)) s"
  printf 'test-slurm: %d passed, %d failed\n' "$passed" "$failed"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# alive NAME PID: dies with the daemon's log when it has exited.
alive() {
  kill -0 "$2" 2>/dev/null || die "$1 (PID $2) exited: the cluster cannot run"
}

# --- Slurm and munge -------------------------------------------------------

[ "$(id -u)" = 0 ] || die "needs root (slurmd runs jobs as their user; the daemons run as root): sudo make test-slurm"

tools=(munged munge unmunge slurmctld slurmd sbatch sinfo squeue scancel)
missing() { local t; for t in "${tools[@]}"; do command -v "$t" >/dev/null || return 0; done; return 1; }
if missing; then
  say "installing slurm-wlm and munge from Debian's packages"
  command -v apt-get >/dev/null || die "slurm-wlm and munge are missing and there is no apt-get to install them"
  export DEBIAN_FRONTEND=noninteractive
  pkgs=(slurm-wlm munge)
  if ! log=$({ apt-get install -y --no-install-recommends "${pkgs[@]}" ||
    { apt-get update && apt-get install -y --no-install-recommends "${pkgs[@]}"; }; } 2>&1); then
    printf '%s\n' "$log" | tail -n 20 >&2
    die "apt-get could not install ${pkgs[*]}"
  fi
  for t in "${tools[@]}"; do command -v "$t" >/dev/null || die "$t is still missing after installing ${pkgs[*]}"; done
fi
say "$(slurmctld -V), $(munged -V 2>&1 | head -n 1)"

say "building bin/peacesim"
"${GO:-go}" build -o bin/peacesim ./cmd/peacesim
peacesim=$repo/bin/peacesim

# Under /tmp, not $TMPDIR: munged wants every directory above its socket
# searchable by all, which a TMPDIR under /root is not.
tmp=$(mktemp -d /tmp/peacesim-slurm.XXXXXX)
chmod 711 "$tmp"
mkdir -p "$tmp/run" "$tmp/state" "$tmp/spool" "$tmp/log" "$tmp/work"
chmod 755 "$tmp/run"

# munged with a key of its own and its socket in $tmp/run: it neither needs
# nor disturbs /etc/munge or a munged already running on this machine.
dd if=/dev/urandom of="$tmp/munge.key" bs=1024 count=1 status=none
chmod 600 "$tmp/munge.key"
sock=$tmp/run/munge.sock
munged --foreground --key-file="$tmp/munge.key" --socket="$sock" \
  --pid-file="$tmp/run/munged.pid" --seed-file="$tmp/munged.seed" \
  >"$tmp/log/munged.log" 2>&1 &
munged_pid=$!
pids+=("$munged_pid")
for _ in $(seq 50); do
  alive munged "$munged_pid"
  munge -n -S "$sock" 2>/dev/null | unmunge -S "$sock" >/dev/null 2>&1 && break
  sleep 0.2
done
munge -n -S "$sock" | unmunge -S "$sock" >/dev/null || die "munged does not answer on $sock"
say "munged is up (PID $munged_pid, socket $sock)"

# Two free ports for slurmctld and slurmd, from Slurm's own 6817 up.
port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
port=6817
until port_free "$port" && port_free $((port + 1)); do
  port=$((port + 2))
  [ "$port" -lt 6917 ] || die "no two free ports between 6817 and 6917"
done

node=$(hostname -s 2>/dev/null || uname -n | cut -d. -f1)
cpus=$(nproc)
mem_mb=$(awk '/^MemTotal:/ { print int($2 / 1024) }' /proc/meminfo)
export SLURM_CONF=$tmp/slurm.conf
cat >"$SLURM_CONF" <<EOF
# A cluster of one node for make test-slurm (scripts/test-slurm.sh).
ClusterName=peacesim-test
SlurmctldHost=$node(127.0.0.1)
SlurmctldPort=$port
SlurmdPort=$((port + 1))
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$sock
SlurmUser=root
SlurmdUser=root
StateSaveLocation=$tmp/state
SlurmdSpoolDir=$tmp/spool
SlurmctldPidFile=$tmp/run/slurmctld.pid
SlurmdPidFile=$tmp/run/slurmd.pid
SlurmctldLogFile=$tmp/log/slurmctld.log
SlurmdLogFile=$tmp/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
MpiDefault=none
MailProg=/bin/true
ReturnToService=2
NodeName=$node NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$mem_mb State=UNKNOWN
PartitionName=test Nodes=$node Default=YES MaxTime=INFINITE State=UP
EOF

slurmctld -D -c -f "$SLURM_CONF" >"$tmp/log/slurmctld.out" 2>&1 &
ctld_pid=$!
pids+=("$ctld_pid")
slurmd -D -f "$SLURM_CONF" >"$tmp/log/slurmd.out" 2>&1 &
slurmd_pid=$!
pids+=("$slurmd_pid")

state=""
for _ in $(seq 120); do
  alive slurmctld "$ctld_pid"
  alive slurmd "$slurmd_pid"
  state=$(sinfo -h -N -n "$node" -o %T 2>/dev/null || true)
  [ "$state" = idle ] && break
  sleep 0.5
done
[ "$state" = idle ] ||
  die "node $node is '${state:-not known to slurmctld}' after 60 s, not idle: $(sinfo -h -R 2>&1)"
say "slurmctld (PID $ctld_pid, port $port) and slurmd (PID $slurmd_pid) are up: node $node idle, $cpus CPUs, $mem_mb MB"

# --- the study ---------------------------------------------------------------

cd "$tmp/work"
export PEACESIM=$peacesim

# submit NAME OUT [sbatch flags…] -- [peacesim arguments…]: runs the
# array to its end (sbatch --wait: its status is the worst task's); its
# job ID is then in $tmp/jobid, its tasks' output in $tmp/log/NAME-ID_I.out.
submit() {
  local name=$1 out=$2 sb=()
  shift 2
  while [ "$1" != -- ]; do sb+=("$1"); shift; done
  shift
  PEACESIM_OUT=$out timeout 600 sbatch --wait --parsable --job-name="$name" \
    --cpus-per-task=1 --time=10 --output="$tmp/log/$name-%A_%a.out" "${sb[@]}" \
    "$repo/deploy/slurm/sweep.sbatch" "$@" >"$tmp/jobid"
}

# names DIR: the names of DIR's files, sorted, on one line.
names() {
  local f out=()
  for f in "$1"/*; do out+=("${f##*/}"); done
  echo "${out[*]}"
}

# same LABEL WANT GOT: every file of WANT is in GOT with the same bytes,
# and GOT has no other.
same() {
  local label=$1 want=$2 got=$3 f bad=()
  if [ "$(names "$want")" != "$(names "$got")" ]; then
    fail "$label: files differ: $(names "$want") vs $(names "$got")"
    return
  fi
  for f in "$want"/*; do cmp -s "$f" "$got/${f##*/}" || bad+=("${f##*/}"); done
  if [ ${#bad[@]} -eq 0 ]; then
    pass "$label: merged = one process, byte for byte ($(names "$want"))"
  else
    fail "$label: differs from one process in ${bad[*]}"
  fi
}

say "sweep: sbatch --array=0-$((shards - 1)) ${sweep_args[*]}"
submit sweep "$tmp/sweep" --array=0-$((shards - 1)) -- "${sweep_args[@]}" ||
  die "the sweep's array failed (sbatch --wait exit $?)"
"$peacesim" merge "$tmp/sweep" -o "$tmp/sweep-merged"
"$peacesim" "${sweep_args[@]}" --quiet -o "$tmp/sweep-one"
same "sweep in $shards shards" "$tmp/sweep-one" "$tmp/sweep-merged"

say "run: PEACESIM_SHARDS=$shards sbatch --array=0,2 ${run_args[*]} (as if 1 and 3 had failed)"
PEACESIM_SHARDS=$shards submit run "$tmp/run-shards" --array=0,2 -- "${run_args[@]}" ||
  die "shards 0 and 2 of the run failed (sbatch --wait exit $?)"
if msg=$("$peacesim" merge "$tmp/run-shards" -o "$tmp/run-merged" 2>&1); then
  fail "merge of shards 0 and 2 of $shards succeeded"
elif grep -q 'missing: 1, 3' <<<"$msg"; then
  pass "merge refuses shards 0 and 2 of $shards, naming 1 and 3"
else
  fail "merge refused shards 0 and 2 of $shards without naming 1 and 3: $msg"
fi

say "run: sbatch --array=1,3 without PEACESIM_SHARDS must be refused"
if submit run-guard "$tmp/run-shards" --array=1,3 -- "${run_args[@]}" 2>/dev/null; then
  fail "an array of 1,3 ran without PEACESIM_SHARDS"
elif [ "$(names "$tmp/run-shards")" != "shard-0-of-4 shard-2-of-4" ]; then
  fail "an array of 1,3 without PEACESIM_SHARDS left $(names "$tmp/run-shards"), not shards 0 and 2"
elif ! grep -q 'give --shards N' "$tmp/log/run-guard-$(cat "$tmp/jobid")"_1.out; then
  fail "an array of 1,3 without PEACESIM_SHARDS failed, but not for that reason: $(cat "$tmp/log/run-guard-$(cat "$tmp/jobid")"_1.out)"
else
  pass "an array of 1,3 without PEACESIM_SHARDS is refused and writes nothing"
fi

say "run: sbatch --array=0-$((shards - 1)) again: 0 and 2 are skipped"
submit run "$tmp/run-shards" --array=0-$((shards - 1)) -- "${run_args[@]}" ||
  die "the run's array failed (sbatch --wait exit $?)"
skipped=$(grep -l 'is complete; skipped' "$tmp/log/run-$(cat "$tmp/jobid")"_*.out | wc -l)
if [ "$skipped" = 2 ]; then
  pass "the resubmitted array skips the 2 complete shards"
else
  fail "the resubmitted array skipped $skipped complete shards, not 2"
fi
"$peacesim" merge "$tmp/run-shards" -o "$tmp/run-merged"
"$peacesim" "${run_args[@]}" --quiet -o "$tmp/run-one"
same "run in $shards shards" "$tmp/run-one" "$tmp/run-merged"

[ "$failed" = 0 ]
