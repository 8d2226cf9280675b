# The monitor section of `infra/dbops demo` (sourced by infra/dbops): a slow statement gives a
# SlowQueryDetected, a session idle in its transaction a ThresholdBreached and, once it commits, a
# ThresholdResolved. infra/local/dbops-local.yml polls the demo target every 2 s with a 5 s
# idle-transaction warning, so the section takes about 20 seconds.

scenario_monitor() {
  section "Monitor: a slow statement and an idle transaction on target 'demo'"
  local pg=(psql -X -q -h 127.0.0.1 -p 5433 -U postgres -d dbops_demo -v ON_ERROR_STOP=1)
  narrate "monitor-service polls 'demo' every 2 s here (infra/local/dbops-local.yml; 15 s by default) and"
  narrate "diffs pg_stat_statements between polls: a statement is slow when its mean over a window"
  narrate "reaches 1000 ms. A 1.2 s statement, three times:"
  narrate "\$ psql -d dbops_demo -c 'SELECT pg_sleep(1.2)'    (x3)"
  local i
  for i in 1 2 3; do
    "${pg[@]}" -c 'SELECT pg_sleep(1.2)' >/dev/null \
      || { narrate "!! cannot query dbops_demo"; DEMO_FAILED=$((DEMO_FAILED + 1)); return 1; }
  done
  expect_event 20 'dbops\.monitor\.events' 'SELECT pg_sleep($1)' || return 1
  narrate "(A 2 s window holding a 1.2 s call also has a p95 over 1 s: query.latency-p95 may breach as"
  narrate "well, and resolves once two windows are fast again.)"
  narrate "A session opens a transaction and goes idle in it (the demo target's threshold: 5 s, over"
  narrate "it at 2 polls in a row). \$ psql -d dbops_demo, then: BEGIN; SELECT txid_current(); ... nothing"
  local fifo="$DBOPS_RUN/demo-idle-in-transaction.fifo" psql_pid
  rm -f "$fifo"; mkfifo "$fifo"
  "${pg[@]}" < "$fifo" > /dev/null 2>&1 &
  psql_pid=$!
  exec 7> "$fifo"
  echo "BEGIN; SELECT txid_current();" >&7
  expect_event 40 'dbops\.monitor\.events' '"rule":"transaction.idle","severity"'
  local breached=$?
  narrate "The session commits; the breach resolves at the next clean poll."
  echo "COMMIT;" >&7
  exec 7>&-
  wait "$psql_pid" 2>/dev/null || true
  rm -f "$fifo"
  [ $breached -eq 0 ] || return 1
  expect_event 20 'dbops\.monitor\.events' '"rule":"transaction.idle","value"' || return 1
  narrate "Status, open breaches and top statements: curl -H \"Authorization: Bearer \$(cat .dbops/api-token)\""
  narrate "http://127.0.0.1:8083/api/targets/demo; Prometheus metrics on /actuator/prometheus."
  settle 1
}
