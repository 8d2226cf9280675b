#!/usr/bin/env bash
# Every operator command of infra/dbops against the running local stack, after `infra/dbops demo`
# (.ci/run runs it between the demo and `down`): each must do its work, print what it says, and
# exit 1 when the work or a call fails (2 on a usage error). Target 'demo' ends as the demo left it
# (V1..V3 applied); the restored copy is dropped. Exit status: the number of failed checks.
set -euo pipefail
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"
fail_loudly
DBOPS="$DBOPS_ROOT/infra/dbops"
FAILED=0
OUT=""

# check NAME STATUS REGEX COMMAND...: the command exits with STATUS and its output (stdout and
# stderr) has a line matching REGEX (grep -E); its output is kept in OUT for the next steps.
check() {
  local name="$1" want="$2" regex="$3" rc=0
  shift 3
  OUT=$("$@" 2>&1) || rc=$?
  if [ "$rc" -eq "$want" ] && grep -qE -- "$regex" <<< "$OUT"; then
    echo "ok    $name"
  else
    echo "FAIL  $name: exit $rc (expected $want), output should match /$regex/:"
    sed 's/^/      | /' <<< "$OUT"
    FAILED=$((FAILED + 1))
  fi
}

# in_order TEXT...: each text appears in OUT on a later line than the one before.
in_order() {
  local name="$1" last=0 line text
  shift
  for text in "$@"; do
    line=$(grep -nF -- "$text" <<< "$OUT" | head -1 | cut -d: -f1 || true)
    if [ -z "$line" ] || [ "$line" -le "$last" ]; then
      echo "FAIL  $name: '$text' missing or out of order:"; sed 's/^/      | /' <<< "$OUT"
      FAILED=$((FAILED + 1)); return
    fi
    last=$line
  done
  echo "ok    $name"
}

UUID_RE='[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}'

check "targets lists demo, reachable" 0 '^demo +true ' "$DBOPS" targets
check "plan of an up-to-date target has no step" 0 '^\(none\)$' "$DBOPS" plan demo

check "rollback to V2 ends ROLLED_BACK" 0 "^request $UUID_RE: ROLLED_BACK" \
  "$DBOPS" rollback demo --to 2 --reason "cli test: rollback"
rollback=$(grep -oE "^rollback $UUID_RE" <<< "$OUT" | cut -d' ' -f2)
check "plan lists V3 pending again" 0 '^3 +accounts email index ' "$DBOPS" plan demo
check "a dry run ends PLANNED" 0 "^request $UUID_RE: PLANNED" "$DBOPS" migrate demo --dry-run --reason "cli test: plan"
check "migrate with a backup first ends COMPLETED" 0 "^request $UUID_RE: COMPLETED, backup $UUID_RE" \
  "$DBOPS" migrate demo --backup --reason "cli test: migrate"
migration=$(grep -oE "^migration $UUID_RE" <<< "$OUT" | cut -d' ' -f2)
check "request shows the migration and its events" 0 "migrate $migration of demo: COMPLETED" "$DBOPS" request "$migration"
# MigrationPlanned and the BackupRequested leave in one transaction: the same time, in either order
in_order "the migration's events come in saga order" dev.dbops.migration-planned.v1 dev.dbops.backup-started.v1 \
  dev.dbops.backup-completed.v1 dev.dbops.migration-started.v1 dev.dbops.migration-completed.v1
in_order "the pre-migration backup is asked for before it starts" dev.dbops.backup-requested.v1 dev.dbops.backup-started.v1
check "requests lists the rollback and the migration" 0 "^$rollback +rollback +ROLLED_BACK" "$DBOPS" requests demo
grep -qE "^$migration +migrate +COMPLETED" <<< "$OUT" && echo "ok    requests lists the migration" \
  || { echo "FAIL  requests lists the migration $migration"; FAILED=$((FAILED + 1)); }

check "backup ends COMPLETED" 0 "^backup $UUID_RE: COMPLETED, " "$DBOPS" backup demo
backup=$(grep -oE "^backup $UUID_RE of demo queued" <<< "$OUT" | cut -d' ' -f2)
check "backups lists it" 0 "^$backup +demo +manual +COMPLETED " "$DBOPS" backups demo
into="dbops_demo_cli_$(date +%H%M%S)"
check "restore of one table ends COMPLETED" 0 "^restore $UUID_RE: COMPLETED in " \
  "$DBOPS" restore "$backup" --into "$into" --table demo_shop.orders
restore=$(grep -oE "^restore $UUID_RE" <<< "$OUT" | head -1 | cut -d' ' -f2)
rows=$(psql -X -qtA -h 127.0.0.1 -p 5433 -U postgres -d "$into" -c "SELECT count(*) FROM demo_shop.orders" 2>&1 || true)
[ "$rows" = 2000 ] && echo "ok    the restored table has its 2000 rows" \
  || { echo "FAIL  the restored table: '$rows' rows, expected 2000"; FAILED=$((FAILED + 1)); }
psql -X -q -h 127.0.0.1 -p 5433 -U postgres -d postgres -c "DROP DATABASE IF EXISTS $into" || true
check "request shows the restore and its end" 0 "dev.dbops.restore-completed.v1" "$DBOPS" request "$restore"
check "request by a backup's id shows the backup" 0 "^backup $backup of demo \(manual\): COMPLETED" "$DBOPS" request "$backup"

check "alerts lists the demo's alert" 0 '^demo/demo\.replication\.lag ' "$DBOPS" alerts --target demo
check "silence TARGET/RULE" 0 "^silence $UUID_RE active until .*: target=\"?demo\"?, rule=\"?cli\.check\"?" \
  "$DBOPS" silence demo/cli.check --for 10m --comment "cli test"
silence=$(grep -oE "^silence $UUID_RE" <<< "$OUT" | cut -d' ' -f2)
check "silences lists it, active" 0 "^$silence +active " "$DBOPS" silences
check "unsilence expires it" 0 "^silence $silence expired" "$DBOPS" unsilence "$silence"
check "silences lists it, expired" 0 "^$silence +expired " "$DBOPS" silences

# dead letters: a malformed BackupRequested is dead-lettered, listed, replayed by partition and offset and
# by time, and each replay is dead-lettered again with the same ce_id: idempotent, never lost
poison=$(cat /proc/sys/kernel/random/uuid)
before=$(date -u -d '-2 seconds' +%Y-%m-%dT%H:%M:%SZ)
printf 'not JSON, from cli-test' | kcat -b 127.0.0.1:9092 -P -t dbops.backup.requests -k demo -X partitioner=murmur2_random \
  -H ce_specversion=1.0 -H "ce_id=$poison" -H ce_source=/dbops/cli-test -H ce_type=dev.dbops.backup-requested.v1 \
  -H "ce_time=$(date -u +%FT%TZ)" -H ce_subject=demo -H content-type=application/json
# dead_lettered N WHAT: `dead-letters` lists the poison record N times within 30 s (OUT keeps the listing)
dead_lettered() {
  local deadline=$((SECONDS + 30))
  until OUT=$("$DBOPS" dead-letters backup dbops.backup.requests 2>&1) && [ "$(grep -c -- "$poison" <<< "$OUT")" -ge "$1" ]; do
    if [ $SECONDS -ge $deadline ]; then
      echo "FAIL  $2: the poison record $poison is listed $(grep -c -- "$poison" <<< "$OUT") time(s), expected $1:"
      sed 's/^/      | /' <<< "$OUT"; FAILED=$((FAILED + 1)); return 1
    fi
    sleep 1
  done
  echo "ok    $2"
}
if dead_lettered 1 "dead-letters lists the malformed record"; then
  grep -qE -- "dev\.dbops\.backup-requested\.v1 +demo +$poison +[^ ]" <<< "$OUT" \
    && echo "ok    with its type, target and reason" \
    || { echo "FAIL  the listing lacks the type, target or reason of $poison"; FAILED=$((FAILED + 1)); }
  read -r _ partition offset _ <<< "$(grep -- "$poison" <<< "$OUT" | head -1)"
  check "replay by partition and offset sends it back" 0 "^replayed 1 record\(s\) of dbops\.backup\.requests-dlt" \
    "$DBOPS" replay backup dbops.backup.requests --partition "$partition" --offset "$offset"
  dead_lettered 2 "the replayed malformed record is dead-lettered again, not lost" || true
  check "replay by time range sends both back" 0 "^replayed 2 record\(s\)" \
    "$DBOPS" replay backup-service dbops.backup.requests --from "$before" --to now
  dead_lettered 4 "both are dead-lettered again" || true
fi
check "dead-letters of every topic includes it" 0 "^dbops\.backup\.requests-dlt .*$poison" "$DBOPS" dead-letters backup
check "replay without an offset or a time is a usage error" 2 "usage: infra/dbops replay" \
  "$DBOPS" replay backup dbops.backup.requests --partition 0
check "replay of an unknown topic fails with the reason" 1 "HTTP 400: unknown topic 'nosuch'" \
  "$DBOPS" replay backup nosuch --from "1 hour ago"

# failures: exit 1 with the service's reason, or 2 for a usage error
check "an unknown target fails with the reason" 1 "POST /api/targets/nosuch/migrations: HTTP 404: unknown target 'nosuch'" "$DBOPS" migrate nosuch --reason "cli test"
check "a backup of an unknown target fails with the reason" 1 "HTTP 404: unknown target 'nosuch'" "$DBOPS" backup nosuch
check "an unknown request fails" 1 "no migration, backup or restore request" "$DBOPS" request 00000000-0000-0000-0000-000000000000
check "a restore of an unknown backup fails with the reason" 1 "HTTP 404: no backup 0{8}-" "$DBOPS" restore 00000000-0000-0000-0000-000000000000 --into nowhere
check "a wrong token fails with the reason" 1 "HTTP 401: send Authorization: Bearer" env DBOPS_API_TOKEN=wrong "$DBOPS" targets
check "a missing --reason is a usage error" 2 "usage: infra/dbops migrate" "$DBOPS" migrate demo
check "a bad duration is a usage error" 2 "--for takes minutes" "$DBOPS" silence demo/x --for soon --comment x

if [ "$FAILED" -gt 0 ]; then echo "cli-test: $FAILED check(s) failed"; else echo "cli-test: every check passed"; fi
exit "$FAILED"
