package dev.dbops.infra.system;

import static dev.dbops.infra.system.DbopsSystemIT.SAGA;
import static dev.dbops.infra.system.DbopsSystemIT.SOON;
import static dev.dbops.infra.system.DbopsSystemIT.awaitDelivery;
import static dev.dbops.infra.system.EventLog.about;
import static dev.dbops.infra.system.EventLog.request;
import static dev.dbops.infra.system.Producer.BACKUP_REQUESTS;
import static dev.dbops.infra.system.Producer.MONITOR_EVENTS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dbops.infra.Dashboard;
import dev.dbops.infra.system.EventLog.Event;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Every metric the Grafana dashboard queries is exported by a running service. First the traffic that
 * makes each meter appear (a migration with its backup, a restore, a dead letter, a slow query, a page),
 * then each service's /actuator/prometheus, scraped without the REST token as Prometheus does, until
 * every name the dashboard's PromQL names is among the samples (gauges of a poll appear with the poll).
 */
final class DashboardMetrics {

    static final String TARGET = "metrics";
    private static final String PATH = "/actuator/prometheus";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final Stack stack;

    DashboardMetrics(Stack stack) {
        this.stack = stack;
    }

    void run() {
        makeTraffic();
        Set<String> queried = Dashboard.read(stack.root).metricNames();
        Map<String, Set<String>> exported = new TreeMap<>();
        Set<String> missing = new TreeSet<>(queried);
        Instant deadline = Instant.now().plus(SOON);
        while (!missing.isEmpty() && Instant.now().isBefore(deadline)) {
            for (String svc : Stack.SERVICES) {
                exported.put(svc, sampleNames(scrape(stack.get(svc + "-a"))));
            }
            missing.removeIf(name -> exported.values().stream().anyMatch(names -> names.contains(name)));
            Stacks.sleep(2000);
        }
        System.out.printf("SYSTEST dashboard-metrics queried=%d missing=%d%n", queried.size(), missing.size());
        assertThat(missing).as("metrics the dashboard (%s) queries that no service exports; each service's dbops_ "
                + "metrics: %s", Dashboard.FILE, dbopsNames(exported)).isEmpty();
    }

    private void makeTraffic() {
        String migration = stack.producer.requestMigration(TARGET, null, true);
        stack.log.awaitOne("MigrationCompleted " + migration, SAGA, request("MigrationCompleted", migration));
        Event backup = stack.log.awaitOne("BackupCompleted before " + migration, SOON,
                e -> e.is("BackupCompleted") && migration.equals(e.headers().get("ce_correlationid")));
        String restore = stack.producer.requestRestore(TARGET, backup.field("backupId"), stack.database(TARGET) + "_restored");
        stack.producer.sendRaw(BACKUP_REQUESTS, TARGET, "BackupRequested", "not JSON: a dead letter for the dashboard");
        stack.producer.send(MONITOR_EVENTS, TARGET, "ThresholdBreached", """
                {"target":"%s","rule":"systest.dashboard","severity":"critical","value":1,"threshold":0,"unit":"x",\
                "since":"%s","details":{}}""".formatted(TARGET, Instant.now()));
        // slow statements, and enough block reads in one poll window for a cache hit ratio
        stack.server(TARGET).execute(stack.database(TARGET), "SELECT pg_sleep(0.7)", "SELECT pg_sleep(0.7)",
                "CREATE TABLE dashboard_blocks AS SELECT g FROM generate_series(1, 200000) g",
                "SELECT count(*) FROM dashboard_blocks", "SELECT count(*) FROM dashboard_blocks");
        stack.log.awaitOne("RestoreCompleted " + restore, SAGA, request("RestoreCompleted", restore));
        stack.log.awaitOne("SlowQueryDetected for " + TARGET, SOON, about(TARGET).and(e -> e.is("SlowQueryDetected")));
        awaitDelivery(stack.pagerDuty, "trigger " + TARGET + "/systest.dashboard");
    }

    /** The scrape as Prometheus does it: no token. */
    private static String scrape(ServiceProcess service) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(service.url(PATH)))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as("%s %s without the token", service.name(), PATH).isEqualTo(200);
            return response.body();
        } catch (IOException e) {
            throw new IllegalStateException(service.name() + " does not answer " + PATH, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The sample names of a Prometheus text exposition. */
    static Set<String> sampleNames(String exposition) {
        Set<String> names = new TreeSet<>();
        for (String line : exposition.split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                names.add(line.split("[{ ]", 2)[0]);
            }
        }
        return names;
    }

    private static Map<String, Set<String>> dbopsNames(Map<String, Set<String>> exported) {
        Map<String, Set<String>> names = new TreeMap<>();
        exported.forEach((svc, all) -> names.put(svc, new TreeSet<>(all.stream().filter(n -> n.startsWith("dbops_")).toList())));
        return names;
    }
}
