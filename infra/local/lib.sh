#!/usr/bin/env bash
# Shared helpers for the local stack scripts (sourced by kafka.sh and infra/dbops; not run directly).
# Layout of local state, all under <repo>/.dbops (git-ignored):
#   .dbops/kafka/   broker config, classpath cache, data     .dbops/logs/   one log per process
#   .dbops/run/     one <name>.pid per process we started

DBOPS_ROOT="${DBOPS_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
DBOPS_STATE="${DBOPS_STATE_DIR:-$DBOPS_ROOT/.dbops}"
DBOPS_RUN="$DBOPS_STATE/run"
DBOPS_LOGS="$DBOPS_STATE/logs"

dbops_dirs() { mkdir -p "$DBOPS_RUN" "$DBOPS_LOGS" "$DBOPS_STATE/kafka"; }

# pid_of NAME: prints the pid recorded for NAME if that process is still alive, else nothing (and
# removes a stale pid file). A recycled pid is rejected by checking the command line marker.
pid_of() {
  local file="$DBOPS_RUN/$1.pid" pid marker
  [ -f "$file" ] || return 1
  read -r pid marker < "$file" || true
  if [ -n "${pid:-}" ] && kill -0 "$pid" 2>/dev/null \
     && { [ -z "${marker:-}" ] || tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$marker"; }; then
    echo "$pid"; return 0
  fi
  rm -f "$file"; return 1
}

# record_pid NAME PID MARKER: MARKER is a string that must appear in the process command line.
record_pid() { echo "$2 $3" > "$DBOPS_RUN/$1.pid"; }

# stop_pid NAME [GRACE_SECONDS]: TERM, wait, then KILL. No-op when not running.
stop_pid() {
  local name="$1" grace="${2:-20}" pid
  pid=$(pid_of "$name") || return 0
  kill -TERM "$pid" 2>/dev/null || true
  local deadline=$((SECONDS + grace))
  while kill -0 "$pid" 2>/dev/null && [ $SECONDS -lt $deadline ]; do sleep 0.2; done
  if kill -0 "$pid" 2>/dev/null; then
    echo "$name (pid $pid) did not stop within ${grace}s, killing" >&2
    kill -KILL "$pid" 2>/dev/null || true
    while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
  fi
  rm -f "$DBOPS_RUN/$name.pid"
}

# ------------------------------------------------------------------ Kafka security (kafka.sh)
# The broker runs PLAINTEXT, or with DBOPS_KAFKA_SECURITY=sasl SASL/SCRAM with ACLs: then each service
# connects as its own principal and infra/dbops's kcat calls as "operator" (KafkaSecurity.java).
KAFKA_SECRETS="$DBOPS_STATE/kafka/secrets"
KAFKA_PRINCIPALS="migration-service backup-service monitor-service alert-service operator"

# kafka_security: what the broker was last started with, plaintext or sasl
kafka_security() { cat "$DBOPS_STATE/kafka/security" 2>/dev/null || echo plaintext; }

# kafka_operator_env: kcat (which reads KCAT_CONFIG) authenticates as the operator on a SASL broker
kafka_operator_env() {
  if [ "$(kafka_security)" = sasl ]; then export KCAT_CONFIG="$KAFKA_SECRETS/operator.kcat.conf"
  elif [ "${KCAT_CONFIG:-}" = "$KAFKA_SECRETS/operator.kcat.conf" ]; then unset KCAT_CONFIG; fi
}

# kafka_service_env SVC: Spring Boot's Kafka client settings for the service's principal on a SASL
# broker (nothing on a PLAINTEXT one); call it in the subshell that starts the service.
kafka_service_env() {
  [ "$(kafka_security)" = sasl ] || return 0
  export SPRING_KAFKA_SECURITY_PROTOCOL=SASL_PLAINTEXT SPRING_KAFKA_PROPERTIES_SASL_MECHANISM=SCRAM-SHA-512
  SPRING_KAFKA_PROPERTIES_SASL_JAAS_CONFIG="org.apache.kafka.common.security.scram.ScramLoginModule required \
username=\"$1\" password=\"$(cat "$KAFKA_SECRETS/$1")\";"
  export SPRING_KAFKA_PROPERTIES_SASL_JAAS_CONFIG
}

# close_inherited_fds: in the subshell that starts a long-lived process, close every descriptor above 2 it
# inherited. A caller's `flock LOCK infra/dbops up` hands its lock's descriptor down: a broker or service
# holding it would keep the lock after the caller is done, and every other user of the lock would wait.
close_inherited_fds() {
  local fd
  for fd in /proc/$BASHPID/fd/*; do
    fd=${fd##*/}
    if [ "$fd" -gt 2 ] 2>/dev/null; then eval "exec $fd>&-" 2>/dev/null || true; fi
  done
}

port_open() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }

# port_owner PORT: pid listening on 127.0.0.1:PORT, if any (best effort, needs ss).
port_owner() {
  command -v ss >/dev/null || return 0
  ss -Hltnp "sport = :$1" 2>/dev/null | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2
}

# last_lines FILE [N]: indented tail of a log, for error reports.
last_lines() { [ -f "$1" ] && tail -n "${2:-40}" "$1" | sed 's/^/    | /' >&2; return 0; }

# tree_of PID: PID and all its descendants, parents first.
tree_of() {
  local child
  echo "$1"
  for child in $(ps -o pid= --ppid "$1" 2>/dev/null || true); do tree_of "$child"; done
}

# kill_tree PID [GRACE_SECONDS]: TERM a process we started and all its descendants (by pid). The tree
# is read before the first signal, so a child orphaned by its parent's death is still reached. With
# GRACE_SECONDS, what is still alive after that long is KILLed: a JVM whose shutdown hook waits for a
# context refresh that waits for a broker that is gone never ends on TERM.
kill_tree() {
  local pids pid deadline
  pids=$(tree_of "$1")
  for pid in $pids; do kill -TERM "$pid" 2>/dev/null || true; done
  [ -n "${2:-}" ] || return 0
  deadline=$((SECONDS + $2))
  while [ $SECONDS -lt $deadline ] && any_alive $pids; do sleep 0.2; done
  for pid in $pids; do kill -KILL "$pid" 2>/dev/null || true; done
  while any_alive $pids; do sleep 0.1; done
}

# any_alive PID...: whether any of them still runs (a zombie counts as gone).
any_alive() {
  local pid
  for pid in "$@"; do
    [ -n "$(ps -o stat= -p "$pid" 2>/dev/null | grep -v '^Z')" ] && return 0
  done
  return 1
}

# fail_loudly: a `set -e` script that stops says where and why (a quiet Maven call, say, would
# otherwise end it without a word). Call it once, after `set -euo pipefail`.
fail_loudly() {
  set -o errtrace
  # a subshell only passes its status on: its parent names the step that ran it
  trap 'rc=$?; [ "$BASHPID" = $$ ] && echo "${0##*/}: stopped (exit $rc) at line $LINENO: $BASH_COMMAND" >&2; exit $rc' ERR
}

# ------------------------------------------------------------------ the services' jars
# The version the jars carry, read from the root pom (the only file that names it).
DBOPS_VERSION=$(sed -n '/<artifactId>dbops<\/artifactId>/{n;s/.*<version>\([^<]*\)<\/version>.*/\1/p;q}' "$DBOPS_ROOT/pom.xml")
[ -n "$DBOPS_VERSION" ] || { echo "cannot read the project version from $DBOPS_ROOT/pom.xml" >&2; exit 1; }
service_jar() { echo "$DBOPS_ROOT/$1/target/$1-$DBOPS_VERSION.jar"; }

# jar_stale SVC: its jar is missing or older than a main source it is built from (its module,
# common, the parent pom).
jar_stale() {
  local jar; jar=$(service_jar "$1")
  [ -d "$DBOPS_ROOT/$1" ] || { echo "module $1 does not exist" >&2; return 0; }
  [ ! -f "$jar" ] || [ -n "$(find "$DBOPS_ROOT/$1/src/main" "$DBOPS_ROOT/$1/pom.xml" \
      "$DBOPS_ROOT/common/src/main" "$DBOPS_ROOT/common/pom.xml" "$DBOPS_ROOT/pom.xml" \
      -type f -newer "$jar" -print -quit 2>/dev/null)" ]
}

# build_services SVC...: packages the stale ones in one reactor build (-am: common comes from the
# reactor, never from the local Maven repository, which a fresh machine lacks it in).
build_services() {
  local svc stale=()
  for svc in "$@"; do jar_stale "$svc" && stale+=("$svc"); done
  [ ${#stale[@]} -eq 0 ] && return 0
  local list; list=$(IFS=,; echo "${stale[*]}")
  echo "building $list (./mvnw -q -B -DskipTests -pl $list -am package)" >&2
  (cd "$DBOPS_ROOT" && ./mvnw -q -B -DskipTests -pl "$list" -am package) || { echo "build of $list failed" >&2; return 1; }
}

# extract_boot_jar JAR DIR: the Spring Boot jar extracted (jarmode=tools: the application jar plus
# lib/) into DIR, again only when the jar changed (size and time in DIR.stamp).
extract_boot_jar() {
  local jar="$1" dir="$2" stamp
  stamp="$(stat -c '%s %Y' "$jar")" || return 1
  [ -d "$dir/lib" ] && [ "$(cat "$dir.stamp" 2>/dev/null)" = "$stamp" ] && return 0
  rm -rf "$dir.new"; mkdir -p "$(dirname "$dir")"
  java -Djarmode=tools -jar "$jar" extract --destination "$dir.new" > "$dir.extract.log" 2>&1 \
    || { last_lines "$dir.extract.log" 10; echo "cannot extract $jar (is a build writing it? try again)" >&2; return 1; }
  rm -rf "$dir"; mv "$dir.new" "$dir"; echo "$stamp" > "$dir.stamp"
}

# service_libs SVC DIR: prints the classpath of the service's runtime dependencies (DIR/lib/*, from
# its built jar, built first if stale), for scripts that compile or run against them.
service_libs() {
  build_services "$1" && extract_boot_jar "$(service_jar "$1")" "$2" && echo "$2/lib/*"
}
