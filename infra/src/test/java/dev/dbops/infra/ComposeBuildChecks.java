package dev.dbops.infra;

import static dev.dbops.infra.ComposeChecks.environment;
import static dev.dbops.infra.ComposeChecks.map;
import static dev.dbops.infra.ComposeChecks.read;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What docker-compose.yml runs: the services' one Dockerfile (the service a build argument, a layered
 * jar, the PostgreSQL 15 client), pinned images agreeing with the local stack's versions, and the
 * local stack's configuration and demo migration project mounted, with container addresses for the
 * targets it names. Problems are readable sentences; empty means fine.
 */
final class ComposeBuildChecks {

    static final String DOCKERFILE = "Dockerfile";
    static final String LOCAL_CONFIG = "infra/local/dbops-local.yml";
    static final String DEMO_PROJECT = "infra/local/demo-migrations";
    static final String KAFKA_POM = "infra/local/kafka/pom.xml";

    private static final Pattern ARG = Pattern.compile("(?m)^ARG\\s+([A-Za-z_][A-Za-z0-9_]*)(?:=(\\S+))?");
    private static final Pattern FROM = Pattern.compile("(?m)^FROM\\s+(\\S+)(?:\\s+AS\\s+(\\S+))?", Pattern.CASE_INSENSITIVE);
    private static final Pattern KAFKA_VERSION = Pattern.compile("<kafka\\.version>([^<]+)</kafka\\.version>");
    private static final Pattern LOOPBACK_URL = Pattern.compile("//(127\\.0\\.0\\.1|localhost)[:/]");

    private final Path root;
    private final ComposeChecks compose;

    ComposeBuildChecks(Path root) {
        this.root = root;
        this.compose = new ComposeChecks(root);
    }

    /** Each service built from ./Dockerfile with SERVICE and PORT; the Dockerfile copies that jar in layers. */
    List<String> dockerfileProblems() {
        List<String> problems = new ArrayList<>();
        Path dockerfile = root.resolve(DOCKERFILE);
        if (!Files.isRegularFile(dockerfile)) {
            return List.of("./" + DOCKERFILE + " is missing");
        }
        String text = read(dockerfile);
        if (!text.contains("COPY ${SERVICE}/target/${SERVICE}-*.jar")) {
            problems.add(DOCKERFILE + " does not copy ${SERVICE}/target/${SERVICE}-*.jar (the version is the poms' alone)");
        }
        if (!text.contains("-Djarmode=tools") || !text.contains("extract --layers")) {
            problems.add(DOCKERFILE + " does not split the jar into layers (java -Djarmode=tools -jar ... extract --layers)");
        }
        if (!Pattern.compile("(?m)^EXPOSE\\s+\\$\\{PORT}").matcher(text).find()) {
            problems.add(DOCKERFILE + " does not EXPOSE ${PORT}");
        }
        if (!text.contains("postgresql-client-15")) {
            problems.add(DOCKERFILE + " does not install postgresql-client-15 (pg_dump, pg_restore, psql of the targets' major version)");
        }
        for (String svc : Repo.SERVICES.keySet()) {
            Map<String, Object> service = compose.service(svc);
            if (service == null) {
                problems.add("docker-compose.yml has no service " + svc);
                continue;
            }
            Object build = service.get("build");
            Map<String, Object> b = map(build);
            Object context = b.get("context");
            Object file = b.getOrDefault("dockerfile", DOCKERFILE);
            if (context == null || !root.resolve(context.toString()).normalize().equals(root.normalize())
                    || !DOCKERFILE.equals(file.toString())) {
                problems.add(svc + " is not built from ./" + DOCKERFILE + " in the repository root (build: " + build + ")");
                continue;
            }
            Map<String, Object> args = ComposeChecks.keyValues(b.get("args"));
            if (!svc.equals(String.valueOf(args.get("SERVICE")))) {
                problems.add(svc + " is built with SERVICE=" + args.get("SERVICE"));
            }
            try {
                String port = String.valueOf(compose.serverPort(svc));
                if (!port.equals(String.valueOf(args.get("PORT")))) {
                    problems.add(svc + " is built with PORT=" + args.get("PORT") + " but listens on " + port);
                }
            } catch (RuntimeException e) {
                problems.add(svc + ": " + e.getMessage());
            }
        }
        return problems;
    }

    /** Every image pinned to a version; Kafka the local stack's version, PostgreSQL 15, Kafka UI kafbat's. */
    List<String> imageProblems() {
        List<String> problems = new ArrayList<>();
        Map<String, String> images = new LinkedHashMap<>();
        compose.services().forEach((name, service) -> {
            Object image = map(service).get("image");
            if (image != null) {
                images.put(name, image.toString());
            }
        });
        Path dockerfile = root.resolve(DOCKERFILE);
        if (Files.isRegularFile(dockerfile)) {
            images.putAll(dockerfileImages(read(dockerfile)));
        }
        images.forEach((where, image) -> {
            if (!pinned(image)) {
                problems.add(where + " uses " + image + ", not pinned to a version");
            }
        });
        String kafkaVersion = kafkaVersion();
        for (String name : List.of("kafka", ComposeChecks.TOPIC_INIT)) {
            String image = images.get(name);
            if (kafkaVersion == null) {
                problems.add(KAFKA_POM + " sets no kafka.version");
                break;
            }
            if (image == null || !image.equals("apache/kafka:" + kafkaVersion)) {
                problems.add(name + " runs " + image + ", not apache/kafka:" + kafkaVersion + " (the local stack's broker, "
                        + KAFKA_POM + ")");
            }
        }
        for (String name : List.of("postgres", "db-init")) {
            String image = images.get(name);
            if (image == null || !image.matches("postgres:15(\\.[0-9]+)?(-.*)?")) {
                problems.add(name + " runs " + image + ", not PostgreSQL 15 (the local stack's and the tools' major version)");
            }
        }
        String ui = images.get("kafka-ui");
        if (ui == null || !ui.matches("(ghcr\\.io/)?kafbat/kafka-ui:.*")) {
            problems.add("kafka-ui runs " + ui + ", not kafbat/kafka-ui (provectus' image is unmaintained)");
        }
        return problems;
    }

    /**
     * Every service reads infra/local/dbops-local.yml (mounted, named by SPRING_CONFIG_ADDITIONALLOCATION)
     * and is given a container address for each target that file points at 127.0.0.1; migration-service
     * has the demo's migration project mounted where DBOPS_DEMO_MIGRATIONS says.
     */
    List<String> localConfigProblems() {
        List<String> problems = new ArrayList<>();
        Path localConfig = root.resolve(LOCAL_CONFIG).normalize();
        for (String svc : Repo.SERVICES.keySet()) {
            Map<String, Object> service = compose.service(svc);
            if (service == null) {
                problems.add("docker-compose.yml has no service " + svc);
                continue;
            }
            if (!compose.mountedConfigFiles(service).containsValue(localConfig)) {
                problems.add(svc + " does not read " + LOCAL_CONFIG + " (mounted, and named by SPRING_CONFIG_ADDITIONALLOCATION)");
                continue;
            }
            Map<String, Object> env = environment(service);
            Map<String, Object> targets = map(map(map(ComposeChecks.loadYaml(localConfig).get(0)).get("dbops")).get("targets"));
            targets.forEach((id, target) -> {
                Object url = map(target).get("url");
                String key = ComposeChecks.envForm("dbops.targets." + id + ".url");
                if (url != null && LOOPBACK_URL.matcher(url.toString()).find()
                        && (env.get(key) == null || LOOPBACK_URL.matcher(env.get(key).toString()).find())) {
                    problems.add(svc + " is not given " + key + ": target " + id + " would be " + url
                            + ", the container itself");
                }
            });
        }
        Map<String, Object> migration = compose.service("migration-service");
        if (migration != null) {
            Object project = environment(migration).get("DBOPS_DEMO_MIGRATIONS");
            String source = project == null ? null : ComposeChecks.mounts(migration).get(project.toString());
            if (source == null || !root.resolve(source).normalize().equals(root.resolve(DEMO_PROJECT).normalize())) {
                problems.add("migration-service does not have " + DEMO_PROJECT + " mounted where DBOPS_DEMO_MIGRATIONS ("
                        + project + ") says");
            }
        }
        return problems;
    }

    /** An image reference with a tag naming at least a major and a minor version, or a digest. */
    static boolean pinned(String image) {
        if (image.contains("@sha256:")) {
            return true;
        }
        int slash = image.lastIndexOf('/');
        int colon = image.lastIndexOf(':');
        if (colon < slash + 1) {
            return false;
        }
        // a major version alone (postgres:15) moves with every minor release
        return image.substring(colon + 1).matches("v?[0-9]+\\.[0-9]+.*");
    }

    /** The base images of the Dockerfile's stages ("Dockerfile FROM #n"), ARG defaults filled in, stage names left out. */
    static Map<String, String> dockerfileImages(String text) {
        Map<String, String> defaults = new LinkedHashMap<>();
        Matcher arg = ARG.matcher(text);
        while (arg.find()) {
            if (arg.group(2) != null) {
                defaults.putIfAbsent(arg.group(1), arg.group(2));
            }
        }
        Map<String, String> images = new LinkedHashMap<>();
        List<String> stages = new ArrayList<>();
        Matcher from = FROM.matcher(text);
        for (int n = 1; from.find(); n++) {
            String image = from.group(1);
            for (Map.Entry<String, String> d : defaults.entrySet()) {
                image = image.replace("${" + d.getKey() + "}", d.getValue());
            }
            if (!stages.contains(image)) {
                images.put(DOCKERFILE + " FROM #" + n, image);
            }
            if (from.group(2) != null) {
                stages.add(from.group(2));
            }
        }
        return images;
    }

    private String kafkaVersion() {
        Path pom = root.resolve(KAFKA_POM);
        if (!Files.isRegularFile(pom)) {
            return null;
        }
        Matcher m = KAFKA_VERSION.matcher(read(pom));
        return m.find() ? m.group(1).trim() : null;
    }
}
