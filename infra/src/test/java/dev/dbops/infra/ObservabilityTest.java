package dev.dbops.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard parses and each panel queries a metric; the Prometheus and Grafana checks catch what
 * they should, on a copy of the repository's compose file, observability folder and service configuration.
 */
class ObservabilityTest {

    @TempDir
    Path copy;

    @BeforeEach
    void copyTheRepository() {
        Path root = Repo.root();
        copyFile(root, "docker-compose.yml");
        Repo.SERVICES.keySet().forEach(svc -> copyFile(root, svc + "/src/main/resources/application.yml"));
        copyFile(root, ComposeChecks.SERVICE_DEFAULTS);
        try (Stream<Path> files = Files.walk(root.resolve("infra/observability"))) {
            files.filter(Files::isRegularFile).forEach(f -> copyFile(root, root.relativize(f).toString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void theDashboardParsesAndEachPanelQueriesAMetric() {
        Dashboard dashboard = Dashboard.read(Repo.root());
        assertThat(dashboard.panels()).hasSizeGreaterThan(10);
        assertThat(ObservabilityChecks.panelProblems(dashboard, Set.of("dbops-prometheus"))).isEmpty();
        assertThat(dashboard.metricNames()).contains("kafka_consumer_fetch_manager_records_lag_max", "dbops_outbox_pending");
    }

    @Test
    void theCopyHasNoProblems() {
        ObservabilityChecks checks = new ObservabilityChecks(copy);
        assertThat(checks.scrapeProblems()).isEmpty();
        assertThat(checks.grafanaProblems()).isEmpty();
    }

    @Test
    void aScrapeTargetOffTheServicesPortOrPathIsReported() {
        replace("infra/observability/prometheus.yml", "backup-service:8082", "backup-service:8080");
        append("monitor-service/src/main/resources/application.yml", "management.endpoints.web.base-path: /manage");
        assertThat(new ObservabilityChecks(copy).scrapeProblems()).containsExactlyInAnyOrder(
                "infra/observability/prometheus.yml does not scrape backup-service at backup-service:8082 (targets: "
                        + "[migration-service:8081, backup-service:8080, monitor-service:8083, alert-service:8084])",
                "infra/observability/prometheus.yml scrapes monitor-service:8083/actuator/prometheus, but monitor-service "
                        + "serves its metrics at /manage/prometheus");
    }

    @Test
    void aServiceThatDoesNotExposeTheEndpointIsReported() {
        append("alert-service/src/main/resources/application.yml", "management.endpoints.web.exposure.include: health,info");
        assertThat(new ObservabilityChecks(copy).scrapeProblems()).containsExactly(
                "alert-service: does not expose the prometheus endpoint (management.endpoints.web.exposure.include: health,info)");
    }

    @Test
    void aWrongDatasourceAMissingProviderAndABrokenDashboardAreReported() {
        replace("infra/observability/grafana/provisioning/datasources/prometheus.yml", "http://prometheus:9090",
                "http://localhost:9090");
        replace("infra/observability/grafana/provisioning/dashboards/dbops.yml", "/var/lib/grafana/dashboards/dbops",
                "/var/lib/grafana/elsewhere");
        write(Dashboard.FILE, "{\"panels\": [");
        assertThat(new ObservabilityChecks(copy).grafanaProblems())
                .hasSize(3)
                .contains("infra/observability/grafana/provisioning/datasources/prometheus.yml: datasource Prometheus "
                        + "points at http://localhost:9090, not the compose Prometheus http://prometheus:9090",
                        "grafana has no dashboard provider for the folder of " + Dashboard.FILE)
                .anyMatch(p -> p.startsWith(Dashboard.FILE + " is not JSON"));
    }

    @Test
    void aPanelWithoutAQueryOrOnAnUnknownDatasourceIsReported() {
        Dashboard dashboard = Dashboard.parse("""
                {"panels": [
                  {"type": "row", "title": "r", "panels": [
                    {"type": "timeseries", "title": "no query", "targets": []}]},
                  {"type": "stat", "title": "elsewhere", "datasource": {"uid": "other"},
                   "targets": [{"expr": "sum(rate(x_total[5m]))"}]},
                  {"type": "stat", "title": "a number", "targets": [{"expr": "1 + 1"}]}
                ]}""");
        assertThat(ObservabilityChecks.panelProblems(dashboard, Set.of("dbops-prometheus"))).containsExactly(
                "panel 'no query' has a query without a PromQL expression, or none",
                "panel 'elsewhere' uses datasource other, which is not provisioned [dbops-prometheus]",
                "panel 'a number' has a query that names no metric");
    }

    @Test
    void metricNamesLeaveOutFunctionsLabelsDurationsAndVariables() {
        assertThat(Dashboard.metricNames("sum by (job, topic) (increase(kafka_producer_topic_record_send_total"
                + "{job=~\"$service\", topic=~\".*-dlt\"}[$__rate_interval]))"))
                .containsExactly("kafka_producer_topic_record_send_total");
        assertThat(Dashboard.metricNames("a_sum / on (target) group_left (rule) b_count > 0 offset 5m"))
                .containsExactly("a_sum", "b_count");
        assertThat(Dashboard.metricNames("max(dbops_alert_x_seconds) or vector(0)")).containsExactly("dbops_alert_x_seconds");
        assertThat(Dashboard.metricNames("histogram_quantile(0.99, sum by (le) (rate(h_bucket{le!=\"+Inf\"}[1m])))"))
                .containsExactly("h_bucket");
    }

    private void copyFile(Path root, String path) {
        try {
            Path to = copy.resolve(path);
            Files.createDirectories(to.getParent());
            Files.copy(root.resolve(path), to);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void write(String path, String content) {
        try {
            Files.writeString(copy.resolve(path), content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One more YAML document at the end of a service's application.yml: it wins, as in Spring. */
    private void append(String path, String setting) {
        write(path, ComposeChecks.read(copy.resolve(path)) + "\n---\n" + setting + "\n");
    }

    private void replace(String path, String from, String to) {
        String content = ComposeChecks.read(copy.resolve(path));
        assertThat(content).as(path).contains(from);
        write(path, content.replace(from, to));
    }
}
