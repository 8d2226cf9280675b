#!/usr/bin/env bash
# A real standalone Kafka broker for the local stack: KRaft, combined broker+controller, one node,
# PLAINTEXT on 127.0.0.1:9092 (controller on 127.0.0.1:9093), started from Kafka's own jars
# resolved by Maven (infra/local/kafka/pom.xml). Idempotent.
# DBOPS_KAFKA_SECURITY=sasl: SASL_PLAINTEXT with SCRAM-SHA-512 for clients, the StandardAuthorizer with
# nothing allowed without an ACL, one principal per service and one for the operator, with the ACLs of
# infra/local/kafka/KafkaSecurity.java (passwords in .dbops/kafka/secrets/, made on the first start).
#
#   infra/local/kafka.sh start|stop|status|restart
#   infra/local/kafka.sh check-acls     (sasl) a principal without the ACL is refused a facts topic
#
# State: .dbops/kafka/{server.properties,log4j2.properties,classpath.txt,data/}, log
# .dbops/logs/kafka.log, pid .dbops/run/kafka.pid. Remove .dbops/kafka/data to start empty.
# Environment: KAFKA_HEAP_OPTS (default -Xms256m -Xmx512m), DBOPS_KAFKA_START_TIMEOUT (60 s),
# DBOPS_KAFKA_PORT / DBOPS_KAFKA_CONTROLLER_PORT (9092 / 9093) and DBOPS_STATE_DIR (.dbops) for a second
# broker beside the local stack's (the system tests run one on 19392 in .dbops/systest).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

KAFKA_DIR="$DBOPS_STATE/kafka"
DATA_DIR="$KAFKA_DIR/data"
POM="$DBOPS_ROOT/infra/local/kafka/pom.xml"
CP_FILE="$KAFKA_DIR/classpath.txt"
SECRETS="$KAFKA_SECRETS"
CP_STAMP="$KAFKA_DIR/classpath.pom.sha256"
LOG="$DBOPS_LOGS/kafka.log"
HOST=127.0.0.1
PORT="${DBOPS_KAFKA_PORT:-9092}"
CONTROLLER_PORT="${DBOPS_KAFKA_CONTROLLER_PORT:-9093}"
TIMEOUT="${DBOPS_KAFKA_START_TIMEOUT:-60}"
SECURITY="${DBOPS_KAFKA_SECURITY:-plaintext}"
case "$SECURITY" in plaintext|sasl) ;; *) echo "kafka.sh: DBOPS_KAFKA_SECURITY must be plaintext or sasl" >&2; exit 2 ;; esac

log() { echo "kafka.sh: $*" >&2; }

# The classpath is resolved once and cached; it is resolved again when the pom changes or a jar
# has disappeared from the local Maven repository.
classpath() {
  local sum; sum=$(sha256sum "$POM" | cut -d' ' -f1)
  if [ -s "$CP_FILE" ] && [ "$(cat "$CP_STAMP" 2>/dev/null)" = "$sum" ] \
     && tr ':' '\n' < "$CP_FILE" | while read -r j; do [ -f "$j" ] || exit 1; done; then
    cat "$CP_FILE"; return
  fi
  log "resolving the broker classpath (org.apache.kafka:kafka_2.13) with Maven"
  (cd "$DBOPS_ROOT" && ./mvnw -q -B -f "$POM" dependency:build-classpath -Dmdep.outputFile="$CP_FILE.new" >&2)
  mv "$CP_FILE.new" "$CP_FILE"; echo "$sum" > "$CP_STAMP"
  cat "$CP_FILE"
}

listeners() {
  if [ "$SECURITY" = plaintext ]; then
    cat <<PROPS
listeners=PLAINTEXT://$HOST:$PORT,CONTROLLER://$HOST:$CONTROLLER_PORT
advertised.listeners=PLAINTEXT://$HOST:$PORT
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
PROPS
    return
  fi
  local admin p plain_users=""; admin=$(cat "$SECRETS/admin")
  # The services authenticate with SCRAM-SHA-512 (users in the cluster metadata, KafkaSecurity.java).
  # PLAIN, with its users in this file, is for the broker itself and the super user admin (needed before
  # any SCRAM user exists) and for kcat: the librdkafka 2.0.2 of Debian 12 fails SCRAM against this
  # broker. The same principals and passwords either way; the controller listener is SASL too.
  for p in $KAFKA_PRINCIPALS; do plain_users="$plain_users user_$p=\"$(cat "$SECRETS/$p")\""; done
  cat <<PROPS
listeners=SASL_PLAINTEXT://$HOST:$PORT,CONTROLLER://$HOST:$CONTROLLER_PORT
advertised.listeners=SASL_PLAINTEXT://$HOST:$PORT
inter.broker.listener.name=SASL_PLAINTEXT
listener.security.protocol.map=CONTROLLER:SASL_PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT
sasl.enabled.mechanisms=SCRAM-SHA-512,PLAIN
sasl.mechanism.inter.broker.protocol=PLAIN
sasl.mechanism.controller.protocol=PLAIN
listener.name.controller.sasl.enabled.mechanisms=PLAIN
listener.name.controller.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="admin" password="$admin" user_admin="$admin";
listener.name.sasl_plaintext.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="admin" password="$admin" user_admin="$admin"$plain_users;
listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;
authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer
allow.everyone.if.no.acl.found=false
super.users=User:admin
PROPS
}

# One password per principal, made once, and kcat settings for it (PLAIN, see listeners).
ensure_secrets() {
  local p
  mkdir -p "$SECRETS"; chmod 700 "$SECRETS"
  for p in admin $KAFKA_PRINCIPALS; do
    if [ ! -s "$SECRETS/$p" ]; then
      (umask 077; head -c 18 /dev/urandom | base64 | tr '+/' '-_' > "$SECRETS/$p")
    fi
    (umask 077; cat > "$SECRETS/$p.kcat.conf" <<CONF
security.protocol=SASL_PLAINTEXT
sasl.mechanisms=PLAIN
sasl.username=$p
sasl.password=$(cat "$SECRETS/$p")
CONF
    )
  done
}

# provision|check: the principals and ACLs of KafkaSecurity.java, as the super user
kafka_security_tool() {
  java -cp "$(classpath)" "$DBOPS_ROOT/infra/local/kafka/KafkaSecurity.java" "$1" "$HOST:$PORT" "$SECRETS" \
    2> >(grep -v -e SLF4J -e '^WARNING' >&2)
}

write_config() {
  # with SASL it holds the PLAIN passwords
  touch "$KAFKA_DIR/server.properties"; chmod 600 "$KAFKA_DIR/server.properties"
  cat > "$KAFKA_DIR/server.properties" <<PROPS
# Generated by infra/local/kafka.sh; edits are overwritten at the next start.
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@$HOST:$CONTROLLER_PORT
controller.listener.names=CONTROLLER
$(listeners)
log.dirs=$DATA_DIR
# Topics are created by the services (and the compose init container), never by accident.
auto.create.topics.enable=false
num.partitions=6
default.replication.factor=1
min.insync.replicas=1
offsets.topic.replication.factor=1
offsets.topic.num.partitions=6
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=6
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
num.network.threads=2
num.io.threads=4
log.retention.hours=168
log.segment.bytes=67108864
PROPS
  cat > "$KAFKA_DIR/log4j2.properties" <<'PROPS'
status = warn
appender.file.type = Console
appender.file.name = STDOUT
appender.file.layout.type = PatternLayout
appender.file.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = INFO
rootLogger.appenderRef.stdout.ref = STDOUT
logger.kafka.name = kafka
logger.kafka.level = INFO
logger.state.name = state.change.logger
logger.state.level = WARN
logger.request.name = kafka.request.logger
logger.request.level = WARN
logger.controller.name = org.apache.kafka.controller
logger.controller.level = INFO
logger.clients.name = org.apache.kafka.clients
logger.clients.level = WARN
PROPS
}

java_base() {
  # shellcheck disable=SC2086
  echo -Djava.awt.headless=true -Dlog4j2.configurationFile="file:$KAFKA_DIR/log4j2.properties" \
       -Dkafka.logs.dir="$DBOPS_LOGS" -cp "$1"
}

format_storage() {
  [ -f "$DATA_DIR/meta.properties" ] && return 0
  local cp="$1" id
  mkdir -p "$DATA_DIR"
  # Random base64 UUID in Kafka's format, generated by Kafka itself.
  id=$(java $(java_base "$cp") kafka.tools.StorageTool random-uuid 2>>"$LOG" | tail -1)
  log "formatting storage in $DATA_DIR (cluster id $id)"
  java $(java_base "$cp") kafka.tools.StorageTool format -t "$id" -c "$KAFKA_DIR/server.properties" >>"$LOG" 2>&1 \
    || { log "storage format failed"; last_lines "$LOG"; return 1; }
}

broker_answers() {
  port_open "$HOST" "$PORT" || return 1
  if command -v kcat >/dev/null; then
    local auth=()
    [ "$SECURITY" = sasl ] && auth=(-F "$SECRETS/admin.kcat.conf")
    kcat "${auth[@]}" -b "$HOST:$PORT" -L -m 2 -q >/dev/null 2>&1 \
      || kcat "${auth[@]}" -b "$HOST:$PORT" -L -m 2 2>/dev/null | grep -q 'brokers:'
  else
    grep -q 'Kafka Server started' "$LOG" 2>/dev/null
  fi
}

start() {
  dbops_dirs
  local pid
  if pid=$(pid_of kafka); then
    if [ "$(kafka_security)" != "$SECURITY" ]; then
      log "already running (pid $pid) with security $(kafka_security), not $SECURITY; stop it first"; return 1
    fi
    broker_answers || wait_ready "$pid"
    log "already running (pid $pid) on $HOST:$PORT ($SECURITY)"; return 0
  fi
  for p in "$PORT" "$CONTROLLER_PORT"; do
    if port_open "$HOST" "$p"; then
      log "port $HOST:$p is already in use (pid $(port_owner "$p")) by a broker this script did not start; stop it first"
      return 1
    fi
  done
  local cp; cp=$(classpath)
  [ "$SECURITY" = plaintext ] || ensure_secrets
  write_config
  echo "$SECURITY" > "$KAFKA_DIR/security"
  format_storage "$cp"
  log "starting broker on $HOST:$PORT (log $LOG)"
  # keep one previous log once it grows past 20 MB
  if [ -f "$LOG" ] && [ "$(stat -c %s "$LOG")" -gt 20971520 ]; then mv -f "$LOG" "$LOG.1"; fi
  echo "---- $(date -Is) start" >> "$LOG"
  # shellcheck disable=SC2086
  (close_inherited_fds; exec nohup java ${KAFKA_HEAP_OPTS:--Xms256m -Xmx512m} -XX:+UseG1GC -XX:MaxGCPauseMillis=20 \
    -XX:InitiatingHeapOccupancyPercent=35 $(java_base "$cp") \
    kafka.Kafka "$KAFKA_DIR/server.properties") >>"$LOG" 2>&1 < /dev/null &
  pid=$!
  record_pid kafka "$pid" "kafka.Kafka"
  wait_ready "$pid"
  if [ "$SECURITY" = sasl ]; then
    kafka_security_tool provision || { log "could not create the principals and ACLs"; return 1; }
  fi
}

wait_ready() {
  local pid="$1" deadline=$((SECONDS + TIMEOUT))
  until broker_answers; do
    if ! kill -0 "$pid" 2>/dev/null; then
      log "broker exited during startup:"; last_lines "$LOG"; rm -f "$DBOPS_RUN/kafka.pid"; return 1
    fi
    if [ $SECONDS -ge $deadline ]; then
      log "broker not ready after ${TIMEOUT}s:"; last_lines "$LOG"; return 1
    fi
    sleep 0.3
  done
  log "ready on $HOST:$PORT (pid $pid, $SECURITY)"
}

stop() {
  local pid
  if pid=$(pid_of kafka); then
    log "stopping broker (pid $pid)"
    stop_pid kafka "${DBOPS_KAFKA_STOP_TIMEOUT:-30}"
  else
    log "not running"
  fi
}

status() {
  local pid
  if pid=$(pid_of kafka); then
    SECURITY=$(kafka_security)
    if broker_answers; then echo "kafka: running (pid $pid) on $HOST:$PORT ($SECURITY)"; else echo "kafka: starting or unresponsive (pid $pid) on $HOST:$PORT"; fi
  else
    echo "kafka: stopped"; return 3
  fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  restart) stop; start ;;
  status) status ;;
  check-acls)
    [ "$(kafka_security)" = sasl ] && pid_of kafka >/dev/null || { log "no broker running with DBOPS_KAFKA_SECURITY=sasl"; exit 1; }
    kafka_security_tool check ;;
  *) echo "usage: $0 start|stop|status|restart|check-acls" >&2; exit 2 ;;
esac
