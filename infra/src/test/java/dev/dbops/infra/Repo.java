package dev.dbops.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Where the repository is, and the fixed facts about its services the infra checks rely on. */
public final class Repo {

    /** Service module to its base package. */
    public static final Map<String, String> SERVICES = new LinkedHashMap<>();

    /** The root pom's own version: the first {@code <version>} after {@code <artifactId>dbops</artifactId>}. */
    private static final Pattern OWN_VERSION =
            Pattern.compile("<artifactId>dbops</artifactId>\\s*<version>([^<]+)</version>");

    /** Maven's side artifacts, never a service's runnable jar. */
    private static final List<String> SIDE_JARS = List.of("-sources.jar", "-javadoc.jar", "-tests.jar");

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

    /** The project's version, as the root pom names it (the only place that may). */
    public static String version(Path root) {
        Path pom = root.resolve("pom.xml");
        try {
            Matcher m = OWN_VERSION.matcher(Files.readString(pom));
            if (!m.find()) {
                throw new IllegalStateException(pom + " has no <version> after <artifactId>dbops</artifactId>");
            }
            return m.group(1).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A service's packaged Boot jar, {@code <svc>/target/<svc>-<version>.jar}, whatever the version. */
    public static Optional<Path> serviceJar(Path root, String svc) {
        Path target = root.resolve(svc).resolve("target");
        if (!Files.isDirectory(target)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(f -> {
                String name = f.getFileName().toString();
                return name.startsWith(svc + "-") && name.endsWith(".jar") && SIDE_JARS.stream().noneMatch(name::endsWith);
            }).sorted().findFirst();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
