package dev.dbops.infra;

import static dev.dbops.infra.ComposeChecks.list;
import static dev.dbops.infra.ComposeChecks.loadYaml;
import static dev.dbops.infra.ComposeChecks.map;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Prometheus and Grafana in docker-compose.yml: Prometheus scrapes each service where it serves its
 * metrics (its compose name, its server.port or management port, the actuator's prometheus path), and
 * Grafana is provisioned with that Prometheus and the repository's dashboard, whose panels each query
 * it. Problems are readable sentences; empty means fine.
 */
final class ObservabilityChecks {

    static final String PROMETHEUS = "prometheus";
    static final String GRAFANA = "grafana";
    static final String PROMETHEUS_CONFIG = "/etc/prometheus/prometheus.yml";
    static final String GRAFANA_PROVISIONING = "/etc/grafana/provisioning";
    static final int PROMETHEUS_PORT = 9090;

    private static final Pattern CONFIG_FLAG = Pattern.compile("--config\\.file=(\\S+)");

    private final Path root;
    private final ComposeChecks compose;

    ObservabilityChecks(Path root) {
        this.root = root;
        this.compose = new ComposeChecks(root);
    }

    /** Each service is a scrape target at its own address and metrics path, which it exposes. */
    List<String> scrapeProblems() {
        List<String> problems = new ArrayList<>();
        Map<String, Object> prometheus = compose.service(PROMETHEUS);
        if (prometheus == null) {
            return List.of("docker-compose.yml has no " + PROMETHEUS + " service");
        }
        Path config = mountedFile(prometheus, configPath(prometheus));
        if (config == null) {
            return List.of(PROMETHEUS + " has no configuration mounted from the repository at " + configPath(prometheus));
        }
        Map<String, String> scraped = new LinkedHashMap<>(); // host:port -> metrics path
        for (Object job : list(map(loadYaml(config).get(0)).get("scrape_configs"))) {
            Object path = map(job).getOrDefault("metrics_path", "/metrics");
            for (Object staticConfig : list(map(job).get("static_configs"))) {
                for (Object target : list(map(staticConfig).get("targets"))) {
                    scraped.put(target.toString(), path.toString());
                }
            }
        }
        for (String svc : Repo.SERVICES.keySet()) {
            String address;
            String metricsPath;
            try {
                address = svc + ":" + metricsPort(svc);
                metricsPath = metricsPath(svc);
            } catch (RuntimeException e) {
                problems.add(svc + ": " + e.getMessage());
                continue;
            }
            String path = scraped.get(address);
            if (path == null) {
                problems.add(root.relativize(config) + " does not scrape " + svc + " at " + address + " (targets: "
                        + scraped.keySet() + ")");
            } else if (!path.equals(metricsPath)) {
                problems.add(root.relativize(config) + " scrapes " + address + path + ", but " + svc + " serves its metrics at "
                        + metricsPath);
            }
        }
        return problems;
    }

    /** Grafana gets the Prometheus datasource and the dashboard, both from files that exist and parse. */
    List<String> grafanaProblems() {
        List<String> problems = new ArrayList<>();
        Map<String, Object> grafana = compose.service(GRAFANA);
        if (grafana == null) {
            return List.of("docker-compose.yml has no " + GRAFANA + " service");
        }
        Path provisioning = mountedFile(grafana, GRAFANA_PROVISIONING);
        if (provisioning == null || !Files.isDirectory(provisioning)) {
            return List.of(GRAFANA + " has no provisioning folder mounted from the repository at " + GRAFANA_PROVISIONING);
        }
        Set<String> uids = new LinkedHashSet<>();
        for (Path file : yamlFiles(provisioning.resolve("datasources"))) {
            for (Object ds : list(map(loadYaml(file).get(0)).get("datasources"))) {
                Map<String, Object> datasource = map(ds);
                if ("prometheus".equals(datasource.get("type"))) {
                    uids.add(String.valueOf(datasource.get("uid")));
                    String expected = "http://" + PROMETHEUS + ":" + PROMETHEUS_PORT;
                    if (!expected.equals(String.valueOf(datasource.get("url")))) {
                        problems.add(root.relativize(file) + ": datasource " + datasource.get("name") + " points at "
                                + datasource.get("url") + ", not the compose Prometheus " + expected);
                    }
                }
            }
        }
        if (uids.isEmpty()) {
            problems.add(GRAFANA + " is provisioned with no Prometheus datasource (" + root.relativize(provisioning)
                    + "/datasources)");
        }
        Path dashboard = root.resolve(Dashboard.FILE);
        boolean provided = false;
        for (Path file : yamlFiles(provisioning.resolve("dashboards"))) {
            for (Object p : list(map(loadYaml(file).get(0)).get("providers"))) {
                Path folder = mountedFile(grafana, String.valueOf(map(map(p).get("options")).get("path")));
                provided |= folder != null && folder.equals(dashboard.getParent());
            }
        }
        if (!provided) {
            problems.add(GRAFANA + " has no dashboard provider for the folder of " + Dashboard.FILE);
        }
        if (!Files.isRegularFile(dashboard)) {
            problems.add(Dashboard.FILE + " is missing");
            return problems;
        }
        Dashboard parsed;
        try {
            parsed = Dashboard.read(root);
        } catch (RuntimeException e) {
            problems.add(Dashboard.FILE + " is not JSON: " + e.getMessage());
            return problems;
        }
        problems.addAll(panelProblems(parsed, uids));
        return problems;
    }

    /** Each panel queries something, from a provisioned datasource. */
    static List<String> panelProblems(Dashboard dashboard, Set<String> datasourceUids) {
        List<String> problems = new ArrayList<>();
        if (dashboard.panels().isEmpty()) {
            problems.add(Dashboard.FILE + " has no panel");
        }
        for (Dashboard.Panel panel : dashboard.panels()) {
            if (panel.exprs().isEmpty() || panel.exprs().stream().anyMatch(String::isBlank)) {
                problems.add("panel '" + panel.title() + "' has a query without a PromQL expression, or none");
            } else if (panel.exprs().stream().anyMatch(e -> Dashboard.metricNames(e).isEmpty())) {
                problems.add("panel '" + panel.title() + "' has a query that names no metric");
            }
            for (String uid : panel.datasourceUids()) {
                if (!datasourceUids.contains(uid)) {
                    problems.add("panel '" + panel.title() + "' uses datasource " + uid + ", which is not provisioned "
                            + datasourceUids);
                }
            }
        }
        return problems;
    }

    // ------------------------------------------------------------------- where a service serves metrics

    /** management.server.port when the service sets one, else server.port. */
    int metricsPort(String svc) {
        Object port = managementValues(svc).get("management.server.port");
        return port == null ? compose.serverPort(svc) : Integer.parseInt(port.toString().replaceAll("\\$\\{[^:}]+:([0-9]+)}", "$1"));
    }

    /** The actuator's base path (/actuator unless set) plus /prometheus, once the endpoint is exposed. */
    String metricsPath(String svc) {
        Map<String, Object> values = managementValues(svc);
        Object include = values.get("management.endpoints.web.exposure.include");
        List<String> exposed = include instanceof List<?> l ? l.stream().map(String::valueOf).toList()
                : include == null ? List.of() : List.of(include.toString().replace(" ", "").split(","));
        if (!exposed.contains("prometheus") && !exposed.contains("*")) {
            throw new IllegalStateException("does not expose the prometheus endpoint (management.endpoints.web.exposure.include: "
                    + include + ")");
        }
        Object base = values.getOrDefault("management.endpoints.web.base-path", "/actuator");
        return (base.toString().equals("/") ? "" : base.toString()) + "/prometheus";
    }

    /** The service's settings as Spring sees them: common's shared defaults, then its application.yml's documents. */
    private Map<String, Object> managementValues(String svc) {
        Path yml = root.resolve(svc).resolve("src/main/resources/application.yml");
        Map<String, Object> values = new LinkedHashMap<>();
        if (!Files.isRegularFile(yml)) {
            throw new IllegalStateException(root.relativize(yml) + " is missing");
        }
        Path shared = root.resolve(ComposeChecks.SERVICE_DEFAULTS);
        for (Path file : Files.isRegularFile(shared) ? List.of(shared, yml) : List.of(yml)) {
            for (Object doc : loadYaml(file)) {
                ComposeChecks.flattenValues("", doc, values);
            }
        }
        return values;
    }

    // ------------------------------------------------------------------------------------- compose

    private static String configPath(Map<String, Object> prometheus) {
        Matcher m = CONFIG_FLAG.matcher(String.valueOf(prometheus.get("command")));
        return m.find() ? m.group(1).replaceAll("[\\],]+$", "") : PROMETHEUS_CONFIG;
    }

    /** The repository file or folder bind-mounted at a container path (or at a folder above it); null when none. */
    private Path mountedFile(Map<String, Object> service, String containerPath) {
        for (Map.Entry<String, String> mount : ComposeChecks.mounts(service).entrySet()) {
            String target = mount.getKey();
            if (containerPath.equals(target) || containerPath.startsWith(target + "/")) {
                Path file = root.resolve(mount.getValue()).resolve(containerPath.substring(target.length()).replaceFirst("^/", ""))
                        .normalize();
                return Files.exists(file) ? file : null;
            }
        }
        return null;
    }

    private static List<Path> yamlFiles(Path folder) {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (var files = Files.list(folder)) {
            return files.filter(f -> f.toString().matches(".*\\.ya?ml")).sorted().toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
