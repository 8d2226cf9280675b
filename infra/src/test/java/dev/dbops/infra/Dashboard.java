package dev.dbops.infra;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The Grafana dashboard in the repository, as its panels and the metrics their PromQL queries name. The
 * dashboard is the one place that names the metrics it shows: the system test checks each is exported.
 */
public final class Dashboard {

    public static final String FILE = "infra/observability/grafana/dashboards/dbops.json";

    /** A panel and the PromQL expressions of its queries. */
    public record Panel(String title, String type, List<String> exprs, List<String> datasourceUids) {
    }

    private static final Set<String> KEYWORDS = Set.of("by", "without", "on", "ignoring", "group_left", "group_right",
            "bool", "offset", "and", "or", "unless", "inf", "nan");
    private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'");
    private static final Pattern GROUPING = Pattern.compile(
            "\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
    private static final Pattern IDENTIFIER = Pattern.compile("(?<![\\w$:.])([a-zA-Z_:][a-zA-Z0-9_:]*)(?![\\w:])(\\s*\\()?");

    private final List<Panel> panels;

    private Dashboard(List<Panel> panels) {
        this.panels = panels;
    }

    /** The repository's dashboard; fails when it is missing or not JSON. */
    public static Dashboard read(Path root) {
        try {
            return parse(Files.readString(root.resolve(FILE)));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static Dashboard parse(String json) {
        JsonNode dashboard = new ObjectMapper().readTree(json);
        List<Panel> panels = new ArrayList<>();
        collect(dashboard.path("panels"), panels);
        return new Dashboard(panels);
    }

    private static void collect(JsonNode nodes, List<Panel> into) {
        for (JsonNode node : nodes) {
            String type = node.path("type").asString("");
            if (type.equals("row")) {
                collect(node.path("panels"), into); // a collapsed row keeps its panels inside
                continue;
            }
            List<String> exprs = new ArrayList<>();
            List<String> uids = new ArrayList<>();
            uids.add(node.path("datasource").path("uid").asString(""));
            for (JsonNode target : node.path("targets")) {
                exprs.add(target.path("expr").asString(""));
                uids.add(target.path("datasource").path("uid").asString(""));
            }
            into.add(new Panel(node.path("title").asString(""), type, exprs,
                    uids.stream().filter(u -> !u.isEmpty()).toList()));
        }
    }

    public List<Panel> panels() {
        return panels;
    }

    /** Every metric any panel queries. */
    public Set<String> metricNames() {
        Set<String> names = new TreeSet<>();
        panels.forEach(p -> p.exprs().forEach(e -> names.addAll(metricNames(e))));
        return names;
    }

    /**
     * The metric names of a PromQL expression: its identifiers that are not functions, keywords, label
     * names (in braces or a by/on clause), label values, durations or Grafana variables.
     */
    static Set<String> metricNames(String expr) {
        String s = STRING.matcher(expr).replaceAll("\"\"");
        s = s.replaceAll("\\{[^}]*}", " ").replaceAll("\\[[^]]*]", " ");
        s = GROUPING.matcher(s).replaceAll(" ");
        Set<String> names = new TreeSet<>();
        Matcher m = IDENTIFIER.matcher(s);
        while (m.find()) {
            String name = m.group(1);
            boolean function = m.group(2) != null;
            if (!function && !KEYWORDS.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                names.add(name);
            }
        }
        return names;
    }
}
