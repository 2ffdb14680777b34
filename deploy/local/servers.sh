#!/usr/bin/env bash
# Local PostgreSQL 15 + RabbitMQ for development and tests, as plain processes
# (no Docker, no systemd). All data lives under <repo>/.idp/<profile>/.
#
# Usage:
#   deploy/local/servers.sh start <profile>        # profile: run | test
#   deploy/local/servers.sh stop <profile>
#   deploy/local/servers.sh status <profile>       # exit 0 if both up, 3 otherwise
#   deploy/local/servers.sh rabbitmqctl <profile> <args...>
#   deploy/local/servers.sh crash <profile> postgres|rabbitmq   # as a power cut would: pg_ctl stop -m immediate,
#                                                                # kill -9 of RabbitMQ's VM (the fault tests; start brings it back)
#   deploy/local/servers.sh cluster <profile> start|stop          # a three-node RabbitMQ cluster beside the profile's
#   deploy/local/servers.sh cluster <profile> crash|start N       # broker (AMQP 26772-26774 for test); one node killed
#   deploy/local/servers.sh cluster <profile> rabbitmqctl|queues N ARGS  # or started again; rabbitmqctl or
#                                                                # rabbitmq-queues against node N
#   deploy/local/servers.sh ensure-installed
#
# Environment:
#   IDP_DATABASES   databases created by `start` (space separated)
#                   default: idp_identity idp_registration idp_needs idp_reporting idp_notifications idp_web
#
# The pitfalls this script works around
# (zombie daemons, Erlang cookies per user/HOME, epmd outliving nodes, ...).
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(realpath "$SCRIPT_DIR/../..")"
IDP_DIR="$REPO/.idp"
readonly SCRIPT_DIR REPO IDP_DIR
readonly DEFAULT_DATABASES="idp_identity idp_registration idp_needs idp_reporting idp_notifications idp_web"

# Debian's rabbitmq-server package keeps the real scripts here; the /usr/sbin
# wrappers switch user and reset HOME/env, which would break our isolated node.
readonly RABBIT_BIN=/usr/lib/rabbitmq/bin

log()  { echo "[servers] $*"; }
warn() { echo "[servers] WARNING: $*" >&2; }
die()  { echo "[servers] ERROR: $*" >&2; exit 1; }

is_root() { [ "$EUID" -eq 0 ]; }

# Seconds since $1 (an $EPOCHREALTIME value), with one decimal.
elapsed() {
  local now="${EPOCHREALTIME//[.,]/}" start="${1//[.,]/}" d
  d=$((now - start))
  printf '%d.%d' $((d / 1000000)) $(((d % 1000000) / 100000))
}

usage() {
  sed -n '2,22p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
  exit 2
}

# ---------------------------------------------------------------------------
# Process helpers
# ---------------------------------------------------------------------------

# Liveness that treats zombies as dead. Daemons here get re-parented to a PID 1
# that does not reap them, and `kill -0` succeeds on a zombie (pitfall 7).
pid_alive() {
  local pid="${1:-}" stat state
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  read -r stat 2>/dev/null <"/proc/$pid/stat" || return 1
  # Field 3 (state) follows the last ')' (the command name may contain spaces).
  stat="${stat##*) }"
  state="${stat%% *}"
  [[ "$state" != Z && "$state" != X && "$state" != x ]]
}

# Sets COMM to the process name of pid $1 ("" if gone). A builtin read into a
# global, not $(cat ...): it runs in loops over /proc, and forks add up.
read_comm() { COMM=""; read -r COMM 2>/dev/null <"/proc/$1/comm" || COMM=""; }

# Wait until a pid is dead (or a zombie); returns 1 on timeout.
wait_pid_dead() {
  local pid="$1" timeout="$2" i
  for ((i = 0; i < timeout * 10; i++)); do
    pid_alive "$pid" || return 0
    sleep 0.1
  done
  return 1
}

port_open() {
  # bash's /dev/tcp: a plain TCP connect, no extra tools needed.
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# ---------------------------------------------------------------------------
# Installation
# ---------------------------------------------------------------------------

# Finds the directory holding initdb/pg_ctl/postgres. Debian keeps them in
# /usr/lib/postgresql/<ver>/bin (not on PATH); prefer 15, the version we target.
find_pg_bindir() {
  local d cmd
  if [ -n "${PG_BINDIR:-}" ] && [ -x "$PG_BINDIR/pg_ctl" ]; then echo "$PG_BINDIR"; return 0; fi
  if [ -x /usr/lib/postgresql/15/bin/pg_ctl ]; then echo /usr/lib/postgresql/15/bin; return 0; fi
  if cmd="$(command -v pg_ctl 2>/dev/null)"; then
    d="$(dirname "$(realpath "$cmd")")"
    if [ -x "$d/initdb" ] && [ -x "$d/postgres" ]; then echo "$d"; return 0; fi
  fi
  local dirs=(/usr/lib/postgresql/*/bin)
  d="$(printf '%s\n' "${dirs[@]}" | sort -V | tail -n 1)"
  if [ -x "$d/pg_ctl" ]; then echo "$d"; return 0; fi
  return 1
}

missing_packages() {
  local missing=()
  local pgbin
  if ! pgbin="$(find_pg_bindir)" || [ ! -x "$pgbin/initdb" ] || [ ! -x "$pgbin/postgres" ] \
     || ! command -v psql >/dev/null 2>&1 || { is_root && ! id postgres >/dev/null 2>&1; }; then
    missing+=(postgresql)
  fi
  if [ ! -x "$RABBIT_BIN/rabbitmq-server" ] || [ ! -x "$RABBIT_BIN/rabbitmqctl" ] \
     || { is_root && ! id rabbitmq >/dev/null 2>&1; }; then
    missing+=(rabbitmq-server)
  fi
  # The font reports are drawn in (PDF and charts; it covers Latin and Arabic), and pdftotext, which the tests read PDFs with.
  [ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing+=(fonts-dejavu-core)
  command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
  echo "${missing[*]}"
}

POLICY_RC="${POLICY_RC:-/usr/sbin/policy-rc.d}"  # overridable only to test this logic
POLICY_CREATED=0
POLICY_BACKUP=""
SUDO=()

# policy-rc.d exiting 101 tells invoke-rc.d/deb-systemd-invoke "do not start
# services", so the packages do not launch their own servers on the default ports.
policy_block_services() {
  if [ -e "$POLICY_RC" ]; then
    local rc=0
    "$POLICY_RC" rabbitmq-server start >/dev/null 2>&1 || rc=$?
    [ "$rc" -eq 101 ] && return 0
    # Present but permissive: keep a copy (inside .idp) and restore it afterwards.
    mkdir -p "$IDP_DIR"
    POLICY_BACKUP="$IDP_DIR/policy-rc.d.orig"
    "${SUDO[@]}" cp -p "$POLICY_RC" "$POLICY_BACKUP"
    log "temporarily replacing $POLICY_RC (it exits $rc, not 101)"
  else
    POLICY_CREATED=1
    log "creating temporary $POLICY_RC (exit 101) so packages do not start services"
  fi
  printf '#!/bin/sh\n# temporary, from deploy/local/servers.sh\nexit 101\n' \
    | "${SUDO[@]}" tee "$POLICY_RC" >/dev/null
  "${SUDO[@]}" chmod 755 "$POLICY_RC"
}

policy_restore() {
  if [ "$POLICY_CREATED" = 1 ]; then
    "${SUDO[@]}" rm -f "$POLICY_RC"
    POLICY_CREATED=0
  elif [ -n "$POLICY_BACKUP" ]; then
    "${SUDO[@]}" cp -p "$POLICY_BACKUP" "$POLICY_RC"
    "${SUDO[@]}" rm -f "$POLICY_BACKUP"
    POLICY_BACKUP=""
  fi
}

cmd_ensure_installed() {
  local missing
  missing="$(missing_packages)"
  [ -z "$missing" ] && return 0

  if is_root; then
    SUDO=()
  elif command -v sudo >/dev/null 2>&1; then
    SUDO=(sudo)
  else
    die "missing packages ($missing) and not root, and sudo is not available"
  fi
  command -v apt-get >/dev/null 2>&1 || die "missing packages ($missing) and apt-get is not available"

  log "installing OS packages: $missing"
  policy_block_services
  trap policy_restore EXIT
  trap 'exit 130' INT TERM   # so Ctrl-C still runs the EXIT trap
  local t0=$EPOCHREALTIME
  "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q \
    || die "apt-get update failed"
  # shellcheck disable=SC2086  # word splitting of the package list is intended
  "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $missing \
    || die "apt-get install $missing failed"
  policy_restore
  trap - EXIT INT TERM
  log "installed in $(elapsed "$t0") s"

  missing="$(missing_packages)"
  [ -z "$missing" ] || die "still missing after install: $missing"
}

# ---------------------------------------------------------------------------
# Profiles and layout
# ---------------------------------------------------------------------------

set_profile() {
  PROFILE="${1:-}"
  case "$PROFILE" in
    # Below Linux's ephemeral range (32768-60999): a client connection cannot already hold one of
    # these when a server restarts (RabbitMQ's distribution port was taken that way after a kill -9).
    run)  PG_PORT=25432; AMQP_PORT=25672; DIST_PORT=25682 ;;
    test) PG_PORT=26432; AMQP_PORT=26672; DIST_PORT=26682 ;;
    "")   die "missing profile (run|test)" ;;
    *)    die "unknown profile '$PROFILE' (expected run or test)" ;;
  esac
  NODE="idp-$PROFILE@localhost"
  PROFILE_DIR="$IDP_DIR/$PROFILE"

  PG_DIR="$PROFILE_DIR/postgres"
  PG_DATA="$PG_DIR/data"
  PG_SOCK="$PG_DIR/sock"          # private socket dir: no clash with /var/run/postgresql
  PG_LOG="$PG_DIR/postgres.log"

  RMQ_DIR="$PROFILE_DIR/rabbitmq"
  RMQ_HOME="$RMQ_DIR/home"        # own HOME => own .erlang.cookie per profile
  RMQ_MNESIA="$RMQ_DIR/mnesia"
  RMQ_LOGS="$RMQ_DIR/log"
  RMQ_PIDFILE="$RMQ_DIR/rabbitmq.pid"
  RMQ_CONF="$RMQ_DIR/rabbitmq.conf"
  RMQ_PLUGINS="$RMQ_DIR/enabled_plugins"

  if is_root; then PG_USER=postgres; RMQ_USER=rabbitmq; else PG_USER="$(id -un)"; RMQ_USER="$PG_USER"; fi
}

# Runs a command as the PostgreSQL OS user (postgres refuses to run as root),
# from a directory that user can enter (our cwd may be e.g. /root).
as_pg() {
  if is_root; then
    (cd "$PG_DIR" && runuser -u postgres -- "$@")
  else
    (cd "$PG_DIR" && "$@")
  fi
}

# Runs a command as the RabbitMQ OS user with this profile's HOME and RABBITMQ_*
# environment. Every rabbitmqctl must use the same user + HOME as the node, or it
# reads a different Erlang cookie and cannot authenticate (pitfall 3).
as_rmq() {
  local envs=(
    HOME="$RMQ_HOME"
    ERL_EPMD_ADDRESS=127.0.0.1            # shared epmd stays on loopback
    RABBITMQ_NODENAME="$NODE"
    RABBITMQ_NODE_IP_ADDRESS=127.0.0.1
    RABBITMQ_NODE_PORT="$AMQP_PORT"
    RABBITMQ_DIST_PORT="$DIST_PORT"
    RABBITMQ_MNESIA_BASE="$RMQ_MNESIA"
    RABBITMQ_LOG_BASE="$RMQ_LOGS"
    RABBITMQ_PID_FILE="$RMQ_PIDFILE"
    RABBITMQ_CONFIG_FILE="$RMQ_CONF"
    RABBITMQ_ADVANCED_CONFIG_FILE="$RMQ_DIR/advanced.config"  # absent: keeps /etc/rabbitmq out
    RABBITMQ_CONF_ENV_FILE="$RMQ_DIR/rabbitmq-env.conf"      # absent: keeps /etc/rabbitmq out
    RABBITMQ_ENABLED_PLUGINS_FILE="$RMQ_PLUGINS"
    ERL_CRASH_DUMP="$RMQ_LOGS/erl_crash.dump"
    # Erlang distribution listens on all interfaces by default: keep it (and
    # the CLI's own listener) on loopback.
    RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"
    RABBITMQ_CTL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"
  )
  if is_root; then
    (cd "$RMQ_HOME" && runuser -u rabbitmq -- env "${envs[@]}" "$@")
  else
    (cd "$RMQ_HOME" && env "${envs[@]}" "$@")
  fi
}

rabbitmqctl_() { as_rmq "$RABBIT_BIN/rabbitmqctl" "$@"; }

# Makes every ancestor of $1 enterable by OS user $2 (the server must reach its
# data folder through them, e.g. a checkout under /root is 0700).
ensure_traversable() {
  local dir="$1" user="$2"
  is_root || return 0
  while [ "$dir" != / ]; do
    if ! runuser -u "$user" -- test -x "$dir" 2>/dev/null; then
      log "making $dir traversable (o+x) for the $user user"
      chmod o+x "$dir"
    fi
    dir="$(dirname "$dir")"
  done
}

prepare_dirs() {
  mkdir -p "$PROFILE_DIR"
  chmod 755 "$IDP_DIR" "$PROFILE_DIR"
  mkdir -p "$PG_DIR" "$PG_SOCK" "$RMQ_HOME" "$RMQ_MNESIA" "$RMQ_LOGS"
  if is_root; then
    # chown -R only when needed (e.g. created by another user); the top dirs always.
    [ "$(stat -c %U "$PG_DIR")" = postgres ] || chown -R postgres:postgres "$PG_DIR"
    [ "$(stat -c %U "$RMQ_DIR")" = rabbitmq ] || chown -R rabbitmq:rabbitmq "$RMQ_DIR"
    chown postgres:postgres "$PG_DIR" "$PG_SOCK"
    chown rabbitmq:rabbitmq "$RMQ_DIR" "$RMQ_HOME" "$RMQ_MNESIA" "$RMQ_LOGS"
    ensure_traversable "$PG_DIR" postgres
    ensure_traversable "$RMQ_DIR" rabbitmq
  fi
  chmod 750 "$PG_DIR" "$RMQ_DIR"
  chmod 755 "$PG_SOCK"
}

# Serialises start/stop of one profile (parallel test runs may call start at
# the same time). fd 9 is closed for every daemon we spawn so they do not keep
# the lock after we exit.
take_lock() {
  exec 9>"$PROFILE_DIR/.servers.lock"
  if ! flock -w 120 9; then die "another servers.sh is busy with profile $PROFILE (lock held > 120 s)"; fi
}

# ---------------------------------------------------------------------------
# PostgreSQL
# ---------------------------------------------------------------------------

# Prints the postmaster pid if this profile's server is alive (zombie-aware).
pg_pid() {
  local pid=""
  read -r pid 2>/dev/null <"$PG_DATA/postmaster.pid" || return 1   # line 1: postmaster pid
  read_comm "$pid"
  pid_alive "$pid" && [ "$COMM" = postgres ] && echo "$pid"
}

pg_ready() { "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -t 2 >/dev/null 2>&1; }

pg_locale() {
  # glibc >= 2.35 (Debian 12) has a built-in C.UTF-8; fall back to C if absent.
  if locale -a 2>/dev/null | grep -qiE '^c\.utf-?8$'; then echo C.UTF-8; else echo C; fi
}

pg_init_once() {
  [ -f "$PG_DATA/PG_VERSION" ] && return 0
  local tmp="$PG_DIR/data.initdb" loc
  loc="$(pg_locale)"
  log "postgres: initdb ($loc, UTF8) in $PG_DATA"
  rm -rf "$tmp"
  # Into a temp dir, then rename: an interrupted initdb never leaves a half data dir.
  if ! as_pg "$PG_BIN/initdb" -D "$tmp" -U postgres -E UTF8 --locale="$loc" \
        --auth-local=trust --auth-host=trust >"$PG_DIR/initdb.log" 2>&1; then
    tail -n 30 "$PG_DIR/initdb.log" >&2
    die "postgres: initdb failed (log: $PG_DIR/initdb.log)"
  fi
  # Trust only the unix socket and 127.0.0.1 (we do not listen anywhere else).
  as_pg tee "$tmp/pg_hba.conf" >/dev/null <<'EOF'
# Written by deploy/local/servers.sh: local development only.
# TYPE  DATABASE  USER  ADDRESS       METHOD
local   all       all                 trust
host    all       all   127.0.0.1/32  trust
local   replication all               trust
host    replication all 127.0.0.1/32  trust
EOF
  echo "include 'idp.conf'   # deploy/local/servers.sh settings (win over the above)" \
    | as_pg tee -a "$tmp/postgresql.conf" >/dev/null
  as_pg mv "$tmp" "$PG_DATA"
}

# Rewritten on every start, so the settings always match this script.
pg_write_conf() {
  local sock="${PG_SOCK//\'/\'\'}"
  # The run profile holds a register that can reach millions of households (22 GB at 1,500,000): with PostgreSQL's
  # default 128 MB of buffers, every insert into the name keys' indexes read its page in from the OS's cache and
  # wrote another out. A quarter of the machine's memory, at most 8 GB, is the usual size for a database server;
  # the test profile's databases are small and keep the default.
  #
  # The name keys' indexes are written at random places over gigabytes, and the first change to a page after a
  # checkpoint writes the whole page to the WAL. With the default 1 GB of WAL between checkpoints, a surge forced one
  # about every 20 seconds and such page images were most of the WAL: 299 KiB a household at 1,900,000 households.
  # 8 GB and 15 minutes between checkpoints, the images compressed (lz4), made it 103-110 KiB (docs/benchmarks/README.md,
  # item 20). The price: after a crash, PostgreSQL replays the WAL written since the last checkpoint (up to a few GB)
  # before it answers.
  # lz4 needs PostgreSQL 15; older servers compress the images with pglz ("on").
  local buffers=128MB wal_max=1GB checkpoint_every=5min wal_compress=off
  if [ "$PROFILE" = run ]; then
    local mem_mb; mem_mb=$(awk '/^MemTotal/{print int($2/1024)}' /proc/meminfo)
    buffers="$(( mem_mb / 4 > 8192 ? 8192 : (mem_mb / 4 < 128 ? 128 : mem_mb / 4) ))MB"
    wal_max=8GB checkpoint_every=15min wal_compress=on
    local version; version=$("$PG_BIN/postgres" --version)
    if [[ $version =~ ([0-9]+)\. ]] && [ "${BASH_REMATCH[1]}" -ge 15 ]; then wal_compress=lz4; fi
  fi
  as_pg tee "$PG_DATA/idp.conf" >/dev/null <<EOF
# Written by deploy/local/servers.sh on every start; edit the script instead.
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = '$sock'
max_connections = 300            # many services and parallel test processes
fsync = on                       # real durability: outbox/idempotency tests rely on it
synchronous_commit = on
full_page_writes = on
logging_collector = off          # pg_ctl -l writes the log
shared_buffers = $buffers
max_wal_size = $wal_max
checkpoint_timeout = $checkpoint_every
wal_compression = $wal_compress
EOF
}

# After a crash the pid in postmaster.pid may be a zombie, which postgres (kill -0)
# would take for a running postmaster. Clear the lock files once the old server
# and its orphaned children (processes whose cwd is the data dir) are gone.
pg_clear_stale() {
  [ -e "$PG_DATA/postmaster.pid" ] || return 0
  local p pid waited=0
  log "postgres: stale postmaster.pid (crashed?), cleaning up"
  while :; do
    local live=()
    for p in /proc/[0-9]*; do
      pid="${p#/proc/}"
      # Server processes keep comm "postgres" (only argv shows their role).
      read_comm "$pid"; [ "$COMM" = postgres ] || continue
      [ "$(readlink "$p/cwd" 2>/dev/null)" = "$PG_DATA" ] && pid_alive "$pid" && live+=("$pid")
    done
    [ ${#live[@]} -eq 0 ] && break
    if [ "$waited" -ge 50 ]; then
      warn "postgres: killing orphaned server processes ${live[*]}"
      kill -KILL "${live[@]}" 2>/dev/null || true
      sleep 0.5
      break
    fi
    sleep 0.1; waited=$((waited + 1))
  done
  rm -f "$PG_DATA/postmaster.pid" "$PG_SOCK/.s.PGSQL.$PG_PORT" "$PG_SOCK/.s.PGSQL.$PG_PORT.lock"
}

pg_start() {
  if pg_pid >/dev/null; then
    # Already running (maybe still starting): wait briefly for readiness.
    local i
    for ((i = 0; i < 300; i++)); do pg_ready && break; sleep 0.1; done
    pg_ready || die "postgres: running (pid $(pg_pid)) but not accepting connections on 127.0.0.1:$PG_PORT"
    log "postgres: already up on 127.0.0.1:$PG_PORT"
    return 0
  fi
  pg_clear_stale
  pg_init_once
  pg_write_conf
  log "postgres: starting on 127.0.0.1:$PG_PORT as user $PG_USER"
  # -w: wait until it accepts connections. fd 9 (our lock) must not leak into it. After a crash it first replays the
  # WAL written since its last checkpoint: up to a few GB on the run profile's register (pg_write_conf), minutes.
  if ! as_pg "$PG_BIN/pg_ctl" start -D "$PG_DATA" -l "$PG_LOG" -w -t 600 -s 9>&- >/dev/null; then
    echo "---- tail of $PG_LOG ----" >&2
    tail -n 30 "$PG_LOG" >&2 || true
    die "postgres: did not start on 127.0.0.1:$PG_PORT"
  fi
  pg_ready || die "postgres: started but not ready on 127.0.0.1:$PG_PORT (see $PG_LOG)"
  log "postgres: up (pid $(pg_pid || echo '?'))"
}

pg_stop() {
  local pid
  if ! pid="$(pg_pid)"; then
    [ -e "$PG_DATA/postmaster.pid" ] && pg_clear_stale
    log "postgres: not running"
    return 0
  fi
  log "postgres: stopping (pid $pid)"
  # -W (no wait): we wait ourselves, zombie-aware, and escalate if it hangs.
  as_pg "$PG_BIN/pg_ctl" stop -D "$PG_DATA" -m fast -W -s >/dev/null 2>&1 || true
  # A fast shutdown ends with a checkpoint: on the run profile up to 15 minutes of changes (pg_write_conf) to write out.
  local grace=30
  [ "$PROFILE" = run ] && grace=300
  if ! wait_pid_dead "$pid" "$grace"; then
    warn "postgres: fast shutdown timed out, sending SIGQUIT (immediate)"
    kill -QUIT "$pid" 2>/dev/null || true
    wait_pid_dead "$pid" 10 || { kill -KILL "$pid" 2>/dev/null || true; wait_pid_dead "$pid" 5 || true; }
  fi
  # A normal exit removes postmaster.pid; after an escalation it may be left over.
  [ -e "$PG_DATA/postmaster.pid" ] && pg_clear_stale
  log "postgres: stopped"
}

pg_create_databases() {
  local dbs="${IDP_DATABASES:-$DEFAULT_DATABASES}" db created=()
  for db in $dbs; do
    [[ "$db" =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]] || die "postgres: invalid database name '$db' in IDP_DATABASES"
    if [ "$(psql_ -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$db'")" != 1 ]; then
      psql_ -d postgres -qc "CREATE DATABASE \"$db\"" >/dev/null
      created+=("$db")
    fi
  done
  if [ ${#created[@]} -gt 0 ]; then log "postgres: created databases: ${created[*]}"; fi
  return 0
}

psql_() { psql -X -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_PORT" -U postgres "$@"; }

# ---------------------------------------------------------------------------
# RabbitMQ
# ---------------------------------------------------------------------------

# Prints the pid of this profile's Erlang VM: from the pid file, else by finding
# a live beam.smp started with our HOME and `-s rabbit boot` (the pid file is
# written a little after boot starts). RabbitMQ 3.10 sets the node name at
# runtime, so it is not on the command line; HOME is, and is unique per profile.
rmq_pid() {
  local pid="" f
  read -r pid 2>/dev/null <"$RMQ_PIDFILE" || pid=""
  read_comm "$pid"
  if pid_alive "$pid" && [ "$COMM" = beam.smp ]; then echo "$pid"; return 0; fi
  for f in /proc/[0-9]*/comm; do
    pid="${f#/proc/}"; pid="${pid%/comm}"
    read_comm "$pid"; [ "$COMM" = beam.smp ] || continue
    # -z -x: exact argument match. CLI VMs share HOME but do not run `-s rabbit`.
    if grep -qzx -- "$RMQ_HOME" "/proc/$pid/cmdline" 2>/dev/null \
       && grep -qzx -- rabbit "/proc/$pid/cmdline" 2>/dev/null && pid_alive "$pid"; then
      echo "$pid"; return 0
    fi
  done
  return 1
}

rmq_write_conf() {
  as_rmq tee "$RMQ_CONF" >/dev/null <<EOF
# Written by deploy/local/servers.sh on every start; edit the script instead.
# Guest may log in from loopback (the default), which is all we listen on.
listeners.tcp.default = 127.0.0.1:$AMQP_PORT
# A nearly full dev disk should not block publishers.
disk_free_limit.absolute = 50MB
# A consumer holds a message unacknowledged while it waits out a database outage (up to about three hours);
# the broker must not take the message back before then (the default is 30 minutes).
consumer_timeout = 14400000
log.console = false
log.file.level = info
EOF
  # No plugins: the management UI is not needed.
  echo '[].' | as_rmq tee "$RMQ_PLUGINS" >/dev/null
}

rmq_fail() {
  local f
  for f in "$RMQ_LOGS/$NODE.log" "$RMQ_LOGS/startup.out"; do
    [ -s "$f" ] || continue
    echo "---- tail of $f ----" >&2
    tail -n 30 "$f" >&2 || true
  done
  die "rabbitmq: $*"
}

rmq_wait_port() {
  local timeout="$1" i
  for ((i = 0; i < timeout * 10; i++)); do
    port_open "$AMQP_PORT" && return 0
    # Give up early if the VM died during boot (after a grace period for spawning).
    if [ "$i" -ge 50 ] && ! rmq_pid >/dev/null; then return 2; fi
    sleep 0.1
  done
  return 1
}

rmq_start() {
  local pid out rc
  if pid="$(rmq_pid)"; then
    if port_open "$AMQP_PORT"; then
      log "rabbitmq: already up on 127.0.0.1:$AMQP_PORT (node $NODE)"
      return 0
    fi
    # VM alive but AMQP closed: the app was stopped (stop_app), or a boot is in
    # progress. start_app handles both (measured: harmless while booting).
    log "rabbitmq: node $NODE is running (pid $pid) but AMQP is closed: start_app"
    out="$(rabbitmqctl_ start_app 9>&- 2>&1)" || { echo "$out" >&2; rmq_fail "start_app failed"; }
  else
    rm -f "$RMQ_PIDFILE"   # stale after a crash
    if port_open "$AMQP_PORT"; then
      die "rabbitmq: port 127.0.0.1:$AMQP_PORT is already in use by another process"
    fi
    rmq_write_conf
    # A node that dies while booting (a port held a moment longer by the one before it) is started again.
    local attempt
    for attempt in 1 2 3; do
      log "rabbitmq: starting node $NODE on 127.0.0.1:$AMQP_PORT (dist $DIST_PORT) as user $RMQ_USER"
      # Output to a file: a detached daemon must not hold the caller's stdout pipe.
      if ! as_rmq "$RABBIT_BIN/rabbitmq-server" -detached \
            </dev/null >"$RMQ_LOGS/startup.out" 2>&1 9>&-; then
        rmq_fail "rabbitmq-server -detached failed"
      fi
      rc=0; rmq_wait_port 60 || rc=$?
      [ "$rc" -eq 2 ] && [ "$attempt" -lt 3 ] || break
      warn "rabbitmq: node $NODE exited during boot (attempt $attempt of 3; $RMQ_LOGS); starting it again in 3 s"
      rm -f "$RMQ_PIDFILE"
      sleep 3
    done
  fi
  [ -n "${rc:-}" ] || { rc=0; rmq_wait_port 60 || rc=$?; }
  case "$rc" in
    0) ;;
    2) rmq_fail "node $NODE exited during boot" ;;
    *) rmq_fail "AMQP port 127.0.0.1:$AMQP_PORT not open after 60 s" ;;
  esac
  # One CLI call (each boots an Erlang VM, ~1-1.5 s) to confirm boot completed.
  out="$(rabbitmqctl_ await_startup --timeout 60 9>&- 2>&1)" \
    || { echo "$out" >&2; rmq_fail "await_startup failed"; }
  log "rabbitmq: up (pid $(rmq_pid || echo '?'))"
}

# The services' dead-letter queues (*_dead) were classic queues before they became quorum queues like the queues
# they serve; a service cannot declare one over the other. An empty one is removed (its service declares it again);
# one holding messages is left for an operator, who is told.
rmq_upgrade_dead_letter_queues() {
  local name type messages
  while read -r name type messages; do
    [[ "$name" == *_dead && "$type" == classic ]] || continue
    if [ "$messages" = 0 ]; then
      # </dev/null: the CLI would otherwise read the rest of the queue list this loop reads.
      if rabbitmqctl_ delete_queue -p / "$name" 9>&- </dev/null >/dev/null 2>&1; then
        log "rabbitmq: removed the empty classic queue $name (declared again as a quorum queue)"
      else
        warn "rabbitmq: could not remove the empty classic queue $name: delete it (rabbitmqctl delete_queue), or its service cannot start"
      fi
    else
      warn "rabbitmq: $name is a classic queue holding $messages message(s): move them (./idp errors) and delete it, or its service cannot start"
    fi
  done < <(rabbitmqctl_ list_queues -p / -q --no-table-headers name type messages 9>&- 2>/dev/null)
}

rmq_stop() {
  local pid out
  if ! pid="$(rmq_pid)"; then
    rm -f "$RMQ_PIDFILE"
    log "rabbitmq: not running"
    return 0
  fi
  log "rabbitmq: stopping node $NODE (pid $pid)"
  # No pid-file argument: rabbitmqctl would wait with kill -0, which never
  # returns for a zombie. We wait ourselves below.
  out="$(rabbitmqctl_ stop 9>&- 2>&1)" || warn "rabbitmq: rabbitmqctl stop failed: $out"
  if ! wait_pid_dead "$pid" 20; then
    warn "rabbitmq: node still alive, sending SIGTERM"
    kill -TERM "$pid" 2>/dev/null || true
    if ! wait_pid_dead "$pid" 10; then
      warn "rabbitmq: sending SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
      wait_pid_dead "$pid" 5 || true
    fi
  fi
  rm -f "$RMQ_PIDFILE"
  log "rabbitmq: stopped"
}

# epmd is shared by all Erlang nodes on the machine and outlives them: stop it
# only when no node at all is registered (pitfall 5).
epmd_stop_if_unused() {
  local epmd names
  local found=(/usr/lib/erlang/erts-*/bin/epmd)
  epmd="$(command -v epmd 2>/dev/null || echo "${found[0]}")"
  [ -x "$epmd" ] || return 0
  names="$(ERL_EPMD_ADDRESS=127.0.0.1 "$epmd" -names 2>/dev/null)" || return 0   # not running
  if grep -q '^name ' <<<"$names"; then
    log "epmd: still used by other nodes, left running"
  else
    ERL_EPMD_ADDRESS=127.0.0.1 "$epmd" -kill >/dev/null 2>&1 || true
    log "epmd: stopped (no nodes left)"
  fi
}

# ---------------------------------------------------------------------------
# Commands
# ---------------------------------------------------------------------------

cmd_start() {
  set_profile "$1"
  local t0=$EPOCHREALTIME
  cmd_ensure_installed
  PG_BIN="$(find_pg_bindir)" || die "PostgreSQL server binaries not found"
  prepare_dirs
  take_lock
  export ERL_EPMD_ADDRESS=127.0.0.1
  pg_start
  rmq_start
  if [ "$PROFILE" = run ]; then rmq_upgrade_dead_letter_queues; fi
  pg_create_databases
  log "profile $PROFILE ready in $(elapsed "$t0") s: postgres 127.0.0.1:$PG_PORT, amqp 127.0.0.1:$AMQP_PORT"
}

cmd_stop() {
  set_profile "$1"
  if [ ! -d "$PROFILE_DIR" ]; then log "profile $PROFILE: nothing to stop"; return 0; fi
  take_lock
  if [ -x "$RABBIT_BIN/rabbitmqctl" ]; then rmq_stop; else log "rabbitmq: not installed"; fi
  if PG_BIN="$(find_pg_bindir)"; then pg_stop; else log "postgres: not installed"; fi
  epmd_stop_if_unused
}

cmd_status() {
  set_profile "$1"
  local rc=0 pid
  if [ -d "$PG_DATA" ] && pid="$(pg_pid)"; then
    if PG_BIN="$(find_pg_bindir)" && pg_ready; then
      log "postgres ($PROFILE): up, pid $pid, 127.0.0.1:$PG_PORT, socket dir $PG_SOCK"
    else
      log "postgres ($PROFILE): running (pid $pid) but not accepting connections on 127.0.0.1:$PG_PORT"; rc=3
    fi
  else
    log "postgres ($PROFILE): down (port $PG_PORT)"; rc=3
  fi
  if pid="$(rmq_pid)"; then
    if port_open "$AMQP_PORT"; then
      log "rabbitmq ($PROFILE): up, pid $pid, node $NODE, amqp 127.0.0.1:$AMQP_PORT, dist $DIST_PORT"
    else
      log "rabbitmq ($PROFILE): node $NODE running (pid $pid) but AMQP 127.0.0.1:$AMQP_PORT closed (booting or app stopped)"; rc=3
    fi
  else
    log "rabbitmq ($PROFILE): down (amqp $AMQP_PORT, dist $DIST_PORT, node $NODE)"; rc=3
  fi
  return "$rc"
}

cmd_rabbitmqctl() {
  set_profile "$1"; shift
  [ -x "$RABBIT_BIN/rabbitmqctl" ] || die "rabbitmq-server is not installed (run: $0 ensure-installed)"
  [ -d "$RMQ_HOME" ] || die "profile $PROFILE has never been started"
  # The caller gets rabbitmqctl's output and exit status unchanged.
  rabbitmqctl_ "$@"
}

cmd_crash() {
  set_profile "$1"
  local pid
  case "$2" in
    postgres)
      PG_BIN="$(find_pg_bindir)" || die "PostgreSQL server binaries not found"
      pg_pid >/dev/null || { log "postgres ($PROFILE): not running"; return 0; }
      as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -m immediate -w stop >/dev/null
      log "postgres ($PROFILE): stopped immediately (no shutdown checkpoint; recovery on the next start)" ;;
    rabbitmq)
      pid="$(rmq_pid)" || { log "rabbitmq ($PROFILE): not running"; return 0; }
      kill -9 "$pid"
      for _ in $(seq 1 50); do pid_alive "$pid" || break; sleep 0.1; done
      log "rabbitmq ($PROFILE): killed (kill -9 of pid $pid)" ;;
    *) usage ;;
  esac
}

# ---------------------------------------------------------------------------
# A three-node RabbitMQ cluster beside the profile's own broker (the fault suite's
# cluster trial): nodes idp-<profile>-1..3@localhost on AMQP ports 100 above the
# profile's (26772-26774 for test), clustered, each with its own HOME (one shared
# cookie), data and logs under .idp/<profile>/cluster/. Made from nothing by
# `cluster start`, removed whole by `cluster stop`: the profile's broker is untouched.
# ---------------------------------------------------------------------------

CLUSTER_SIZE=3

use_cluster_node() {
  local i="$1" base_amqp="$AMQP_PORT_MAIN" base_dist="$DIST_PORT_MAIN"
  NODE="idp-$PROFILE-$i@localhost"
  AMQP_PORT=$((base_amqp + 99 + i))
  DIST_PORT=$((base_dist + 99 + i))
  RMQ_DIR="$PROFILE_DIR/cluster/node-$i"
  RMQ_HOME="$RMQ_DIR/home"
  RMQ_MNESIA="$RMQ_DIR/mnesia"
  RMQ_LOGS="$RMQ_DIR/log"
  RMQ_PIDFILE="$RMQ_DIR/rabbitmq.pid"
  RMQ_CONF="$RMQ_DIR/rabbitmq.conf"
  RMQ_PLUGINS="$RMQ_DIR/enabled_plugins"
}

cluster_node_dirs() {
  local cookie="$1"
  mkdir -p "$RMQ_HOME" "$RMQ_MNESIA" "$RMQ_LOGS"
  (umask 077; printf '%s' "$cookie" >"$RMQ_HOME/.erlang.cookie")
  chmod 400 "$RMQ_HOME/.erlang.cookie"
  if is_root; then chown -R rabbitmq:rabbitmq "$PROFILE_DIR/cluster"; fi
}

cmd_cluster() {
  set_profile "$1"
  local action="$2" only="${3:-}" i cookie out pid
  AMQP_PORT_MAIN="$AMQP_PORT"; DIST_PORT_MAIN="$DIST_PORT"
  export ERL_EPMD_ADDRESS=127.0.0.1
  case "$action" in
    start)
      cmd_ensure_installed
      mkdir -p "$PROFILE_DIR/cluster"
      if is_root; then chown rabbitmq:rabbitmq "$PROFILE_DIR/cluster"; ensure_traversable "$PROFILE_DIR/cluster" rabbitmq; fi
      if [ -n "$only" ]; then
        # One node of a running cluster started again (after crash): it rejoins by itself.
        use_cluster_node "$only"; rmq_start; return 0
      fi
      cookie="$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')"
      # Made from nothing each time: a cluster left from an earlier run goes first.
      for i in $(seq 1 "$CLUSTER_SIZE"); do
        use_cluster_node "$i"
        if pid="$(rmq_pid)"; then kill -9 "$pid"; wait_pid_dead "$pid" 10 || true; fi
      done
      for i in $(seq 1 "$CLUSTER_SIZE"); do
        use_cluster_node "$i"
        rm -rf "$RMQ_DIR"
        cluster_node_dirs "$cookie"
        rmq_start
        if [ "$i" -gt 1 ]; then
          out="$(rabbitmqctl_ stop_app 2>&1 && rabbitmqctl_ join_cluster "idp-$PROFILE-1@localhost" 2>&1 && rabbitmqctl_ start_app 2>&1)" \
            || { echo "$out" >&2; rmq_fail "node $NODE could not join the cluster"; }
        fi
      done
      use_cluster_node 1
      log "cluster ($PROFILE): $(rabbitmqctl_ cluster_status --formatter json 2>/dev/null | grep -o '"running_nodes":\[[^]]*\]')" ;;
    stop)
      for i in $(seq 1 "$CLUSTER_SIZE"); do
        use_cluster_node "$i"
        if pid="$(rmq_pid)"; then kill -9 "$pid"; wait_pid_dead "$pid" 10 || true; fi
      done
      rm -rf "$PROFILE_DIR/cluster"
      epmd_stop_if_unused
      log "cluster ($PROFILE): stopped and removed" ;;
    crash)
      [ -n "$only" ] || usage
      use_cluster_node "$only"
      pid="$(rmq_pid)" || { log "cluster node $NODE: not running"; return 0; }
      kill -9 "$pid"
      wait_pid_dead "$pid" 10 || true
      log "cluster node $NODE: killed (kill -9 of pid $pid)" ;;
    rabbitmqctl|queues)
      [[ "$only" =~ ^[1-9]$ && "$only" -le "$CLUSTER_SIZE" ]] || usage
      use_cluster_node "$only"
      shift 3
      if [ "$action" = rabbitmqctl ]; then rabbitmqctl_ "$@"; else as_rmq "$RABBIT_BIN/rabbitmq-queues" "$@"; fi ;;
    *) usage ;;
  esac
}

main() {
  local cmd="${1:-}"
  [ $# -gt 0 ] && shift
  case "$cmd" in
    start)            [ $# -eq 1 ] || usage; cmd_start "$1" ;;
    stop)             [ $# -eq 1 ] || usage; cmd_stop "$1" ;;
    status)           [ $# -eq 1 ] || usage; cmd_status "$1" ;;
    rabbitmqctl)      [ $# -ge 1 ] || usage; cmd_rabbitmqctl "$@" ;;
    crash)            [ $# -eq 2 ] || usage; cmd_crash "$@" ;;
    cluster)          [ $# -ge 2 ] || usage; cmd_cluster "$@" ;;
    ensure-installed) [ $# -eq 0 ] || usage; cmd_ensure_installed ;;
    -h|--help|help)   usage ;;
    *)                usage ;;
  esac
}

# Run main unless sourced (sourcing lets the helpers be exercised in isolation).
if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then main "$@"; fi
