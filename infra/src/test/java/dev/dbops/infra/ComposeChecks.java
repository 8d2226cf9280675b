package dev.dbops.infra;

import com.jayway.jsonpath.JsonPath;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Checks docker-compose.yml against what the services actually read and what docs/asyncapi.yaml
 * documents. Every check returns readable problems (empty: fine), so the same code runs on the
 * repository and on fixtures.
 */
final class ComposeChecks {

    /** Environment keys every dbops service must be given (the conventions). */
    static final List<String> BASE_KEYS = List.of("KAFKA_BOOTSTRAP_SERVERS", "DBOPS_DB_URL", "DBOPS_DB_USERNAME",
            "DBOPS_DB_PASSWORD", "DBOPS_API_TOKEN");

    /** Environment keys alert-service must be given on top of {@link #BASE_KEYS}. */
    static final List<String> ALERT_KEYS = List.of("DBOPS_SLACK_WEBHOOK_URL", "DBOPS_PAGERDUTY_ROUTING_KEY",
            "DBOPS_PAGERDUTY_EVENTS_URL", "DBOPS_SMTP_HOST", "DBOPS_SMTP_PORT", "DBOPS_ALERT_EXTERNAL_URL");

    /** Properties every service reads through common's configuration, whatever its own yml says. */
    static final List<String> CONVENTION_PROPERTIES = List.of("dbops.security.allowed-sources");

    /** dbops.targets.&lt;id&gt;.url|username|password|password-file|allowed-sources, relaxed (env) form. */
    static final Pattern TARGET_KEY =
            Pattern.compile("DBOPS_TARGETS_[A-Z0-9]+_(URL|USERNAME|PASSWORD|PASSWORDFILE|ALLOWEDSOURCES(_[0-9]+)?)");

    static final String TOPIC_INIT = "topic-init";
    /** What every service configures alike, in common (ServiceDefaults), with the lowest precedence. */
    static final String SERVICE_DEFAULTS = "common/src/main/resources/dbops-service-defaults.yml";

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_.\\-]*)");
    private static final Pattern PORT_DEFAULT = Pattern.compile("\\$\\{[^:}]+:([0-9]+)}");

    private final Path root;
    private final Map<String, Object> compose;

    ComposeChecks(Path root) {
        this.root = root;
        this.compose = map(loadYaml(root.resolve("docker-compose.yml")).get(0));
    }

    // ------------------------------------------------------------------------------ checks

    /** Each service publishes server.port on the same host port. */
    List<String> portProblems() {
        List<String> problems = new ArrayList<>();
        for (String svc : Repo.SERVICES.keySet()) {
            Map<String, Object> service = service(svc);
            if (service == null) {
                problems.add("docker-compose.yml has no service " + svc);
                continue;
            }
            int port;
            try {
                port = serverPort(svc);
            } catch (RuntimeException e) {
                problems.add(svc + ": " + e.getMessage());
                continue;
            }
            List<int[]> mappings = new ArrayList<>();
            for (Object entry : list(service.get("ports"))) {
                int[] mapping = parsePort(entry);
                if (mapping != null) {
                    mappings.add(mapping);
                }
            }
            if (mappings.stream().noneMatch(m -> m[1] == port)) {
                problems.add(svc + ": no port mapping to its server.port " + port + " (ports: "
                        + service.get("ports") + ")");
            }
            for (int[] m : mappings) {
                if (m[1] == port && m[0] != port) {
                    problems.add(svc + ": server.port " + port + " is published on host port " + m[0]);
                }
                if (m[1] != port) {
                    problems.add(svc + ": maps container port " + m[1] + " but the service listens on " + port);
                }
            }
        }
        return problems;
    }

    /** Every environment key given to a dbops service is one that service reads. */
    List<String> unknownEnvProblems() {
        List<String> problems = new ArrayList<>();
        for (String svc : Repo.SERVICES.keySet()) {
            Map<String, Object> service = service(svc);
            if (service == null) {
                problems.add("docker-compose.yml has no service " + svc);
                continue;
            }
            Readable readable = readable(svc);
            for (String key : environment(service).keySet()) {
                if (!readable.reads(key)) {
                    problems.add(svc + " is given " + key + " but reads no such key (no ${" + key
                            + "} placeholder in its application*.yml, no property with that relaxed name)");
                }
            }
        }
        return problems;
    }

    /** The conventional keys are given to every service (and alert-service's receivers to it). */
    List<String> missingEnvProblems() {
        List<String> problems = new ArrayList<>();
        for (String svc : Repo.SERVICES.keySet()) {
            Map<String, Object> service = service(svc);
            if (service == null) {
                problems.add("docker-compose.yml has no service " + svc);
                continue;
            }
            Set<String> given = environment(service).keySet();
            List<String> required = new ArrayList<>(BASE_KEYS);
            if (svc.equals("alert-service")) {
                required.addAll(ALERT_KEYS);
            }
            for (String key : required) {
                if (!given.contains(key)) {
                    problems.add(svc + " is not given " + key);
                }
            }
        }
        return problems;
    }

    /** The init container creates exactly the AsyncAPI channels' topics and their -dlt topics. */
    List<String> topicProblems() {
        List<String> problems = new ArrayList<>();
        Path asyncapi = root.resolve("docs/asyncapi.yaml");
        if (!Files.isRegularFile(asyncapi)) {
            return List.of("docs/asyncapi.yaml is missing");
        }
        Set<String> documented = new TreeSet<>();
        Map<String, Object> channels = map(map(loadYaml(asyncapi).get(0)).get("channels"));
        channels.forEach((name, channel) -> {
            Object address = map(channel).get("address");
            if (address == null) {
                problems.add("docs/asyncapi.yaml: channel " + name + " has no address");
            } else {
                documented.add(address.toString());
            }
        });
        if (documented.isEmpty()) {
            problems.add("docs/asyncapi.yaml documents no channel");
        }
        Set<String> expected = new TreeSet<>(documented);
        for (String topic : documented) {
            if (!topic.endsWith("-dlt")) {
                expected.add(topic + "-dlt");
            }
        }
        Map<String, Object> init = service(TOPIC_INIT);
        if (init == null) {
            problems.add("docker-compose.yml has no " + TOPIC_INIT + " service");
            return problems;
        }
        Object topicsValue = environment(init).get("TOPICS");
        if (topicsValue == null) {
            problems.add(TOPIC_INIT + " has no TOPICS environment entry");
            return problems;
        }
        List<String> created = List.of(topicsValue.toString().trim().split("\\s+"));
        Set<String> createdSet = new TreeSet<>(created);
        if (createdSet.size() != created.size()) {
            problems.add(TOPIC_INIT + " lists a topic twice: " + created);
        }
        for (String topic : expected) {
            if (!createdSet.contains(topic)) {
                problems.add(TOPIC_INIT + " does not create " + topic + " (documented in docs/asyncapi.yaml"
                        + (documented.contains(topic) ? ")" : " as " + topic.substring(0, topic.length() - 4) + ")"));
            }
        }
        for (String topic : createdSet) {
            if (!expected.contains(topic)) {
                problems.add(TOPIC_INIT + " creates " + topic + ", which docs/asyncapi.yaml does not document");
            }
        }
        return problems;
    }

    /** Kafka, PostgreSQL and Mailpit set up as the services expect (the images: {@link ComposeBuildChecks}). */
    List<String> wiringProblems() {
        List<String> problems = new ArrayList<>();
        Map<String, Object> alert = service("alert-service");
        Object smtpHost = alert == null ? null : environment(alert).get("DBOPS_SMTP_HOST");
        if (smtpHost != null && service(smtpHost.toString()) == null) {
            problems.add("alert-service's DBOPS_SMTP_HOST " + smtpHost + " is not a compose service");
        }
        Map<String, Object> kafka = service("kafka");
        if (kafka == null || !"false".equals(String.valueOf(environment(kafka).get("KAFKA_AUTO_CREATE_TOPICS_ENABLE")))) {
            problems.add("kafka must run with KAFKA_AUTO_CREATE_TOPICS_ENABLE=false");
        }
        Map<String, Object> postgres = service("postgres");
        if (postgres == null || !String.valueOf(postgres.get("command")).contains("shared_preload_libraries=pg_stat_statements")) {
            problems.add("postgres must start with shared_preload_libraries=pg_stat_statements");
        }
        return problems;
    }

    // ----------------------------------------------------------------- what a service reads

    /** The keys a service can be configured with from its environment. */
    record Readable(Set<String> exact, Set<String> mapPrefixes) {

        boolean reads(String key) {
            if (exact.contains(key) || TARGET_KEY.matcher(key).matches()) {
                return true;
            }
            return mapPrefixes.stream().anyMatch(prefix -> key.startsWith(prefix + "_"));
        }
    }

    Readable readable(String svc) {
        Set<String> exact = new TreeSet<>();
        Set<String> mapPrefixes = new TreeSet<>();
        List<Path> files = new ArrayList<>(applicationFiles(svc));
        Map<String, Object> service = service(svc);
        if (service != null) {
            files.addAll(mountedConfigFiles(service).values());
        }
        for (Path file : files) {
            String text = read(file);
            Matcher m = PLACEHOLDER.matcher(text);
            while (m.find()) {
                exact.add(m.group(1));
                exact.add(envForm(m.group(1)));
            }
            if (file.toString().endsWith(".properties")) {
                for (String line : text.split("\\R")) {
                    int eq = line.indexOf('=');
                    if (eq > 0 && !line.startsWith("#")) {
                        exact.add(envForm(line.substring(0, eq).trim()));
                    }
                }
            } else {
                for (Object doc : loadYaml(file)) {
                    Set<String> names = new LinkedHashSet<>();
                    flatten("", doc, names);
                    names.forEach(name -> exact.add(envForm(name)));
                }
            }
        }
        CONVENTION_PROPERTIES.forEach(p -> exact.add(envForm(p)));
        for (String json : metadata(svc)) {
            List<Map<String, Object>> properties = JsonPath.read(json, "$.properties[*]");
            for (Map<String, Object> property : properties) {
                String name = String.valueOf(property.get("name"));
                exact.add(envForm(name));
                Object type = property.get("type");
                if (type != null && type.toString().startsWith("java.util.Map<")) {
                    mapPrefixes.add(envForm(name));
                }
            }
        }
        return new Readable(exact, mapPrefixes);
    }

    /** Spring Boot's environment-variable form of a property: dots to _, no dashes, [i] to _i, upper case. */
    static String envForm(String property) {
        return property.replace("[", "_").replace("]", "").replace('.', '_').replace("-", "")
                .toUpperCase(Locale.ROOT);
    }

    /** The defaults every service reads (common's), then the service's own application files. */
    List<Path> applicationFiles(String svc) {
        Path resources = root.resolve(svc).resolve("src/main/resources");
        if (!Files.isDirectory(resources)) {
            return List.of();
        }
        Path shared = root.resolve(SERVICE_DEFAULTS);
        try (Stream<Path> files = Files.list(resources)) {
            return Stream.concat(Files.isRegularFile(shared) ? Stream.of(shared) : Stream.empty(), files
                    .filter(f -> f.getFileName().toString().matches("application.*\\.(ya?ml|properties)")).sorted())
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void flatten(String prefix, Object node, Set<String> names) {
        if (node instanceof Map<?, ?> m) {
            m.forEach((k, v) -> flatten(prefix.isEmpty() ? String.valueOf(k) : prefix + "." + k, v, names));
        } else if (node instanceof List<?> l) {
            names.add(prefix);
            for (int i = 0; i < l.size(); i++) {
                flatten(prefix + "[" + i + "]", l.get(i), names);
            }
        } else if (!prefix.isEmpty()) {
            names.add(prefix);
        }
    }

    /** Leaf values by dotted path (lists kept whole as values). */
    static void flattenValues(String prefix, Object node, Map<String, Object> values) {
        if (node instanceof Map<?, ?> m) {
            m.forEach((k, v) -> flattenValues(prefix.isEmpty() ? String.valueOf(k) : prefix + "." + k, v, values));
        } else if (!prefix.isEmpty()) {
            values.put(prefix, node);
        }
    }

    /**
     * Configuration metadata the service's code and libraries declare: its own and common's compiled
     * classes, the libraries inside its Boot jar when it has been packaged, and Spring Boot's core
     * (spring.config.*, spring.profiles.*, logging.*) from this module's test classpath.
     */
    private List<String> metadata(String svc) {
        List<String> jsons = new ArrayList<>();
        for (Path classes : List.of(root.resolve(svc).resolve("target/classes"), root.resolve("common/target/classes"))) {
            for (String name : List.of("spring-configuration-metadata.json", "additional-spring-configuration-metadata.json")) {
                Path file = classes.resolve("META-INF").resolve(name);
                if (Files.isRegularFile(file)) {
                    jsons.add(read(file));
                }
            }
        }
        Repo.serviceJar(root, svc).ifPresent(jar -> jsons.addAll(metadataInBootJar(jar)));
        try {
            Enumeration<URL> urls = ComposeChecks.class.getClassLoader().getResources("META-INF/spring-configuration-metadata.json");
            for (URL url : Collections.list(urls)) {
                try (InputStream in = url.openStream()) {
                    jsons.add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return jsons;
    }

    private static List<String> metadataInBootJar(Path jar) {
        List<String> jsons = new ArrayList<>();
        try (JarFile file = new JarFile(jar.toFile())) {
            for (JarEntry entry : Collections.list(file.entries())) {
                String name = entry.getName();
                if (name.startsWith("BOOT-INF/lib/") && name.endsWith(".jar")) {
                    try (ZipInputStream nested = new ZipInputStream(file.getInputStream(entry))) {
                        for (ZipEntry e = nested.getNextEntry(); e != null; e = nested.getNextEntry()) {
                            if (isMetadata(e.getName())) {
                                jsons.add(new String(nested.readAllBytes(), StandardCharsets.UTF_8));
                            }
                        }
                    }
                } else if (isMetadata(name.replaceFirst("^BOOT-INF/classes/", ""))) {
                    try (InputStream in = file.getInputStream(entry)) {
                        jsons.add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + jar, e);
        }
        return jsons;
    }

    private static boolean isMetadata(String name) {
        return name.equals("META-INF/spring-configuration-metadata.json")
                || name.equals("META-INF/additional-spring-configuration-metadata.json");
    }

    int serverPort(String svc) {
        Path yml = root.resolve(svc).resolve("src/main/resources/application.yml");
        if (!Files.isRegularFile(yml)) {
            throw new IllegalStateException(root.relativize(yml) + " is missing");
        }
        for (Object doc : loadYaml(yml)) {
            Map<String, Object> values = new LinkedHashMap<>();
            flattenValues("", doc, values);
            if (values.keySet().stream().anyMatch(k -> k.startsWith("spring.config.activate"))) {
                continue; // a profile-specific document
            }
            Object port = values.get("server.port");
            if (port instanceof Integer i) {
                return i;
            }
            if (port != null) {
                Matcher m = PORT_DEFAULT.matcher(port.toString());
                return Integer.parseInt(m.matches() ? m.group(1) : port.toString().trim());
            }
        }
        throw new IllegalStateException(root.relativize(yml) + " sets no server.port");
    }

    // ------------------------------------------------------------------------------ compose

    /**
     * The configuration files a service is given with SPRING_CONFIG_ADDITIONALLOCATION (file:PATH,
     * comma-separated) that are mounted from the repository: container path to repository file. Their
     * ${KEY} placeholders are keys the service reads.
     */
    Map<String, Path> mountedConfigFiles(Map<String, Object> service) {
        Map<String, Path> files = new LinkedHashMap<>();
        Object locations = environment(service).get("SPRING_CONFIG_ADDITIONALLOCATION");
        if (locations == null) {
            return files;
        }
        Map<String, String> mounts = mounts(service);
        for (String location : locations.toString().split(",")) {
            String path = location.trim().replaceFirst("^optional:", "").replaceFirst("^file:", "");
            String source = mounts.get(path);
            if (source != null && Files.isRegularFile(root.resolve(source).normalize())) {
                files.put(path, root.resolve(source).normalize());
            }
        }
        return files;
    }

    /** A service's bind mounts from the repository: container path to source path (relative to the root). */
    static Map<String, String> mounts(Map<String, Object> service) {
        Map<String, String> mounts = new LinkedHashMap<>();
        for (Object volume : list(service.get("volumes"))) {
            if (volume instanceof Map<?, ?> m && m.get("source") != null && m.get("target") != null) {
                mounts.put(m.get("target").toString(), m.get("source").toString());
            } else {
                String[] parts = String.valueOf(volume).split(":");
                if (parts.length >= 2 && parts[0].startsWith(".")) {
                    mounts.put(parts[1], parts[0]);
                }
            }
        }
        return mounts;
    }

    Map<String, Object> services() {
        return map(compose.get("services"));
    }

    Map<String, Object> service(String name) {
        Object service = services().get(name);
        return service == null ? null : map(service);
    }

    /** A service's environment, in map or list form, merge keys resolved. */
    static Map<String, Object> environment(Map<String, Object> service) {
        return keyValues(service.get("environment"));
    }

    /** A compose mapping in map or list (KEY=VALUE) form, as environment and build args are written. */
    static Map<String, Object> keyValues(Object env) {
        Map<String, Object> result = new LinkedHashMap<>();
        if (env instanceof Map<?, ?> m) {
            m.forEach((k, v) -> result.put(String.valueOf(k), v));
        } else if (env instanceof List<?> l) {
            for (Object item : l) {
                String s = String.valueOf(item);
                int eq = s.indexOf('=');
                result.put(eq < 0 ? s : s.substring(0, eq), eq < 0 ? null : s.substring(eq + 1));
            }
        }
        return result;
    }

    /** {published, target} of a compose port entry; null for ranges or entries without a target. */
    static int[] parsePort(Object entry) {
        if (entry instanceof Integer i) {
            return new int[] {-1, i};
        }
        if (entry instanceof Map<?, ?> m) {
            Object target = m.get("target");
            Object published = m.get("published");
            if (target == null) {
                return null;
            }
            return new int[] {published == null ? -1 : Integer.parseInt(published.toString()),
                    Integer.parseInt(target.toString())};
        }
        String s = String.valueOf(entry).replaceFirst("/(tcp|udp)$", "");
        String[] parts = s.split(":");
        if (s.contains("-")) {
            return null;
        }
        int target = Integer.parseInt(parts[parts.length - 1]);
        int published = parts.length >= 2 ? Integer.parseInt(parts[parts.length - 2]) : -1;
        return new int[] {published, target};
    }

    // ---------------------------------------------------------------------------- helpers

    static List<Object> loadYaml(Path file) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        Yaml yaml = new Yaml(new SafeConstructor(options));
        List<Object> docs = new ArrayList<>();
        for (Object doc : yaml.loadAll(new ByteArrayInputStream(read(file).getBytes(StandardCharsets.UTF_8)))) {
            if (doc != null) {
                docs.add(doc);
            }
        }
        if (docs.isEmpty()) {
            docs.add(Map.of());
        }
        return docs;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object node) {
        return node instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    static List<?> list(Object node) {
        return node instanceof List<?> l ? l : List.of();
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
