# The alert section of `infra/dbops demo` (sourced by infra/dbops): two local HTTP sinks stand in for
# Slack and PagerDuty and print what they receive; alert-service is pointed at them through the same
# environment variables an operator sets (DBOPS_SLACK_WEBHOOK_URL, DBOPS_PAGERDUTY_ROUTING_KEY,
# DBOPS_PAGERDUTY_EVENTS_URL), unless they are set already.

ALERT_SINK_SLACK_PORT=18191
ALERT_SINK_PAGERDUTY_PORT=18192

# Before `up`: start the sinks and export the receivers' variables. An alert-service that runs without
# them is stopped, so that `up` starts it again with them.
alert_sinks_prepare() {
  local name port pid
  for name in slack pagerduty; do
    port=$([ $name = slack ] && echo $ALERT_SINK_SLACK_PORT || echo $ALERT_SINK_PAGERDUTY_PORT)
    if ! pid_of "sink-$name" >/dev/null; then
      port_open 127.0.0.1 "$port" && die "port $port for the $name sink is taken (pid $(port_owner "$port"))"
      nohup python3 -u "$LOCAL_DIR/http-sink.py" "$port" "$name" > "$DBOPS_LOGS/sink-$name.log" 2>&1 &
      record_pid "sink-$name" $! "http-sink.py $port"
    fi
  done
  export DBOPS_SLACK_WEBHOOK_URL="${DBOPS_SLACK_WEBHOOK_URL:-http://127.0.0.1:$ALERT_SINK_SLACK_PORT/services/T000DEMO/B000DEMO/demo-webhook-secret}"
  export DBOPS_PAGERDUTY_ROUTING_KEY="${DBOPS_PAGERDUTY_ROUTING_KEY:-demo0routing0key0000000000000000}"
  export DBOPS_PAGERDUTY_EVENTS_URL="${DBOPS_PAGERDUTY_EVENTS_URL:-http://127.0.0.1:$ALERT_SINK_PAGERDUTY_PORT/v2/enqueue}"
  if pid=$(pid_of alert-service) && ! tr '\0' '\n' < "/proc/$pid/environ" 2>/dev/null \
      | grep -qxF "DBOPS_SLACK_WEBHOOK_URL=$DBOPS_SLACK_WEBHOOK_URL"; then
    say "restarting alert-service so that it sends to the demo's sinks"
    stop_pid alert-service 30
  fi
}

alert_sinks_stop() {
  local name
  for name in slack pagerduty; do stop_pid "sink-$name" 5 2>/dev/null || true; done
}

# show_sink NAME FROM_LINE: what the sink printed since FROM_LINE, indented.
show_sink() {
  tail -n "+$(($2 + 1))" "$DBOPS_LOGS/sink-$1.log" | sed 's/^/   | /'
}

sink_lines() { wc -l < "$DBOPS_LOGS/sink-$1.log" 2>/dev/null || echo 0; }

# wait_sink NAME FROM_LINE TEXT TIMEOUT
wait_sink() {
  local deadline=$((SECONDS + $4))
  while [ $SECONDS -lt $deadline ]; do
    tail -n "+$(($2 + 1))" "$DBOPS_LOGS/sink-$1.log" 2>/dev/null | grep -qF -- "$3" && return 0
    sleep 0.3
  done
  narrate "!! the $1 sink got nothing with '$3' within $4 s"; DEMO_FAILED=$((DEMO_FAILED + 1)); return 1
}

scenario_alerts() {
  section "Alerts: a critical breach reaches Slack and PagerDuty, then resolves"
  local slack_from pd_from since
  slack_from=$(sink_lines slack); pd_from=$(sink_lines pagerduty)
  since=$(date -u +%Y-%m-%dT%H:%M:%S.%3NZ)
  narrate "Sinks: Slack on :$ALERT_SINK_SLACK_PORT, PagerDuty on :$ALERT_SINK_PAGERDUTY_PORT (infra/local/http-sink.py)."
  narrate "Routing (alert-service's application.yml): critical -> PagerDuty and Slack; warning -> e-mail"
  narrate "and Slack; info -> Slack. The local stack waits 2 s before a group's first notification."
  narrate "A ThresholdBreached as monitor-service would send it (here with kcat):"
  produce dbops.monitor.events demo dev.dbops.threshold-breached.v1 \
    "{\"target\":\"demo\",\"rule\":\"demo.replication.lag\",\"severity\":\"critical\",\"value\":42.5,\"threshold\":10,\"unit\":\"s\",\"since\":\"$since\",\"details\":{\"replica\":\"demo-replica-1\"}}"
  wait_sink pagerduty "$pd_from" '"event_action": "trigger"' 60 || return 1
  wait_sink slack "$slack_from" 'FIRING' 60 || return 1
  narrate "PagerDuty got one trigger (dedup_key = the alert's fingerprint, target/rule):"
  show_sink pagerduty "$pd_from"
  narrate "Slack got a text fallback plus Block Kit blocks:"
  show_sink slack "$slack_from"
  expect_event 30 'dbops\.alert\.events' '"receiver":"pagerduty"' || true
  slack_from=$(sink_lines slack); pd_from=$(sink_lines pagerduty)
  narrate "The breach ends: a ThresholdResolved for the same target and rule."
  produce dbops.monitor.events demo dev.dbops.threshold-resolved.v1 \
    "{\"target\":\"demo\",\"rule\":\"demo.replication.lag\",\"value\":0.4,\"breachedAt\":\"$since\",\"resolvedAt\":\"$(date -u +%Y-%m-%dT%H:%M:%S.%3NZ)\"}"
  wait_sink pagerduty "$pd_from" '"event_action": "resolve"' 60 || return 1
  wait_sink slack "$slack_from" 'RESOLVED' 60 || return 1
  narrate "PagerDuty got the resolve with the same routing key and dedup_key:"
  show_sink pagerduty "$pd_from"
  narrate "Slack got the resolved notification:"
  show_sink slack "$slack_from"
  narrate "History: curl -H \"Authorization: Bearer \$(cat .dbops/api-token)\" \\"
  narrate "  'http://127.0.0.1:8084/api/alerts/history?fingerprint=demo/demo.replication.lag'"
  settle 1
}
