package dev.dbops.migration.config;

import org.springframework.stereotype.Component;

/** The effective policy of each target. */
@Component
public class TargetPolicies {

    private final MigrationSettings settings;

    public TargetPolicies(MigrationSettings settings) {
        this.settings = settings;
    }

    public TargetPolicy of(String target) {
        MigrationSettings.Binding binding = settings.targets().get(target);
        return TargetPolicy.of(settings.policy(), binding == null ? null : binding.policy());
    }
}
