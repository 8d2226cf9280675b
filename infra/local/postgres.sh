#!/usr/bin/env bash
# Ensures the project's own PostgreSQL cluster (Debian's pg_createcluster, so the server runs as
# 'postgres' even when we are root) is installed, configured and running, then prints its URL.
# Idempotent; never touches the machine's 'main' cluster.
set -euo pipefail

PG_VERSION="${DBOPS_PG_VERSION:-15}"
CLUSTER="${DBOPS_PG_CLUSTER:-dbops}"
PORT="${DBOPS_PG_PORT:-5433}"
PLATFORM_DB="${DBOPS_PLATFORM_DB:-dbops}"
DEMO_DB="${DBOPS_DEMO_DB:-dbops_demo}"
# prometheus-alertmanager (with amtool): alert-service's interoperability tests run the real ones
PACKAGES=(postgresql-$PG_VERSION postgresql-contrib postgresql-$PG_VERSION-hypopg kcat zstd prometheus-alertmanager)

log() { echo "postgres.sh: $*" >&2; }

install_missing_packages() {
  local missing=()
  for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  log "installing ${missing[*]}"
  local sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
  # the tests start their own Alertmanager on a free port; the package's service would hold 9093
  if [[ " ${missing[*]} " == *" prometheus-alertmanager "* ]] && command -v systemctl >/dev/null \
      && [ -d /run/systemd/system ]; then
    $sudo systemctl disable --now prometheus-alertmanager >/dev/null 2>&1 || true
  fi
}

as_postgres() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else sudo -u postgres "$@"; fi; }
psql_admin() { as_postgres env PGOPTIONS="-c client_min_messages=warning" psql -X -q -v ON_ERROR_STOP=1 -p "$PORT" -d "${2:-postgres}" -tAc "$1"; }

ensure_cluster() {
  if ! pg_lsclusters -h | awk '{print $1"/"$2}' | grep -qx "$PG_VERSION/$CLUSTER"; then
    log "creating cluster $PG_VERSION/$CLUSTER on port $PORT"
    pg_createcluster "$PG_VERSION" "$CLUSTER" --port "$PORT" -- --auth-local=trust --auth-host=trust >/dev/null
  fi
  local conf_dir="/etc/postgresql/$PG_VERSION/$CLUSTER"
  local conf="$conf_dir/conf.d/dbops.conf"
  mkdir -p "$conf_dir/conf.d"
  # The platform and every test database live here; the monitor fleet benchmark needs 100+ pools.
  cat > "$conf.new" <<CONF
listen_addresses = '127.0.0.1'
port = $PORT
shared_preload_libraries = 'pg_stat_statements'
pg_stat_statements.max = 10000
pg_stat_statements.track = all
track_io_timing = on
track_functions = all
max_connections = 500
shared_buffers = 256MB
fsync = on
CONF
  local changed=0
  if ! cmp -s "$conf.new" "$conf" 2>/dev/null; then mv "$conf.new" "$conf"; changed=1; else rm -f "$conf.new"; fi
  # Trust on loopback only: the local stack and tests connect without passwords.
  local hba="$conf_dir/pg_hba.conf"
  if ! grep -q '^# dbops: trust loopback' "$hba"; then
    printf '# dbops: trust loopback\nhost all all 127.0.0.1/32 trust\nhost all all ::1/128 trust\n' | cat - "$hba" > "$hba.new"
    mv "$hba.new" "$hba"; chown postgres:postgres "$hba"; changed=1
  fi
  chown -R postgres:postgres "$conf_dir"
  local status
  status=$(pg_lsclusters -h | awk -v v="$PG_VERSION" -v c="$CLUSTER" '$1==v && $2==c {print $4}')
  if [ "$status" != "online" ]; then
    log "starting cluster $PG_VERSION/$CLUSTER"
    pg_ctlcluster --skip-systemctl-redirect "$PG_VERSION" "$CLUSTER" start
  elif [ "$changed" -eq 1 ]; then
    log "restarting cluster $PG_VERSION/$CLUSTER for new settings"
    pg_ctlcluster --skip-systemctl-redirect "$PG_VERSION" "$CLUSTER" restart
  fi
  for _ in $(seq 1 50); do
    pg_isready -q -h 127.0.0.1 -p "$PORT" && return 0
    sleep 0.2
  done
  log "cluster did not become ready on port $PORT"; return 1
}

ensure_database() {
  local db="$1"
  if [ "$(psql_admin "SELECT 1 FROM pg_database WHERE datname = '$db'")" != "1" ]; then
    log "creating database $db"
    as_postgres createdb -p "$PORT" "$db"
  fi
  psql_admin "CREATE EXTENSION IF NOT EXISTS pg_stat_statements" "$db"
}

install_missing_packages
ensure_cluster
ensure_database "$PLATFORM_DB"
ensure_database "$DEMO_DB"
echo "jdbc:postgresql://127.0.0.1:$PORT/$PLATFORM_DB"
