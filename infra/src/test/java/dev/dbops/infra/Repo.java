package dev.dbops.infra;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Where the repository is, and the fixed facts about its services the infra checks rely on. */
public final class Repo {

    /** Service module to its base package. */
    public static final Map<String, String> SERVICES = new LinkedHashMap<>();

    static {
        SERVICES.put("migration-service", "dev.dbops.migration");
        SERVICES.put("backup-service", "dev.dbops.backup");
        SERVICES.put("monitor-service", "dev.dbops.monitor");
        SERVICES.put("alert-service", "dev.dbops.alert");
    }

    private Repo() {
    }

    /** The repository root: the parent of the infra module (surefire runs tests in the module directory). */
    public static Path root() {
        Path module = Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath();
        Path root = module.getParent();
        if (root == null || !Files.isRegularFile(root.resolve("infra/pom.xml"))) {
            throw new IllegalStateException("cannot find the repository root from " + module);
        }
        return root;
    }
}
