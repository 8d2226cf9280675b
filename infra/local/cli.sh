# shellcheck shell=bash
# The operator commands of infra/dbops (sourced by it): ask the services for work through their REST
# APIs, wait for it with a progress line, and list what they know as tables; `request` shows one
# request with its events from Kafka, in order. Exit status: 0 done, 1 the work or a call failed,
# 2 a usage error. Needs curl and jq (and kcat for `request`).
#
# Environment: DBOPS_API_TOKEN (else .dbops/api-token), DBOPS_MIGRATION_URL, DBOPS_BACKUP_URL,
# DBOPS_MONITOR_URL, DBOPS_ALERT_URL (default: the local stack, http://127.0.0.1:8081 ... 8084),
# DBOPS_BROKER (127.0.0.1:9092), DBOPS_WAIT_TIMEOUT (seconds a command waits for its work, 3600).

CLI_WAIT_TIMEOUT="${DBOPS_WAIT_TIMEOUT:-3600}"

usage_error() { say "$*"; exit 2; }

service_url() {
  case "$1" in
    migration-service) echo "${DBOPS_MIGRATION_URL:-http://127.0.0.1:${PORT[migration-service]}}" ;;
    backup-service) echo "${DBOPS_BACKUP_URL:-http://127.0.0.1:${PORT[backup-service]}}" ;;
    monitor-service) echo "${DBOPS_MONITOR_URL:-http://127.0.0.1:${PORT[monitor-service]}}" ;;
    alert-service) echo "${DBOPS_ALERT_URL:-http://127.0.0.1:${PORT[alert-service]}}" ;;
  esac
}

cli_token() {
  if [ -n "${DBOPS_API_TOKEN:-}" ]; then echo "$DBOPS_API_TOKEN"; else cat "$DBOPS_STATE/api-token" 2>/dev/null || true; fi
}

# api METHOD SERVICE PATH [JSON]: the response body on a 2xx; else the service's reason (whichever of
# the error body shapes it sent) on stderr, and status 1.
api() {
  local method="$1" svc="$2" path="$3" body="${4:-}" url out code token args
  command -v jq >/dev/null || die "jq is required (apt-get install jq)"
  url="$(service_url "$svc")$path"; out=$(mktemp)
  token=$(cli_token)
  args=(-sS -m 30 -o "$out" -w '%{http_code}' -X "$method" -H 'Accept: application/json')
  [ -n "$token" ] && args+=(-H "Authorization: Bearer $token")
  [ -n "$body" ] && args+=(-H 'Content-Type: application/json' --data-binary "$body")
  code=$(curl "${args[@]}" "$url" 2>/dev/null) || code=000
  if [[ "$code" == 2* ]]; then cat "$out"; rm -f "$out"; return 0; fi
  if [ "$code" = 000 ]; then
    say "$svc does not answer at $(service_url "$svc") ('infra/dbops status')"
  else
    say "$method $path: HTTP $code: $(jq -r '.detail // .message // .error // .' "$out" 2>/dev/null || head -c 300 "$out")"
  fi
  rm -f "$out"; return 1
}

json_str() { jq -Rn --arg v "$1" '$v'; }
operator() { echo "${DBOPS_OPERATOR:-${USER:-$(id -un)}@$(hostname)}"; }

# table JQ_PROGRAM: runs the program (which yields one array per row, the first the header) on stdin
# and prints aligned columns; "(none)" under the header when there is no row.
read -r -d '' JQ_LIB <<'JQ' || true
def t: if . == null then "-" else sub("T"; " ") | sub("(\\.[0-9]+)?Z$"; "") end;
def d: if . == null then "-" else tostring end;
def size: if . == null then "-" elif . >= 1073741824 then "\(. / 1073741824 * 10 | floor / 10) GB"
  elif . >= 1048576 then "\(. / 1048576 * 10 | floor / 10) MB" elif . >= 1024 then "\(. / 1024 | floor) kB"
  else "\(.) B" end;
def ms: if . == null then "-" elif . >= 60000 then "\(. / 60000 | floor)m\(. % 60000 / 1000 | floor)s"
  else "\(. / 1000 * 10 | floor / 10)s" end;
def cut(n): if . == null then "-" elif length > n then .[0:n-1] + "…" else . end;
JQ
table() {
  local rows
  rows=$(jq -r "$JQ_LIB ($1)[] | map(d | gsub(\"[\\t\\n]\"; \" \")) | @tsv") || return 1
  column -t -s $'\t' <<< "$rows"
  [ "$(wc -l <<< "$rows")" -gt 1 ] || echo "(none)"
}

# progress DONE TOTAL TEXT: one line, redrawn in place on a terminal; elsewhere printed when it changes.
CLI_LAST_PROGRESS=""
progress() {
  local done="$1" total="$2" text="$3" bar="" width=24 filled i line
  if [ "$total" -gt 0 ]; then
    filled=$((done * width / total))
    for ((i = 0; i < width; i++)); do if [ $i -lt $filled ]; then bar+="#"; else bar+="-"; fi; done
    line="[$bar] $done/$total $text"
  else
    line="$text"
  fi
  [ "$line" = "$CLI_LAST_PROGRESS" ] && return 0
  CLI_LAST_PROGRESS="$line"
  if [ -t 1 ]; then printf '\r\033[K%s' "$line"; else echo "$line"; fi
}
progress_end() { [ -t 1 ] && [ -n "$CLI_LAST_PROGRESS" ] && echo; CLI_LAST_PROGRESS=""; }

# await SERVICE PATH JQ_PROGRESS JQ_FINAL JQ_OK: polls PATH once a second; JQ_PROGRESS yields
# [done, total, text]; stops when JQ_FINAL is true, with status 0 when JQ_OK is.
await() {
  local svc="$1" path="$2" jq_progress="$3" jq_final="$4" jq_ok="$5" body deadline=$((SECONDS + CLI_WAIT_TIMEOUT))
  while :; do
    body=$(api GET "$svc" "$path") || { progress_end; return 1; }
    progress $(jq -r "$JQ_LIB $jq_progress | .[0:2] | map(tostring) | join(\" \")" <<< "$body") \
      "$(jq -r "$JQ_LIB $jq_progress | .[2]" <<< "$body")"
    if [ "$(jq -r "$jq_final" <<< "$body")" = true ]; then
      progress_end
      [ "$(jq -r "$jq_ok" <<< "$body")" = true ] && return 0
      return 1
    fi
    if [ $SECONDS -ge $deadline ]; then
      progress_end; say "still not finished after ${CLI_WAIT_TIMEOUT}s; follow it with: infra/dbops request ${path##*/}"
      return 1
    fi
    sleep 1
  done
}

# --------------------------------------------------------------------------- migrations

cmd_plan() {
  local target="" to=""
  while [ $# -gt 0 ]; do
    case "$1" in
      --to) to="$2"; shift 2 ;;
      -*) usage_error "plan: unknown option $1" ;;
      *) target="$1"; shift ;;
    esac
  done
  [ -n "$target" ] || usage_error "usage: infra/dbops plan TARGET [--to VERSION]"
  local plan
  plan=$(api GET migration-service "/api/targets/$target/plan${to:+?targetVersion=$to}") || return 1
  jq -r '"\(.kind) of \(.target): version \(.currentVersion // "none") -> \(.targetVersion // "latest")"' <<< "$plan"
  table '[["VERSION", "STEP", "KIND", "TRANSACTIONAL", "LOCKS SEEN"]]
    + [.locks as $l | .steps[] | [.version, .description, .kind, .transactional,
       ([$l[.script][]? | .mode] | unique | join(",") | if . == "" then "-" else . end)]]' <<< "$plan"
  if [ "$(jq '.findings | length' <<< "$plan")" -gt 0 ]; then
    echo
    table '[["SEVERITY", "RULE", "WHERE", "BLOCKS", "FINDING"]]
      + [.findings[] | [.severity, .ruleId, "\(.script // "-"):\(.line)", .blocking, (.message | cut(90))]]' <<< "$plan"
  fi
  if [ "$(jq -r .blocked <<< "$plan")" = true ]; then say "blocked by a finding (--override-findings on migrate to run it anyway)"; return 1; fi
}

# migration_outcome ID: waits for the request, then prints how it ended; status 0 when it did what was asked.
migration_outcome() {
  local rc=0 view
  await migration-service "/api/requests/$1" \
    '[(.applied | length), (.plan.steps // [] | length), "\(.status | ascii_downcase)\(if .detail then ": " + (.detail | cut(100)) else "" end)"]' \
    '.status | IN("RECEIVED", "AWAITING_BACKUP", "READY", "RUNNING") | not' \
    '.status | IN("COMPLETED", "PLANNED", "ROLLED_BACK")' || rc=1
  view=$(api GET migration-service "/api/requests/$1") || return 1
  jq -r '"request \(.requestId): \(.status)\(if .failureCause then " (" + .failureCause + ")" else "" end)\(if .backupId then ", backup " + .backupId else "" end)"' <<< "$view"
  [ $rc -eq 0 ] || jq -r 'select(.detail) | "  \(.detail)"' <<< "$view"
  return $rc
}

cmd_migrate() {
  local target="" to="" dry=false backup=null override=false reason="" wait=1
  while [ $# -gt 0 ]; do
    case "$1" in
      --to) to="$2"; shift 2 ;;
      --dry-run) dry=true; shift ;;
      --no-backup) backup=false; shift ;;
      --backup) backup=true; shift ;;
      --override-findings) override=true; shift ;;
      --reason) reason="$2"; shift 2 ;;
      --no-wait) wait=0; shift ;;
      -*) usage_error "migrate: unknown option $1" ;;
      *) target="$1"; shift ;;
    esac
  done
  [ -n "$target" ] && [ -n "$reason" ] || usage_error "usage: infra/dbops migrate TARGET --reason TEXT [--to VERSION] [--dry-run] [--backup|--no-backup] [--override-findings] [--no-wait]"
  local body accepted id
  body=$(jq -cn --arg to "$to" --argjson dry $dry --argjson backup $backup --argjson override $override \
    --arg by "$(operator)" --arg reason "$reason" \
    '{targetVersion: (if $to == "" then null else $to end), dryRun: $dry, backupFirst: $backup,
      overrideFindings: $override, requestedBy: $by, reason: $reason}')
  accepted=$(api POST migration-service "/api/targets/$target/migrations" "$body") || return 1
  id=$(jq -r .requestId <<< "$accepted")
  echo "migration $id of $target accepted"
  [ $wait -eq 1 ] || return 0
  migration_outcome "$id"
}

cmd_rollback() {
  local target="" to="" reason="" wait=1
  while [ $# -gt 0 ]; do
    case "$1" in
      --to) to="$2"; shift 2 ;;
      --reason) reason="$2"; shift 2 ;;
      --no-wait) wait=0; shift ;;
      -*) usage_error "rollback: unknown option $1" ;;
      *) target="$1"; shift ;;
    esac
  done
  [ -n "$target" ] && [ -n "$to" ] && [ -n "$reason" ] || usage_error "usage: infra/dbops rollback TARGET --to VERSION --reason TEXT [--no-wait]"
  local accepted id
  accepted=$(api POST migration-service "/api/targets/$target/rollbacks" \
    "$(jq -cn --arg to "$to" --arg by "$(operator)" --arg reason "$reason" '{toVersion: $to, requestedBy: $by, reason: $reason}')") || return 1
  id=$(jq -r .requestId <<< "$accepted")
  echo "rollback $id of $target to version $to accepted"
  [ $wait -eq 1 ] || return 0
  migration_outcome "$id"
}

# --------------------------------------------------------------------------- backups

# The latest BackupProgress / RestoreProgress the service keeps for a running backup or restore, for the
# progress line: bytes done, rate and, where known, the time left.
read -r -d '' JQ_WORK_PROGRESS <<'JQ' || true
def work_progress: if .status == "RUNNING" and .progress then
  ", \(.progress.bytesDone | size) done, \(.progress.bytesPerSecond | size)/s"
  + (if .progress.etaSeconds then ", about \(.progress.etaSeconds * 1000 | ms) left" else "" end) else "" end;
JQ

cmd_backup() {
  local target="" wait=1
  while [ $# -gt 0 ]; do
    case "$1" in
      --no-wait) wait=0; shift ;;
      -*) usage_error "backup: unknown option $1" ;;
      *) target="$1"; shift ;;
    esac
  done
  [ -n "$target" ] || usage_error "usage: infra/dbops backup TARGET [--no-wait]"
  local queued id
  queued=$(api POST backup-service /api/backups \
    "$(jq -cn --arg t "$target" --arg by "$(operator)" '{target: $t, reason: "manual", requestedBy: $by}')") || return 1
  id=$(jq -r .backupId <<< "$queued")
  echo "backup $id of $target queued (request $(jq -r .requestId <<< "$queued"))"
  [ $wait -eq 1 ] || return 0
  local rc=0 view
  await backup-service "/api/backups/$id" "$JQ_WORK_PROGRESS"' [0, 0, "\(.status | ascii_downcase)\(if .sizeBytes then ", " + (.sizeBytes | size) else "" end)\(work_progress)"]' \
    '.status | IN("COMPLETED", "FAILED")' '.status == "COMPLETED"' || rc=1
  view=$(api GET backup-service "/api/backups/$id") || return 1
  jq -r "$JQ_LIB"' "backup \(.backupId): \(.status)\(if .failureCause then " (" + .failureCause + ")" else ", " + (.sizeBytes | size) + " in " + (.durationMs | ms) + " at " + (.location // "-") end)"' <<< "$view"
  return $rc
}

cmd_restore() {
  local backup="" into="" tables=() schemas=() overwrite=false wait=1
  while [ $# -gt 0 ]; do
    case "$1" in
      --into) into="$2"; shift 2 ;;
      --table) tables+=("$2"); shift 2 ;;
      --schema) schemas+=("$2"); shift 2 ;;
      --overwrite) overwrite=true; shift ;;
      --no-wait) wait=0; shift ;;
      -*) usage_error "restore: unknown option $1" ;;
      *) backup="$1"; shift ;;
    esac
  done
  [ -n "$backup" ] && [ -n "$into" ] || usage_error "usage: infra/dbops restore BACKUP_ID --into DATABASE [--table SCHEMA.TABLE]... [--schema SCHEMA]... [--overwrite] [--no-wait]"
  local body queued id
  body=$(jq -cn --arg b "$backup" --arg into "$into" --argjson overwrite $overwrite --arg by "$(operator)" \
    --args '{backupId: $b, intoDatabase: $into, overwrite: $overwrite, requestedBy: $by}
      + ($ARGS.positional | {tables: map(select(startswith("t:")) | .[2:]), schemas: map(select(startswith("s:")) | .[2:])}
         | with_entries(select(.value | length > 0)))' \
    "${tables[@]/#/t:}" "${schemas[@]/#/s:}")
  queued=$(api POST backup-service /api/restores "$body") \
    || { say "(is $backup a backup id? 'infra/dbops backups' lists them)"; return 1; }
  id=$(jq -r .requestId <<< "$queued")
  echo "restore $id of backup $backup into $into queued"
  [ $wait -eq 1 ] || return 0
  local rc=0 view
  await backup-service "/api/restores/$id" "$JQ_WORK_PROGRESS"' [0, 0, "\(.status | ascii_downcase)\(work_progress)"]' \
    '.status | IN("COMPLETED", "FAILED")' \
    '.status == "COMPLETED"' || rc=1
  view=$(api GET backup-service "/api/restores/$id") || return 1
  jq -r "$JQ_LIB"' "restore \(.requestId): \(.status)\(if .failureCause then " (" + .failureCause + ")" else " in " + (.durationMs | ms) end)"' <<< "$view"
  return $rc
}

cmd_backups() {
  local target="" status=""
  while [ $# -gt 0 ]; do
    case "$1" in
      --status) status="$2"; shift 2 ;;
      -*) usage_error "backups: unknown option $1" ;;
      *) target="$1"; shift ;;
    esac
  done
  local query=""
  [ -n "$target" ] && query="target=$target"
  [ -n "$status" ] && query="${query:+$query&}status=$status"
  local backups
  backups=$(api GET backup-service "/api/backups${query:+?$query}") || return 1
  table '[["BACKUP", "TARGET", "REASON", "STATUS", "SIZE", "TOOK", "COMPLETED", "VERIFIED", "KEPT AS"]]
    + [.[] | [.backupId, .target, .reason, .status, (.sizeBytes | size), (.durationMs | ms), (.completedAt | t), .verification, .retentionClass]]' <<< "$backups"
}

# --------------------------------------------------------------------------- reading

cmd_targets() {
  [ $# -eq 0 ] || usage_error "usage: infra/dbops targets"
  local targets
  targets=$(api GET monitor-service /api/targets) || return 1
  table '[["TARGET", "REACHABLE", "LAST POLL", "OPEN BREACHES", "WORST"]]
    + [.[] | [.target, .reachable, (.lastPoll | t), .openBreaches, .worstSeverity]]' <<< "$targets"
}

# requests TARGET: what was asked of the target, newest first: migrations and rollbacks, backups, restores.
cmd_requests() {
  [ $# -eq 1 ] && [[ "$1" != -* ]] || usage_error "usage: infra/dbops requests TARGET"
  local target="$1" migrations backups restores
  migrations=$(api GET migration-service "/api/targets/$1/requests") || return 1
  backups=$(api GET backup-service "/api/backups?target=$target") || return 1
  restores=$(api GET backup-service "/api/restores?target=$target") || return 1
  jq -n --argjson m "$migrations" --argjson b "$backups" --argjson r "$restores" '
      [($m[] | {id: .requestId, kind, status, at: .receivedAt, end: .finishedAt, detail: (.detail // .failureCause)}),
       ($b[] | {id: .requestId, kind: "backup (\(.reason))", status, at: .requestedAt, end: .completedAt, detail: (.failureCause // .backupId)}),
       ($r[] | {id: .requestId, kind: "restore", status, at: .requestedAt, end: .completedAt, detail: (.failureCause // "into \(.intoDatabase)")})]
      | sort_by(.at) | reverse' \
    | table '[["REQUEST", "KIND", "STATUS", "RECEIVED", "FINISHED", "DETAIL"]] + [.[] | [.id, .kind, .status, (.at | t), (.end | t), (.detail | cut(70))]]'
}

# request ID: what the owning service says about the request, then every event about it (its
# correlation id, its id or its backup's id in the payload) on every dbops topic, oldest first.
cmd_request() {
  [ $# -eq 1 ] && [[ "$1" != -* ]] || usage_error "usage: infra/dbops request REQUEST_ID"
  local id="$1" view ids="$1"
  if view=$(api GET migration-service "/api/requests/$id" 2>/dev/null); then
    jq -r "$JQ_LIB"' "\(.kind) \(.requestId) of \(.target): \(.status)\(if .failureCause then " (" + .failureCause + ")" else "" end)",
      "  asked by \(.requestedBy) at \(.receivedAt | t): \(.reason)", (select(.detail) | "  \(.detail)"),
      (select(.backupId) | "  backup \(.backupId)"),
      (.applied[]? | "  applied V\(.version) \(.description) in \(.durationMs | ms)")' <<< "$view"
    ids="$ids,$(jq -r '.backupId // empty' <<< "$view")"
  elif view=$(api GET backup-service "/api/restores/$id" 2>/dev/null); then
    jq -r "$JQ_LIB"' "restore \(.requestId) of \(.target): \(.status)\(if .failureCause then " (" + .failureCause + ")" else "" end)",
      "  backup \(.backupId) into \(.intoDatabase), asked at \(.requestedAt | t)"' <<< "$view"
  elif view=$(api GET backup-service /api/backups | jq -ce --arg id "$id" 'map(select(.requestId == $id or .backupId == $id)) | first // empty'); then
    jq -r "$JQ_LIB"' "backup \(.backupId) of \(.target) (\(.reason)): \(.status)\(if .failureCause then " (" + .failureCause + ")" else "" end)",
      "  request \(.requestId), asked at \(.requestedAt | t), \(.sizeBytes | size), verification \(.verification)"' <<< "$view"
    ids="$ids,$(jq -r '.backupId, .requestId' <<< "$view" | paste -sd,)"
  else
    say "no migration, backup or restore request $id"; return 1
  fi
  echo
  echo "events (time, topic, type, key, payload):"
  local events
  events=$(request_events "${ids%,}") || return 1
  if [ -n "$events" ]; then sed 's/^/  /' <<< "$events"; else echo "  (none on the topics)"; fi
}

# request_events ID[,ID...]: every record mentioning one of the ids, from the beginning of every dbops
# topic (and dead-letter topic), oldest first.
request_events() {
  local broker="${DBOPS_BROKER:-$BROKER}" topics topic awk=awk
  command -v kcat >/dev/null || die "kcat is required (infra/local/postgres.sh installs it)"
  command -v gawk >/dev/null && awk=gawk
  topics=$(kcat -b "$broker" -m 5 -L -J 2>/dev/null | jq -r '.topics[].topic | select(startswith("dbops."))') \
    || { say "Kafka does not answer on $broker"; return 1; }
  # one reader per topic, side by side (each waits about a second for the end of its partitions)
  local dir; dir=$(mktemp -d)
  for topic in $topics; do
    kcat -b "$broker" -C -t "$topic" -o beginning -e -q -f "$TAIL_FMT" > "$dir/$topic" 2>/dev/null &
  done
  wait
  cat "$dir"/* | LC_ALL=C "$awk" -v width=0 -v copy= -v color=0 -v only="$1" -v sortable=1 "$TAIL_AWK" \
    | sort -s -n -k1,1 | cut -f2-
  rm -rf "$dir"
}

cmd_alerts() {
  local status="" target="" limit=50
  while [ $# -gt 0 ]; do
    case "$1" in
      --firing) status=firing; shift ;;
      --resolved) status=resolved; shift ;;
      --target) target="$2"; shift 2 ;;
      --limit) limit="$2"; shift 2 ;;
      *) usage_error "usage: infra/dbops alerts [--firing|--resolved] [--target TARGET] [--limit N]" ;;
    esac
  done
  local alerts
  alerts=$(api GET alert-service "/api/alerts?limit=$limit${status:+&status=$status}${target:+&target=$target}") || return 1
  table '[["ALERT", "SEVERITY", "STATUS", "SINCE", "ENDED", "SUMMARY"]]
      + [.[] | [.fingerprint, .severity, .status, (.startsAt | t), (.endsAt | t), (.summary | cut(70))]]' <<< "$alerts"
}

# --------------------------------------------------------------------------- silences

# silence (TARGET/RULE | MATCHER...) --for DURATION --comment TEXT: MATCHER as alert-service reads it
# (name=value, name!=value, name=~regex, name!~regex); TARGET/RULE is an alert's fingerprint, as
# `alerts` lists it. DURATION: 30m, 2h, 1d.
cmd_silence() {
  local matchers=() duration="" comment=""
  while [ $# -gt 0 ]; do
    case "$1" in
      --for) duration="$2"; shift 2 ;;
      --comment) comment="$2"; shift 2 ;;
      -*) usage_error "silence: unknown option $1" ;;
      *=*) matchers+=("$1"); shift ;;
      */*) matchers+=("target=${1%%/*}" "rule=${1#*/}"); shift ;;
      *) usage_error "silence: '$1' is neither TARGET/RULE nor a matcher like target=orders" ;;
    esac
  done
  [ ${#matchers[@]} -gt 0 ] && [ -n "$duration" ] && [ -n "$comment" ] \
    || usage_error "usage: infra/dbops silence (TARGET/RULE | MATCHER...) --for 30m|2h|1d --comment TEXT"
  local seconds
  case "$duration" in
    *[0-9]m) seconds=$((${duration%m} * 60)) ;;
    *[0-9]h) seconds=$((${duration%h} * 3600)) ;;
    *[0-9]d) seconds=$((${duration%d} * 86400)) ;;
    *) usage_error "silence: --for takes minutes, hours or days: 30m, 2h, 1d (not '$duration')" ;;
  esac
  local created
  created=$(api POST alert-service /api/silences "$(jq -cn --arg ends "$(date -u -d "+$seconds seconds" +%Y-%m-%dT%H:%M:%SZ)" \
    --arg by "$(operator)" --arg comment "$comment" \
    '{matchers: $ARGS.positional, endsAt: $ends, createdBy: $by, comment: $comment}' --args "${matchers[@]}")") || return 1
  jq -r "$JQ_LIB"' "silence \(.id) \(.state) until \(.endsAt | t) UTC: \(.matchers | join(", "))"' <<< "$created"
}

cmd_silences() {
  [ $# -eq 0 ] || usage_error "usage: infra/dbops silences"
  local silences
  silences=$(api GET alert-service /api/silences) || return 1
  table '[["SILENCE", "STATE", "MATCHERS", "UNTIL", "BY", "COMMENT"]]
    + [.[] | [.id, .state, (.matchers | join(", ")), (.endsAt | t), .createdBy, (.comment | cut(50))]]' <<< "$silences"
}

cmd_unsilence() {
  [ $# -eq 1 ] || usage_error "usage: infra/dbops unsilence SILENCE_ID"
  api DELETE alert-service "/api/silences/$1" >/dev/null || return 1
  echo "silence $1 expired"
}

# --------------------------------------------------------------------------- dead letters

# The dead-letter endpoints every service serves (common's DeadLetterController); one place to change.
CLI_DEAD_LETTERS_PATH=/api/dead-letters
CLI_TOPICS=(dbops.migration.requests dbops.migration.events dbops.backup.requests dbops.backup.events
  dbops.monitor.events dbops.alert.events)

# dead_letter_service NAME: migration-service, or its short form migration.
dead_letter_service() {
  case "$1" in
    migration|backup|monitor|alert) echo "$1-service" ;;
    migration-service|backup-service|monitor-service|alert-service) echo "$1" ;;
    *) usage_error "unknown service '$1' (migration, backup, monitor or alert)" ;;
  esac
}

DEAD_LETTER_TABLE='[["TOPIC", "PARTITION", "OFFSET", "DEAD-LETTERED", "TYPE", "TARGET", "CE_ID", "REASON"]]
  + [.[] | [.topic, .partition, .offset, (.deadLetteredAt | t), .ceType, .target, .ceId, (.reason | cut(80))]]'

# dead-letters SERVICE [TOPIC]: the records of TOPIC-dlt (every dbops topic's without TOPIC), as the
# service reads them; the partition and offset are what `replay` takes.
cmd_dead_letters() {
  [ $# -ge 1 ] && [ $# -le 2 ] && [[ "$1" != -* ]] || usage_error "usage: infra/dbops dead-letters SERVICE [TOPIC]"
  local svc topic topics all="[]" records
  svc=$(dead_letter_service "$1")
  if [ $# -eq 2 ]; then topics=("$2"); else topics=("${CLI_TOPICS[@]}"); fi
  for topic in "${topics[@]}"; do
    records=$(api GET "$svc" "$CLI_DEAD_LETTERS_PATH/$topic") || return 1
    all=$(jq -c --arg topic "$topic-dlt" --argjson all "$all" '$all + map({topic: $topic} + .)' <<< "$records")
  done
  table "$DEAD_LETTER_TABLE" <<< "$all"
}

# replay SERVICE TOPIC (--partition P --offset N | --from TIME [--to TIME]): sends dead letters of
# TOPIC-dlt back to TOPIC, with their own ce_id (a consumer that processed one already does nothing,
# one that still cannot dead-letters it again). TIME: anything `date -d` reads (2026-12-03T10:00:00Z,
# "1 hour ago").
cmd_replay() {
  local svc="" topic="" partition="" offset="" from="" to=""
  while [ $# -gt 0 ]; do
    case "$1" in
      --partition) partition="$2"; shift 2 ;;
      --offset) offset="$2"; shift 2 ;;
      --from) from="$2"; shift 2 ;;
      --to) to="$2"; shift 2 ;;
      -*) usage_error "replay: unknown option $1" ;;
      *) if [ -z "$svc" ]; then svc="$1"; elif [ -z "$topic" ]; then topic="$1"; else usage_error "replay: unexpected '$1'"; fi; shift ;;
    esac
  done
  local usage="usage: infra/dbops replay SERVICE TOPIC (--partition P --offset N | --from TIME [--to TIME])"
  [ -n "$svc" ] && [ -n "$topic" ] || usage_error "$usage"
  svc=$(dead_letter_service "$svc")
  local query
  if [ -n "$partition" ] && [ -n "$offset" ] && [ -z "$from$to" ]; then
    [[ "$partition$offset" =~ ^[0-9]+$ ]] || usage_error "replay: --partition and --offset take numbers"
    query="partition=$partition&offset=$offset"
  elif [ -n "$from" ] && [ -z "$partition$offset" ]; then
    query="from=$(iso_time "$from")" || return 2
    [ -z "$to" ] || query="$query&to=$(iso_time "$to")" || return 2
  else
    usage_error "$usage"
  fi
  local replayed
  replayed=$(api POST "$svc" "$CLI_DEAD_LETTERS_PATH/$topic/replay?$query") || return 1
  jq -r --arg topic "$topic" '"replayed \(.count) record(s) of \($topic)-dlt to \($topic)"' <<< "$replayed"
  jq -c --arg topic "$topic-dlt" '.records | map({topic: $topic} + .)' <<< "$replayed" | table "$DEAD_LETTER_TABLE"
}

# iso_time TIME: TIME as an ISO-8601 instant in UTC, which the endpoints take.
iso_time() {
  date -u -d "$1" +%Y-%m-%dT%H:%M:%SZ 2>/dev/null || usage_error "replay: cannot read the time '$1'"
}
