package dev.dbops.monitor;

import static dev.dbops.monitor.MonitorEvents.BREACHED;
import static dev.dbops.monitor.MonitorEvents.RESOLVED;
import static dev.dbops.monitor.MonitorEvents.SLOW_QUERY;
import static dev.dbops.monitor.MonitorEvents.event;
import static dev.dbops.monitor.MonitorEvents.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dbops.common.cloudevents.EventCodec;
import dev.dbops.common.event.Topics;
import dev.dbops.common.kafka.TopicNames;
import dev.dbops.common.testing.RawProducer;
import dev.dbops.common.testing.TestDatabase;
import dev.dbops.common.testing.TestKafka;
import dev.dbops.common.testing.TestPostgres;
import dev.dbops.common.testing.TopicProbe;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The monitor against a real target database (watched by a pg_monitor role, not a superuser) and the real broker:
 * slow statements, an idle transaction, a blocking chain, backup age and index health, as events, REST and
 * Prometheus metrics.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class MonitorIT {

    static final String MONITOR_ROLE = "dbops_monitor_test";

    @RegisterExtension
    static final TestDatabase platform = new TestDatabase("monitor_it");

    @RegisterExtension
    static final TestDatabase target = new TestDatabase("monitor_it_target");

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        platform.registerAsPlatform(registry);
        registry.add("dbops.targets.app.url", target::url);
        registry.add("dbops.targets.app.username", () -> MONITOR_ROLE);
        TestKafka.register(registry, "MonitorIntegrationTest");
        registry.add("dbops.monitor.poll.interval", () -> "1s");
        registry.add("dbops.monitor.poll.heavy-interval", () -> "1s");
        registry.add("dbops.monitor.rules.breach-after", () -> "2");
        registry.add("dbops.monitor.rules.clear-after", () -> "1");
        registry.add("dbops.monitor.slow-queries.threshold", () -> "200ms");
        registry.add("dbops.monitor.indexes.unused-min-size", () -> "0");
        registry.add("dbops.monitor.targets.app.rules.transaction-idle.warning", () -> "2");
        registry.add("dbops.monitor.targets.app.rules.sessions-blocked.warning", () -> "1");
    }

    static TopicProbe events;

    @BeforeAll
    static void createMonitorRoleAndSchema() {
        TestPostgres.execute("postgres", "DO $$ BEGIN CREATE ROLE " + MONITOR_ROLE + " LOGIN; "
                + "EXCEPTION WHEN duplicate_object THEN NULL; END $$");
        TestPostgres.execute("postgres", "GRANT pg_monitor TO " + MONITOR_ROLE);
        target.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
        target.execute("CREATE TABLE account (id int PRIMARY KEY, balance int NOT NULL)");
        target.execute("INSERT INTO account SELECT g, 0 FROM generate_series(1, 10) g");
        events = new TopicProbe(new TopicNames(TestKafka.topicPrefix("MonitorIntegrationTest")).monitorEvents());
    }

    @AfterAll
    static void closeProbe() {
        events.close();
    }

    @LocalServerPort
    int port;

    @Autowired
    TopicNames topics;

    @Autowired
    JdbcTemplate platformJdbc;

    @Test
    void aStatementSlowOverItsWindowGivesSlowQueryDetectedWithinTwoPollIntervals() throws Exception {
        long since = System.currentTimeMillis();
        try (Connection c = TestPostgres.connect(target.name()); Statement s = c.createStatement()) {
            for (int i = 0; i < 3; i++) {
                // as slow, but tagged as dbops's own work (a drill's DROP DATABASE, a backup's row counts)
                s.execute("/* dbops-backup */ SELECT 'drill', pg_sleep(0.25)");
                s.execute("SELECT pg_sleep(0.25)");
            }
        }
        long lastCall = System.currentTimeMillis();
        ConsumerRecord<String, String> record = events.await(1, r -> event(SLOW_QUERY, "app", null, since).test(r)
                && json(r).path("query").asString().contains("pg_sleep"), Duration.ofSeconds(20)).get(0);
        assertThat(record.timestamp() - lastCall).as("within two 1 s poll intervals (plus the relay)")
                .isLessThan(3_000);
        JsonNode slow = json(record);
        assertThat(slow.path("target").asString()).isEqualTo("app");
        assertThat(slow.path("query").asString()).isEqualTo("SELECT pg_sleep($1)");
        assertThat(slow.path("calls").asLong()).isBetween(1L, 3L);
        assertThat(slow.path("meanMs").asDouble()).isBetween(240.0, 1000.0);
        assertThat(slow.path("totalMs").asDouble()).isGreaterThanOrEqualTo(slow.path("meanMs").asDouble());
        assertThat(slow.path("thresholdMs").asDouble()).isEqualTo(200.0);
        assertThat(slow.path("rowsPerCall").asDouble()).isEqualTo(1.0);
        assertThat(Instant.parse(slow.path("windowStart").asString()))
                .isBefore(Instant.parse(slow.path("windowEnd").asString()));
        assertThat(slow.path("queryId").asString()).matches("-?\\d+");
        assertThat(events.drain(Duration.ofSeconds(2))).as("dbops's own statements are never slow queries")
                .noneMatch(r -> event(SLOW_QUERY, "app", null, since).test(r)
                        && json(r).path("query").asString().contains("drill"));

        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            String status = MonitorEvents.get(port, "/api/targets/app");
            assertThat(status).contains("SELECT pg_sleep($1)").contains("\"recentSlowQueries\"");
            assertThat(EventCodec.mapper().readTree(status).path("rules").path("slow-queries.per-hour")
                    .path("value").asDouble()).isGreaterThanOrEqualTo(3.0);
        });
    }

    @Test
    void theTargetsStatementsResetUnderTheMonitorGiveNoBogusWindow() throws Exception {
        long since = System.currentTimeMillis();
        try (Connection c = TestPostgres.connect(target.name()); Statement s = c.createStatement()) {
            s.execute("SELECT 1");
            Thread.sleep(1500);
            // Every entry of this database goes (the others' stay): the monitor sees them vanish and come back.
            s.execute("SELECT pg_stat_statements_reset(0, (SELECT oid FROM pg_database WHERE datname = "
                    + "current_database()), 0)");
            // Not the other test's statement (an alias would not make another queryid; a column does).
            s.execute("SELECT 'after reset', pg_sleep(0.25)");
            s.execute("SELECT 'after reset', pg_sleep(0.25)");
        }
        JsonNode slow = json(events.await(1, r -> event(SLOW_QUERY, "app", null, since).test(r)
                && json(r).path("query").asString().equals("SELECT $1, pg_sleep($2)"), Duration.ofSeconds(20)).get(0));
        assertThat(slow.path("calls").asLong()).isBetween(1L, 2L);
        assertThat(slow.path("meanMs").asDouble()).isBetween(240.0, 1000.0);
        assertThat(events.drain(Duration.ofSeconds(2)).stream()
                .filter(r -> event(SLOW_QUERY, "app", null, since).test(r)
                        && !json(r).path("query").asString().equals("SELECT $1, pg_sleep($2)"))
                .count()).as("nothing else became slow by the reset").isZero();
        JsonNode status = EventCodec.mapper().readTree(MonitorEvents.get(port, "/api/targets/app"));
        assertThat(status.path("failedChecks").size()).isZero();
    }

    @Test
    void anIdleTransactionBreachesAndResolvesOnceItEnds() throws Exception {
        long since = System.currentTimeMillis();
        try (Connection c = TestPostgres.connect(target.name())) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("SELECT 1");
            }
            JsonNode breached = json(events.await(1, event(BREACHED, "app", "transaction.idle", since),
                    Duration.ofSeconds(20)).get(0));
            assertThat(breached.path("severity").asString()).isEqualTo("warning");
            assertThat(breached.path("threshold").asDouble()).isEqualTo(2.0);
            assertThat(breached.path("unit").asString()).isEqualTo("s");
            assertThat(breached.path("value").asDouble()).isGreaterThan(2.0);
            assertThat(breached.path("details").path("pid").asInt()).isPositive();
            assertThat(platformJdbc.queryForObject("SELECT count(*) FROM monitor.breach WHERE target = 'app' "
                    + "AND rule = 'transaction.idle' AND resolved_at IS NULL", Integer.class)).isEqualTo(1);
            String open = MonitorEvents.get(port, "/api/targets/app");
            assertThat(EventCodec.mapper().readTree(open).path("openBreaches").toString()).contains("transaction.idle");
            c.commit();
        }
        JsonNode resolved = json(events.await(1, event(RESOLVED, "app", "transaction.idle", since),
                Duration.ofSeconds(20)).get(0));
        assertThat(resolved.path("value").asDouble()).isLessThan(2.0);
        assertThat(Instant.parse(resolved.path("breachedAt").asString()))
                .isBefore(Instant.parse(resolved.path("resolvedAt").asString()));
        assertThat(events.drain(Duration.ofMillis(1500)).stream()
                .filter(event(BREACHED, "app", "transaction.idle", since)).count())
                .as("one ThresholdBreached per breach").isEqualTo(1);
        assertThat(platformJdbc.queryForObject("SELECT count(*) FROM monitor.breach WHERE target = 'app' "
                + "AND rule = 'transaction.idle' AND resolved_at IS NULL", Integer.class)).isZero();
    }

    @Test
    void blockedSessionsBreachWithTheBlockingChainInTheDetails() throws Exception {
        long since = System.currentTimeMillis();
        try (Connection holder = TestPostgres.connect(target.name());
                Connection waiter = TestPostgres.connect(target.name())) {
            holder.setAutoCommit(false);
            int holderPid;
            try (Statement s = holder.createStatement()) {
                s.execute("UPDATE account SET balance = 1 WHERE id = 1");
                ResultSet rs = s.executeQuery("SELECT pg_backend_pid()");
                rs.next();
                holderPid = rs.getInt(1);
            }
            CompletableFuture<Void> blocked = CompletableFuture.runAsync(() -> {
                try (Statement s = waiter.createStatement()) {
                    s.execute("UPDATE account SET balance = 2 WHERE id = 1");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            JsonNode breached = json(events.await(1, event(BREACHED, "app", "sessions.blocked", since),
                    Duration.ofSeconds(20)).get(0));
            assertThat(breached.path("value").asDouble()).isGreaterThan(1.0);
            assertThat(breached.path("details").path("blockedSessions").asInt()).isEqualTo(1);
            assertThat(breached.path("details").path("blockers").get(0).path("pid").asInt()).isEqualTo(holderPid);
            assertThat(breached.path("details").path("blocked").get(0).path("blockedBy").get(0).asInt())
                    .isEqualTo(holderPid);
            holder.rollback();
            blocked.get();
        }
        events.await(1, event(RESOLVED, "app", "sessions.blocked", since), Duration.ofSeconds(20));
    }

    @Test
    void backupAgeComesFromBackupCompletedEventsConsumedOnce() {
        long since = System.currentTimeMillis();
        String ceId = UUID.randomUUID().toString();
        Instant old = Instant.now().minus(30, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        try (RawProducer producer = new RawProducer()) {
            Map<String, String> headers = RawProducer.cloudEventHeaders("dev.dbops.backup-completed.v1", "app");
            headers.put("ce_id", ceId);
            producer.send(topics.backupEvents(), "app", headers, backupCompleted("app", "b-old", old));
            producer.send(topics.backupEvents(), "app", headers, backupCompleted("app", "b-old", old));
            producer.send(topics.backupEvents(), "elsewhere",
                    RawProducer.cloudEventHeaders("dev.dbops.backup-completed.v1", "elsewhere"),
                    backupCompleted("elsewhere", "b-x", old));
            JsonNode breached = json(events.await(1, event(BREACHED, "app", "backup.age", since),
                    Duration.ofSeconds(30)).get(0));
            assertThat(breached.path("severity").asString()).isEqualTo("warning");
            assertThat(breached.path("value").asDouble()).isBetween(30.0, 30.5);
            assertThat(breached.path("unit").asString()).isEqualTo("h");
            assertThat(platformJdbc.queryForObject("SELECT count(*) FROM monitor.dbops_inbox WHERE event_id = ?",
                    Integer.class, ceId)).isEqualTo(1);

            producer.send(topics.backupEvents(), "app",
                    RawProducer.cloudEventHeaders("dev.dbops.backup-completed.v1", "app"),
                    backupCompleted("app", "b-new", Instant.now()));
            events.await(1, event(RESOLVED, "app", "backup.age", since), Duration.ofSeconds(30));
        }
        assertThat(platformJdbc.queryForList("SELECT target, backup_id FROM monitor.last_backup"))
                .containsExactly(Map.of("target", "app", "backup_id", "b-new"));
        try (TopicProbe dlt = new TopicProbe(topics.deadLetterOf(Topics.BACKUP_EVENTS))) {
            assertThat(dlt.drain(Duration.ofSeconds(1))).as("a backup of a target we do not watch is no error")
                    .isEmpty();
        }
    }

    @Test
    void indexHealthFollowsPgHerosDefinitions() throws Exception {
        target.execute("""
                CREATE TABLE customer (id int PRIMARY KEY);
                CREATE TABLE purchase (id int PRIMARY KEY, customer_id int REFERENCES customer, placed date);
                CREATE INDEX purchase_placed ON purchase (placed);
                CREATE INDEX purchase_placed_id ON purchase (placed, id);
                CREATE TABLE event_log (id bigint, payload text);
                INSERT INTO event_log SELECT g, 'x' FROM generate_series(1, 12000) g;
                ANALYZE event_log;""");
        try (Connection c = TestPostgres.connect(target.name()); Statement s = c.createStatement()) {
            s.executeQuery("SELECT count(*) FROM event_log").close();
        }
        Awaitility.await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            JsonNode report = EventCodec.mapper().readTree(MonitorEvents.get(port, "/api/targets/app/indexes"));
            assertThat(values(report.path("duplicates"), "index")).containsExactly("purchase_placed");
            assertThat(values(report.path("duplicates"), "coveredBy")).containsExactly("purchase_placed_id");
            assertThat(values(report.path("unindexedForeignKeys"), "constraint"))
                    .containsExactly("purchase_customer_id_fkey");
            assertThat(values(report.path("unused"), "index")).contains("purchase_placed", "purchase_placed_id")
                    .doesNotContain("purchase_pkey");
            assertThat(values(report.path("seqScanTables"), "table")).containsExactly("public.event_log");
        });
        String metrics = MonitorEvents.get(port, "/actuator/prometheus");
        assertThat(metrics).contains("dbops_monitor_indexes{kind=\"duplicate\",target=\"app\"} 1.0");
    }

    @Test
    void everyComputedValueIsAPrometheusMetric() {
        Awaitility.await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            String metrics = MonitorEvents.get(port, "/actuator/prometheus");
            assertThat(metrics)
                    .contains("dbops_monitor_up{target=\"app\"} 1.0")
                    .contains("dbops_monitor_rule_value{rule=\"connections.usage\",target=\"app\",unit=\"ratio\"}")
                    .contains("dbops_monitor_rule_value{rule=\"xid.wraparound\",target=\"app\",unit=\"ratio\"}")
                    .contains("dbops_monitor_rule_value{rule=\"table.dead-tuples\",target=\"app\",unit=\"ratio\"}")
                    .contains("dbops_monitor_breach_severity{rule=\"target.reachable\",target=\"app\"} 0.0")
                    .contains("dbops_monitor_connections_used{target=\"app\"}")
                    .contains("dbops_monitor_statements_tracked{target=\"app\"}")
                    .contains("dbops_monitor_database_size_bytes{target=\"app\"}")
                    .contains("dbops_monitor_slow_queries_per_hour{target=\"app\"}")
                    .contains("dbops_monitor_poll_duration_seconds_count{target=\"app\"}")
                    .contains("dbops_monitor_poll_lag_seconds{quantile=\"0.99\"}");
        });
        JsonNode status = EventCodec.mapper().readTree(MonitorEvents.get(port, "/api/targets/app"));
        assertThat(status.path("reachable").asBoolean()).isTrue();
        assertThat(status.path("failedChecks").size()).as(status.path("failedChecks").toString()).isZero();
        assertThat(status.path("rules").path("connections.usage").path("unit").asString()).isEqualTo("%");
        assertThat(status.path("topStatements").toString()).as("the monitor's own statements are not the workload")
                .doesNotContain("dbops-monitor");
        assertThat(MonitorEvents.get(port, "/api/targets")).contains("\"target\":\"app\"");
        assertThat(MonitorEvents.get(port, "/api/polling")).contains("\"lagMs\"");
    }

    @Test
    void metricsFollowPrometheusConventionsWithSaneValuesAndTheReadmeListsExactlyThem() throws Exception {
        Awaitility.await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(
                Scrape.of(MonitorEvents.get(port, "/actuator/prometheus")).value("dbops_monitor_statements_calls_total",
                        "target=\"app\"")).as("a second statements snapshot, so a first window").isNotNaN());
        Scrape scrape = Scrape.of(MonitorEvents.get(port, "/actuator/prometheus"));

        assertThat(scrape.value("dbops_monitor_up", "target=\"app\"")).isEqualTo(1.0);
        assertThat(scrape.value("dbops_monitor_sessions", "target=\"app\"")).as("the monitor's own left out")
                .isGreaterThanOrEqualTo(0);
        assertThat(scrape.value("dbops_monitor_connections_used", "target=\"app\""))
                .isBetween(1.0, scrape.value("dbops_monitor_connections_available", "target=\"app\""));
        assertThat(scrape.value("dbops_monitor_rule_value", "rule=\"connections.usage\",target=\"app\",unit=\"ratio\""))
                .as("a ratio, not percent").isGreaterThan(0).isLessThanOrEqualTo(1);
        assertThat(scrape.value("dbops_monitor_rule_value", "rule=\"xid.wraparound\",target=\"app\",unit=\"ratio\""))
                .isGreaterThanOrEqualTo(0).isLessThan(0.5);
        assertThat(scrape.value("dbops_monitor_query_latency_p95_seconds", "target=\"app\""))
                .as("seconds, not ms").isGreaterThanOrEqualTo(0).isLessThan(60);
        assertThat(scrape.value("dbops_monitor_rule_value",
                "rule=\"query.latency-p95\",target=\"app\",unit=\"seconds\""))
                .isEqualTo(scrape.value("dbops_monitor_query_latency_p95_seconds", "target=\"app\""));
        assertThat(scrape.value("dbops_monitor_blocks_hit_total", "target=\"app\"")).isPositive();
        assertThat(scrape.value("dbops_monitor_transactions_committed_total", "target=\"app\"")).isPositive();
        assertThat(scrape.value("dbops_monitor_database_size_bytes", "target=\"app\"")).isGreaterThan(1_000_000);
        assertThat(scrape.value("dbops_monitor_polls_total", "outcome=\"reachable\",target=\"app\""))
                .isGreaterThanOrEqualTo(2);
        assertThat(scrape.value("dbops_monitor_polls_skipped_total", "target=\"app\"")).as("there from the start")
                .isGreaterThanOrEqualTo(0);
        assertThat(scrape.value("dbops_monitor_poll_duration_seconds_max", "target=\"app\"")).isLessThan(30);

        assertThat(scrape.names()).as("the names before Prometheus conventions").doesNotContain(
                "dbops_monitor_sessions_total", "dbops_monitor_query_latency_p95_ms", "dbops_monitor_backup_age_hours",
                "dbops_monitor_blocks_hit", "dbops_monitor_deadlocks", "dbops_monitor_statements_window_calls");
        assertThat(scrape.names()).filteredOn(n -> n.startsWith("dbops_monitor_"))
                .noneMatch(n -> n.contains("_ms") || n.contains("_hours") || n.contains("percent"));
        assertThat(scrape.typed("gauge")).as("gauges").noneMatch(n -> n.endsWith("_total"));
        assertThat(scrape.typed("counter")).as("counters").isNotEmpty().allMatch(n -> n.endsWith("_total"));
        assertThat(scrape.lines()).filteredOn(l -> l.startsWith("dbops_monitor_rule_value{"))
                .noneMatch(l -> l.contains("unit=\"%\"") || l.contains("unit=\"ms\"") || l.contains("unit=\"h\""));

        // The README's table is what dashboards are built from: every exported name in it, and nothing else.
        Set<String> documented = readmeMetricNames();
        Set<String> exported = new java.util.TreeSet<>(scrape.names());
        exported.removeIf(n -> !n.startsWith("dbops_monitor_"));
        assertThat(documented).as("exported but not in the README's metrics table").containsAll(exported);
        Set<String> onlyOnceSeen = Set.of("dbops_monitor_backup_age_seconds", "dbops_monitor_cache_hit_ratio");
        assertThat(exported).as("in the README's metrics table but not exported")
                .containsAll(documented.stream().filter(n -> !onlyOnceSeen.contains(n)).toList());
    }

    /** The series names in the first column of the README's metrics table. */
    private static Set<String> readmeMetricNames() throws java.io.IOException {
        String readme = java.nio.file.Files.readString(java.nio.file.Path.of("README.md"));
        String section = readme.substring(readme.indexOf("## Metrics"));
        section = section.substring(0, section.indexOf("\n## ", 1));
        Set<String> names = new java.util.TreeSet<>();
        for (String line : section.lines().filter(l -> l.startsWith("| `dbops_monitor_")).toList()) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("dbops_monitor_[a-z0-9_]+")
                    .matcher(line.split("\\|")[1]);
            while (m.find()) {
                names.add(m.group());
            }
        }
        assertThat(names).as("the README's metrics table").isNotEmpty();
        return names;
    }

    private static List<String> values(JsonNode array, String field) {
        List<String> values = new java.util.ArrayList<>();
        array.forEach(node -> values.add(node.path(field).asString()));
        return values;
    }

    private static String backupCompleted(String target, String backupId, Instant completedAt) {
        return "{\"backupId\":\"" + backupId + "\",\"target\":\"" + target + "\",\"reason\":\"scheduled\","
                + "\"sizeBytes\":1024,\"manifestSha256\":\"" + "a".repeat(64) + "\",\"durationMs\":10,"
                + "\"location\":\"file:///tmp/" + backupId + "\",\"completedAt\":\"" + completedAt + "\"}";
    }
}
