# shellcheck shell=bash
# The migration-service's demo scenario, sourced by infra/dbops: `infra/dbops demo migration`.
# Uses the helpers of infra/dbops (section, narrate, produce, expect_event, expect_outcome, settle) and its globals.

# request_detail ID: what migration-service says about a request (GET /api/requests/ID).
request_detail() {
  curl -fsS -H "Authorization: Bearer $DBOPS_API_TOKEN" "http://127.0.0.1:${PORT[migration-service]}/api/requests/$1" \
    | sed -n 's/.*"detail":"\([^"]*\)".*/\1/p'
}

# The migration project bound to 'demo' is a working copy (DBOPS_DEMO_MIGRATIONS, .dbops/demo-migrations,
# seeded from infra/local/demo-migrations), so the scenario can show the unsafe first draft of a step
# being blocked, then its safe rewrite applied.
scenario_migration() {
  section "Migration of target 'demo': dry run, a lint finding blocking an unsafe step, the safe rewrite after a backup"
  local pg=(psql -X -q -h 127.0.0.1 -p 5433 -U postgres -d dbops_demo -v ON_ERROR_STOP=1)
  local project="${DBOPS_DEMO_MIGRATIONS:-$DBOPS_STATE/demo-migrations}" id
  narrate "Starting over: public.accounts and its Flyway history dropped, the project reset to V1, V2 and"
  narrate "the first draft of V3:  $(grep -v '^--' "$LOCAL_DIR/demo-migrations-unsafe/V3__accounts_email_index.sql")"
  "${pg[@]}" -c "DROP TABLE IF EXISTS public.accounts, public.flyway_schema_history" \
    || { narrate "!! cannot write to dbops_demo"; DEMO_FAILED=$((DEMO_FAILED + 1)); return 1; }
  rm -rf "$project"; mkdir -p "$project"
  cp "$LOCAL_DIR"/demo-migrations/* "$project"/
  cp "$LOCAL_DIR"/demo-migrations-unsafe/V3__accounts_email_index.sql "$project"/

  id=$(uuid)
  narrate "1. A dry run: MigrationPlanned lists the steps (checksums, transactional or not, locks observed"
  narrate "   on a scratch copy) and the lint findings; nothing changes on the target."
  produce dbops.migration.requests demo dev.dbops.migration-requested.v1 \
    "{\"requestId\":\"$id\",\"target\":\"demo\",\"dryRun\":true,\"requestedBy\":\"ops@example.com\",\"reason\":\"demo: plan\"}" "$id"
  expect_outcome 60 dbops.migration.events migration-planned migration-failed "\"requestId\":\"$id\"" || return 1

  id=$(uuid)
  narrate "2. The real request: the critical finding non-concurrent-index in V3 blocks it before anything"
  narrate "   runs (no backup is taken, the target stays empty)."
  produce dbops.migration.requests demo dev.dbops.migration-requested.v1 \
    "{\"requestId\":\"$id\",\"target\":\"demo\",\"requestedBy\":\"ops@example.com\",\"reason\":\"demo: unsafe draft\"}" "$id"
  expect_event 60 'dbops\.migration\.events' "\"requestId\":\"$id\",\"target\":\"demo\",\"cause\":\"lint-blocked\"" || return 1
  narrate "   MigrationFailed.message: $(request_detail "$id")"

  id=$(uuid)
  narrate "3. V3 rewritten safely (CREATE INDEX CONCURRENTLY, alone in its step). The request backs up"
  narrate "   first: BackupRequested(reason=pre-migration, ce_correlationid=$id), then, once backup-service"
  narrate "   answers BackupCompleted, MigrationStarted(backupId) and each step with lock_timeout 200 ms."
  cp "$LOCAL_DIR/demo-migrations/V3__accounts_email_index.sql" "$project"/
  produce dbops.migration.requests demo dev.dbops.migration-requested.v1 \
    "{\"requestId\":\"$id\",\"target\":\"demo\",\"backupFirst\":true,\"requestedBy\":\"ops@example.com\",\"reason\":\"demo: safe rewrite\"}" "$id"
  expect_outcome 180 dbops.migration.events migration-completed migration-failed "\"requestId\":\"$id\"" || return 1
  narrate "The target's Flyway history (GET /api/targets/demo/history on migration-service):"
  local history
  history=$(curl -fsS -H "Authorization: Bearer $DBOPS_API_TOKEN" \
    "http://127.0.0.1:${PORT[migration-service]}/api/targets/demo/history") || narrate "!! cannot read the history"
  if command -v jq >/dev/null; then
    jq -r '.[] | "   \(.installedRank)  V\(.version // "-")  \(.type)  \(.script)  \(.executionTimeMs) ms  success=\(.success)"' <<< "$history"
  else
    narrate "$history"
  fi
  settle 2
}
