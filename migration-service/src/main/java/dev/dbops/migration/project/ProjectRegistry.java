package dev.dbops.migration.project;

import dev.dbops.common.target.TargetRegistry;
import dev.dbops.migration.config.MigrationSettings;
import dev.dbops.migration.config.MigrationSettings.Binding;
import dev.dbops.migration.config.TargetPolicy;
import dev.dbops.migration.config.TargetPolicies;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * The migration project bound to each target ({@code dbops.migration.targets.<id>.project}), checked at
 * startup. A .zip or .jar is unpacked into a private directory, again whenever the file changes.
 */
@Component
public class ProjectRegistry {

    private final Map<String, Binding> bindings;
    private final TargetPolicies policies;
    private final Map<String, Unpacked> unpacked = new ConcurrentHashMap<>();

    public ProjectRegistry(MigrationSettings settings, TargetRegistry targets, TargetPolicies policies) {
        this.bindings = settings.targets();
        this.policies = policies;
        List<String> problems = new ArrayList<>();
        bindings.forEach((id, binding) -> {
            String key = "dbops.migration.targets." + id;
            if (targets.find(id).isEmpty()) {
                problems.add(key + ": no target '" + id + "' is registered under dbops.targets");
            }
            if (binding.project() == null || binding.project().isBlank()) {
                problems.add(key + ".project is required (a directory, .zip or .jar in Flyway's layout)");
            } else if (!Files.exists(Path.of(binding.project()))) {
                problems.add(key + ".project: " + binding.project() + " does not exist");
            }
        });
        if (!problems.isEmpty()) {
            throw new IllegalStateException("invalid migration project bindings:\n  - " + String.join("\n  - ", problems));
        }
    }

    /** The project bound to {@code target}, if any. */
    public Optional<MigrationProject> project(String target) {
        Binding binding = bindings.get(target);
        if (binding == null) {
            return Optional.empty();
        }
        Path path = Path.of(binding.project()).toAbsolutePath();
        if (Files.isDirectory(path)) {
            return Optional.of(new MigrationProject(target, path, binding.project()));
        }
        return Optional.of(new MigrationProject(target, unpack(target, path), binding.project()));
    }

    public TargetPolicy policy(String target) {
        return policies.of(target);
    }

    private Path unpack(String target, Path archive) {
        try {
            long stamp = Files.getLastModifiedTime(archive).toMillis() ^ Files.size(archive);
            Unpacked current = unpacked.get(target);
            if (current != null && current.stamp == stamp) {
                return current.dir;
            }
            Path dir = ProjectArchive.unpack(archive, "dbops-project-" + target + "-");
            unpacked.put(target, new Unpacked(stamp, dir));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack migration project " + archive + " of target " + target, e);
        }
    }

    private record Unpacked(long stamp, Path dir) {
    }
}
