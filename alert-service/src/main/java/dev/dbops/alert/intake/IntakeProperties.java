package dev.dbops.alert.intake;

import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How events become alerts.
 *
 * @param runbookUrlTemplate the runbook link of a rule without its own entry; {@code {rule}} is replaced
 * @param runbooks runbook links per rule (write dotted rule names as {@code "[replication.lag]"})
 * @param resolveTimeout alerts whose source never says they resolved (slow queries) resolve after this
 *        long without a new event, as Alertmanager's resolve_timeout
 */
@ConfigurationProperties("dbops.alert.intake")
public record IntakeProperties(
        @DefaultValue("https://runbooks.example.com/dbops/{rule}") String runbookUrlTemplate,
        @DefaultValue Map<String, String> runbooks, @DefaultValue("30m") Duration resolveTimeout) {

    public String runbookFor(String rule) {
        return runbooks.getOrDefault(rule, runbookUrlTemplate.replace("{rule}", rule));
    }
}
