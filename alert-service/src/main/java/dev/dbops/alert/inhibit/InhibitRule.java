package dev.dbops.alert.inhibit;

import dev.dbops.alert.config.AlertSettings;
import dev.dbops.alert.model.Alert;
import dev.dbops.alert.model.Matcher;
import java.util.List;

/**
 * Alertmanager's inhibit rule: a firing alert matching {@code source} mutes the alerts matching
 * {@code target} that carry the same values of the {@code equal} labels. An alert never inhibits itself.
 */
public record InhibitRule(List<Matcher> source, List<Matcher> target, List<String> equal) {

    public InhibitRule {
        source = List.copyOf(source);
        target = List.copyOf(target);
        equal = List.copyOf(equal);
    }

    /** The rules configured under {@code dbops.alert.inhibition.rules}. */
    public static List<InhibitRule> configured(AlertSettings.Inhibition inhibition) {
        return inhibition.rules().stream().map(r -> new InhibitRule(r.sourceMatchers().stream().map(Matcher::parse)
                .toList(), r.targetMatchers().stream().map(Matcher::parse).toList(), r.equal())).toList();
    }

    public boolean inhibits(Alert source, Alert target) {
        return source.firing() && !source.fingerprint().equals(target.fingerprint())
                && Matcher.all(this.source, source.labels()) && Matcher.all(this.target, target.labels())
                && equal.stream().allMatch(name -> source.labels().get(name).equals(target.labels().get(name)));
    }

    /** Whether any of {@code firing} inhibits {@code alert} under any of {@code rules}. */
    public static boolean inhibited(Alert alert, List<InhibitRule> rules, List<Alert> firing) {
        for (InhibitRule rule : rules) {
            if (!Matcher.all(rule.target, alert.labels())) {
                continue;
            }
            for (Alert source : firing) {
                if (rule.inhibits(source, alert)) {
                    return true;
                }
            }
        }
        return false;
    }
}
