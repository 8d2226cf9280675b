package dev.dbops.common.target;

import dev.dbops.common.cloudevents.CloudEvent;
import dev.dbops.common.target.TargetProperties.TargetSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The targets this service may act on, validated at startup: every problem is reported with the
 * configuration key that causes it, and no message ever contains a password.
 */
public class TargetRegistry {

    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");

    private final Map<String, Target> targets;

    public TargetRegistry(TargetProperties properties) {
        List<String> problems = new ArrayList<>();
        Map<String, Target> valid = new LinkedHashMap<>();
        properties.targets().forEach((id, settings) -> {
            Target target = validate(id, settings, properties.security().allowedSources(), problems);
            if (target != null) {
                valid.put(id, target);
            }
        });
        if (!problems.isEmpty()) {
            throw new InvalidTargetConfigurationException(problems);
        }
        this.targets = Map.copyOf(valid);
    }

    public Optional<Target> find(String id) {
        return Optional.ofNullable(targets.get(id));
    }

    /** The target, or an {@link UnknownTargetException} that dead-letters the record asking for it. */
    public Target require(String id) {
        Target target = targets.get(id);
        if (target == null) {
            throw new UnknownTargetException(id);
        }
        return target;
    }

    /** The target a request acts on, when it exists and the request's ce_source is allowed for it. */
    public Target authorize(CloudEvent<?> request) {
        Target target = require(request.data().target());
        if (!target.allowsSource(request.source())) {
            throw new SourceNotAllowedException(request.source(), target.id());
        }
        return target;
    }

    public Collection<Target> all() {
        return targets.values();
    }

    /** Replaces every configured password in {@code text}, e.g. a tool's stderr, before it is logged or sent. */
    public String redact(String text) {
        String redacted = text;
        for (Target target : targets.values()) {
            redacted = target.redact(redacted);
        }
        return redacted.replaceAll("(?i)(password=)[^&\\s]+", "$1" + Target.REDACTED);
    }

    private static Target validate(String id, TargetSettings settings, List<String> defaultSources,
            List<String> problems) {
        String key = "dbops.targets." + id;
        int before = problems.size();
        if (!ID.matcher(id).matches()) {
            problems.add(key + ": a target id is 1-63 characters of a-z, 0-9, '-' and '_', starting with a letter or digit");
        }
        String url = settings.url();
        if (url == null || url.isBlank()) {
            problems.add(key + ".url is required (jdbc:postgresql://host:port/database)");
        } else if (!url.startsWith("jdbc:postgresql://") || !url.matches("jdbc:postgresql://[^/?]+/[^/?]+(\\?.*)?")) {
            problems.add(key + ".url must be jdbc:postgresql://host[:port]/database");
        } else if (url.toLowerCase().contains("password=")) {
            problems.add(key + ".url must not carry a password; use " + key + ".password or .password-file");
        }
        if (settings.username() == null || settings.username().isBlank()) {
            problems.add(key + ".username is required");
        }
        String password = settings.password();
        if (password != null && settings.passwordFile() != null) {
            problems.add(key + ": set only one of password and password-file");
        } else if (settings.passwordFile() != null) {
            try {
                password = Files.readString(settings.passwordFile()).strip();
            } catch (IOException e) {
                problems.add(key + ".password-file cannot be read: " + settings.passwordFile());
            }
        }
        if (problems.size() > before) {
            return null;
        }
        List<String> sources = settings.allowedSources() != null ? settings.allowedSources() : defaultSources;
        return new Target(id, url, settings.username(), password, sources);
    }
}
