#!/bin/bash
# A single-node Slurm cluster on loopback, for thtl's sweep tests and for trying `thtl sweep
# --engine slurm` on one machine. No systemd: munged, slurmctld and slurmd run as root from a
# private folder (THTL_SLURM_DIR, default /tmp/thtl-slurm), on ports 16817/16818.
#
#   tests/slurm/cluster.sh start   # installs Debian's slurm-wlm and munge if missing (as root)
#   export SLURM_CONF=/tmp/thtl-slurm/slurm.conf
#   sbatch ...; squeue; scontrol ...
#   tests/slurm/cluster.sh stop
#
# Settings (docs/sweeps.md): proctrack/linuxproc and task/none (the cgroup plugins need systemd's
# cgroup tree), select/cons_tres with CR_Core, no accounting (so no sacct), batch_sched_delay=0,
# kill_invalid_depend (a report job whose array failed is cancelled, not left pending).
set -euo pipefail

DIR="${THTL_SLURM_DIR:-/tmp/thtl-slurm}"
CONF="$DIR/slurm.conf"
export SLURM_CONF="$CONF"

need_packages() {
  local missing=()
  command -v munged >/dev/null || [ -x /usr/sbin/munged ] || missing+=(munge)
  [ -x /usr/sbin/slurmctld ] || missing+=(slurmctld)
  [ -x /usr/sbin/slurmd ] || missing+=(slurmd)
  command -v sbatch >/dev/null || missing+=(slurm-client)
  [ "${#missing[@]}" -eq 0 ] && return 0
  if [ "$(id -u)" != 0 ]; then
    echo "cluster.sh: missing ${missing[*]}; install them (apt-get install slurmctld slurmd slurm-client munge) or run as root" >&2
    exit 1
  fi
  echo "cluster.sh: installing ${missing[*]}" >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}" >&2 ||
    { apt-get update >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}" >&2; }
}

alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

write_conf() {
  cat > "$CONF" <<CONF
ClusterName=thtl
SlurmctldHost=localhost(127.0.0.1)
SlurmctldPort=16817
SlurmdPort=16818
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$DIR/munge/munge.socket
StateSaveLocation=$DIR/state
SlurmdSpoolDir=$DIR/spool
SlurmctldPidFile=$DIR/slurmctld.pid
SlurmdPidFile=$DIR/slurmd.pid
SlurmctldLogFile=$DIR/slurmctld.log
SlurmdLogFile=$DIR/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerParameters=batch_sched_delay=0
DependencyParameters=kill_invalid_depend
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
JobCompType=jobcomp/none
PlugStackConfig=$DIR/plugstack.conf
MpiDefault=none
ReturnToService=2
SlurmctldTimeout=10
SlurmdTimeout=10
MinJobAge=600
NodeName=localhost NodeAddr=127.0.0.1 CPUs=$(nproc) State=UNKNOWN
PartitionName=debug Nodes=localhost Default=YES MaxTime=INFINITE State=UP
CONF
  : > "$DIR/plugstack.conf"
}

start() {
  need_packages
  if alive "$DIR/slurmctld.pid" && alive "$DIR/slurmd.pid"; then
    echo "export SLURM_CONF=$CONF"
    return 0
  fi
  stop >/dev/null 2>&1 || true
  mkdir -p "$DIR/munge" "$DIR/state" "$DIR/spool"
  chmod 0711 "$DIR" "$DIR/munge"
  [ -f "$DIR/munge/munge.key" ] || { dd if=/dev/urandom bs=1 count=1024 of="$DIR/munge/munge.key" status=none; }
  chmod 0400 "$DIR/munge/munge.key"
  write_conf
  /usr/sbin/munged --force --socket="$DIR/munge/munge.socket" --key-file="$DIR/munge/munge.key" \
    --pid-file="$DIR/munge/munged.pid" --log-file="$DIR/munge/munged.log" --seed-file="$DIR/munge/munged.seed"
  /usr/sbin/slurmctld -i
  /usr/sbin/slurmd -N localhost
  for _ in $(seq 1 100); do
    if sinfo --noheader --format=%t 2>/dev/null | grep -qE '^(idle|mix|alloc)'; then
      echo "export SLURM_CONF=$CONF"
      return 0
    fi
    sleep 0.1
  done
  echo "cluster.sh: the node did not come up; see $DIR/slurmctld.log and $DIR/slurmd.log" >&2
  exit 1
}

stop() {
  for pid in "$DIR/slurmd.pid" "$DIR/slurmctld.pid" "$DIR/munge/munged.pid"; do
    if alive "$pid"; then kill "$(cat "$pid")"; fi
  done
  for pid in "$DIR/slurmd.pid" "$DIR/slurmctld.pid" "$DIR/munge/munged.pid"; do
    for _ in $(seq 1 50); do alive "$pid" || break; sleep 0.1; done
    rm -f "$pid"
  done
  # Forget the jobs: the next start begins with an empty queue.
  rm -rf "$DIR/state" "$DIR/spool"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) if alive "$DIR/slurmctld.pid" && alive "$DIR/slurmd.pid"; then echo running; else echo stopped; exit 1; fi ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
