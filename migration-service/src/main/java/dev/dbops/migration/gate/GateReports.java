package dev.dbops.migration.gate;

import dev.dbops.common.cloudevents.EventCodec;
import dev.dbops.common.event.MigrationPlanned.Finding;
import dev.dbops.common.event.Severity;
import dev.dbops.migration.plan.Plan;
import dev.dbops.migration.project.Step;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A plan as the gate prints it: text for people, JSON for scripts, SARIF 2.1.0 for code-scanning views. */
final class GateReports {

    static final String SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";

    private GateReports() {
    }

    static String text(Plan plan) {
        StringBuilder out = new StringBuilder();
        out.append("dbops gate: ").append(plan.steps().size()).append(" pending step(s) from version ")
                .append(plan.currentVersion() == null ? "(none)" : plan.currentVersion()).append(" to ")
                .append(plan.targetVersion() == null ? "(none)" : plan.targetVersion()).append('\n');
        for (Step step : plan.steps()) {
            out.append("  ").append(step.label()).append(step.transactional() ? "" : " (non-transactional)").append('\n');
        }
        for (Finding f : plan.findings()) {
            out.append(f.blocking() ? "BLOCKING " : "         ").append(f.severity().name().toLowerCase())
                    .append(' ').append(f.ruleId()).append(' ').append(location(f)).append(": ").append(f.message())
                    .append(f.evidence() == null ? "" : " [" + f.evidence().name().toLowerCase() + "]").append('\n')
                    .append("           safe: ").append(f.safeAlternative()).append('\n');
        }
        long blocking = plan.blockingFindings().size();
        out.append(plan.findings().size()).append(" finding(s), ").append(blocking).append(" blocking: ")
                .append(plan.blocked() ? "BLOCKED" : "passes").append('\n');
        return out.toString();
    }

    static String json(Plan plan) {
        return EventCodec.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(plan);
    }

    /** @param uriPrefix what locations are relative to: the project folder as given, so that they resolve in the repository */
    static String sarif(Plan plan, String uriPrefix) {
        Map<String, Map<String, Object>> rules = new LinkedHashMap<>();
        List<Map<String, Object>> results = new ArrayList<>();
        for (Finding f : plan.findings()) {
            rules.putIfAbsent(f.ruleId(), Map.of("id", f.ruleId(), "shortDescription", Map.of("text", f.ruleId()),
                    "help", Map.of("text", f.safeAlternative())));
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("ruleId", f.ruleId());
            result.put("level", f.blocking() ? "error" : f.severity() == Severity.INFO ? "note" : "warning");
            result.put("message", Map.of("text", f.message() + " Safe alternative: " + f.safeAlternative()));
            if (f.script() != null && !f.script().isEmpty()) {
                Map<String, Object> physical = new LinkedHashMap<>();
                physical.put("artifactLocation", Map.of("uri", uriPrefix + f.script()));
                if (f.line() > 0) {
                    physical.put("region", Map.of("startLine", f.line()));
                }
                result.put("locations", List.of(Map.of("physicalLocation", physical)));
            }
            result.put("properties", Map.of("severity", f.severity().name().toLowerCase(), "blocking", f.blocking(),
                    "evidence", f.evidence() == null ? "static" : f.evidence().name().toLowerCase()));
            results.add(result);
        }
        Map<String, Object> driver = Map.of("name", "dbops", "informationUri", "https://dbops.dev",
                "rules", List.copyOf(rules.values()));
        Map<String, Object> log = new LinkedHashMap<>();
        log.put("$schema", SARIF_SCHEMA);
        log.put("version", "2.1.0");
        log.put("runs", List.of(Map.of("tool", Map.of("driver", driver), "results", results)));
        return EventCodec.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(log);
    }

    private static String location(Finding f) {
        String script = f.script() == null || f.script().isEmpty() ? "(plan)" : f.script();
        return f.line() > 0 ? script + ":" + f.line() : script;
    }
}
