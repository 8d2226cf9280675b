package dev.dbops.infra.system;

import dev.dbops.infra.Repo;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The whole dbops stack for the system tests, started once and shared by the scenarios: a broker of
 * the tests' own (infra/local/kafka.sh on 19392, data in .dbops/systest/kafka), databases of this run on
 * the project cluster (5433: platform and targets, dropped at the end), a PostgreSQL cluster of its own
 * for the target that is stopped (5439), Slack and PagerDuty receivers, and each service as its own JVM
 * on ports 1838x (a second instance on 1839x for the scale-out). Ports differ from the local stack's, so
 * a running {@code infra/dbops up} is left alone.
 */
final class Stack implements AutoCloseable {

    static final List<String> SERVICES = List.of("migration-service", "backup-service", "monitor-service",
            "alert-service");
    static final int BROKER_PORT = 19392;
    static final String BOOTSTRAP = "127.0.0.1:" + BROKER_PORT;
    static final String TOKEN = "systest-token";
    private static final Duration UP_TIMEOUT = Duration.ofMinutes(4);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    final Path root = Stacks.root();
    final Path state = root.resolve(".dbops/systest");
    private static final Path RUN_LOCK = Path.of(System.getProperty("java.io.tmpdir"), "dbops-systest-run.lock");
    private FileLock runLock;
    final String prefix = "dbops_st_" + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 30), 36);
    final Postgres shared = new Postgres(5433);
    final OwnCluster own = new OwnCluster(5439, Path.of("/tmp/dbops-systest-pg5439/data"),
            Path.of("/tmp/dbops-systest-pg5439/postgres.log"));
    final ProcessLedger ledger = new ProcessLedger(state.resolve("run"));
    final Map<String, String> kafkaEnv = Map.of("DBOPS_STATE_DIR", state.toString(),
            "DBOPS_KAFKA_PORT", String.valueOf(BROKER_PORT), "DBOPS_KAFKA_CONTROLLER_PORT", "19393");
    /** target id to where it lives (server, database) */
    final Map<String, Postgres> servers = new LinkedHashMap<>();
    final Map<String, String> projects = new LinkedHashMap<>();
    /** target id to the host name its URL gives for its server, when not 127.0.0.1 */
    final Map<String, String> hosts = new LinkedHashMap<>();
    /** targets whose configuration lets a restore replace an existing database */
    final Set<String> overwritable = new LinkedHashSet<>();
    final Map<String, ServiceProcess> instances = new LinkedHashMap<>();
    Receiver slack;
    Receiver pagerDuty;
    EventLog log;
    Producer producer;
    private boolean closed;

    /** Registers a target on the project cluster bound to a migration project (null: none). */
    Stack target(String id, String project) {
        return target(id, shared, project);
    }

    Stack target(String id, Postgres server, String project) {
        servers.put(id, server);
        if (project != null) {
            projects.put(id, root.resolve("infra/src/test/resources/system/projects").resolve(project).toString());
        }
        return this;
    }

    /** Registers the target's server under another name in its URL (an alias of 127.0.0.1). */
    Stack alias(String id, String host) {
        hosts.put(id, host);
        return this;
    }

    /** Lets restores replace the target's databases (dbops.backup.targets.<id>.restore.allow-overwrite). */
    Stack allowOverwrite(String id) {
        overwritable.add(id);
        return this;
    }

    String database(String target) {
        return prefix + "_" + target;
    }

    Postgres server(String target) {
        return servers.get(target);
    }

    void start() {
        holdTheMachine();
        ledger.killLeftovers();
        Runtime.getRuntime().addShutdownHook(new Thread(this::close));
        long started = System.nanoTime();
        Stacks.run(Map.of(), Duration.ofMinutes(5), "bash", "infra/local/postgres.sh");
        shared.dropDatabasesLike("dbops_st_");
        own.create();
        Stacks.run(kafkaEnv, Duration.ofSeconds(60), "bash", "infra/local/kafka.sh", "stop");
        Stacks.run(Map.of(), Duration.ofSeconds(30), "rm", "-rf", state.resolve("kafka/data").toString(),
                state.resolve("backups").toString());
        // the broker starts while the databases are made and the jars extracted
        CompletableFuture<String> broker = CompletableFuture.supplyAsync(() -> Stacks.run(kafkaEnv,
                Duration.ofMinutes(3), "bash", "infra/local/kafka.sh", "start"));
        shared.createDatabase(prefix + "_platform");
        servers.forEach((id, server) -> {
            server.createDatabase(database(id));
            server.execute(database(id), "CREATE EXTENSION IF NOT EXISTS pg_stat_statements",
                    // data to back up, outside public, which the migration projects own (Flyway wants it empty)
                    "CREATE SCHEMA app", "CREATE TABLE app.seed (id int PRIMARY KEY, payload text NOT NULL)",
                    "INSERT INTO app.seed SELECT g, md5(g::text) FROM generate_series(1, 1000) g");
        });
        slack = new Receiver("slack", false);
        pagerDuty = new Receiver("pagerduty", true);
        Path config = writeConfig();
        SERVICES.parallelStream().forEach(this::stage);
        broker.join();
        for (String svc : SERVICES) {
            instances.put(svc + "-a", instance(svc, "a", config));
        }
        startAll(List.copyOf(instances.values()));
        log = new EventLog(BOOTSTRAP);
        producer = new Producer(BOOTSTRAP);
        System.out.printf("[systest] stack up in %d s (broker %s, platform %s_platform, logs %s)%n",
                (System.nanoTime() - started) / 1_000_000_000L, BOOTSTRAP, prefix, state.resolve("logs"));
    }

    /** The second instance of every service, sharing the first's consumer groups and platform schema. */
    void startSecondInstances() {
        List<ServiceProcess> second = new ArrayList<>();
        for (String svc : SERVICES) {
            ServiceProcess p = instance(svc, "b", state.resolve("systest.yml"));
            instances.put(p.name(), p);
            second.add(p);
        }
        startAll(second);
    }

    ServiceProcess get(String name) {
        return instances.get(name);
    }

    private static void startAll(List<ServiceProcess> processes) {
        processes.forEach(ServiceProcess::start);
        processes.forEach(p -> p.awaitHealthy(UP_TIMEOUT));
    }

    void restart(ServiceProcess p) {
        p.start();
        p.awaitHealthy(UP_TIMEOUT);
    }

    private ServiceProcess instance(String svc, String instance, Path config) {
        int port = 18381 + SERVICES.indexOf(svc) + ("a".equals(instance) ? 0 : 10);
        Map<String, String> env = new LinkedHashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", BOOTSTRAP);
        env.put("DBOPS_DB_URL", shared.url(prefix + "_platform"));
        env.put("DBOPS_API_TOKEN", TOKEN);
        env.put("DBOPS_BACKUP_REPOSITORY", state.resolve("backups").toString());
        env.put("DBOPS_SLACK_WEBHOOK_URL", slack.url("/services/T0SYSTEST/B0SYSTEST/systest-webhook-secret"));
        env.put("DBOPS_PAGERDUTY_ROUTING_KEY", "systest0routing0key0000000000000");
        env.put("DBOPS_PAGERDUTY_EVENTS_URL", pagerDuty.url("/v2/enqueue"));
        return new ServiceProcess(svc, instance, port, app(svc), List.of("file:" + config), env,
                state.resolve("logs"), ledger);
    }

    private Path app(String svc) {
        return state.resolve("app").resolve(svc).resolve(svc + "-" + Repo.version(root) + ".jar");
    }

    /**
     * As infra/dbops does: the service runs from an extracted copy of its jar (Boot's jarmode=tools
     * layout starts faster than the nested jar, and a rebuild cannot pull classes from under it).
     */
    private void stage(String svc) {
        Path jar = root.resolve(svc).resolve("target").resolve(svc + "-" + Repo.version(root) + ".jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: package the services first (./mvnw -B -DskipTests "
                    + "package -pl " + String.join(",", SERVICES) + " -am), or run the whole reactor");
        }
        Path dir = state.resolve("app").resolve(svc);
        Path stamp = state.resolve("app").resolve(svc + ".stamp");
        try {
            String current = Files.size(jar) + " " + Files.getLastModifiedTime(jar).toMillis();
            if (Files.isRegularFile(app(svc)) && Files.isRegularFile(stamp) && Files.readString(stamp).equals(current)) {
                return;
            }
            Stacks.run(Map.of(), Duration.ofSeconds(30), "rm", "-rf", dir.toString());
            Stacks.run(Map.of(), Duration.ofMinutes(2), "java", "-Djarmode=tools", "-jar", jar.toString(), "extract",
                    "--destination", dir.toString());
            Files.writeString(stamp, current);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private Path writeConfig() {
        StringBuilder yml = new StringBuilder("""
                # Written by the system tests (dev.dbops.infra.system.Stack): short intervals, so each scenario
                # takes seconds; every target of the run registered up front.
                dbops:
                  security:
                    allowed-sources: ["*"]
                  kafka:
                    retry: {initial-interval: 200ms, max-interval: 2s}
                  outbox:
                    poll-interval: 50ms
                  backup:
                    poll-interval: 200ms
                  monitor:
                    poll: {interval: 1s, connect-timeout: 1s, statement-timeout: 1s, max-backoff: 2s}
                    slow-queries: {threshold: 500ms, repeat-after: 1h}
                    rules:
                      levels:
                        sessions-blocked: {warning: 1.5, critical: 2}
                  alert:
                    route: {group-wait: 0s, group-interval: 1s}
                    receivers:
                      slack: {rate-per-second: 50}
                    delivery: {lease: 10s, poll-interval: 200ms, backoff: 1s, max-backoff: 2s, sweep-interval: 500ms}
                    inhibition:
                      migration-window: {settle: 1s}
                    intake:
                      resolve-timeout: 1h
                  migration:
                    worker: {poll-interval: 200ms}
                    # no scratch copies: the plan's lock probe and rehearsal have their own tests. The backup
                    # timeout leaves room for scale-out: one backup-service left with 20 targets' backups and
                    # drills on 2 threads took 3 min to reach a killed instance's pre-migration backup once.
                    policy: {lock-probe: false, rehearsal: false, backup-timeout: 5m}
                    targets:
                """);
        projects.forEach((id, dir) -> yml.append("      ").append(id).append(": {project: ").append(dir).append("}\n"));
        yml.append("  targets:\n");
        servers.forEach((id, server) -> yml.append("    ").append(id).append(": {url: '")
                .append(server.url(hosts.getOrDefault(id, "127.0.0.1"), database(id)))
                .append("', username: postgres}\n"));
        // restores are allowed apart from backups (dbops.backup.targets.<id>.restore.*); any source here
        yml.append("---\ndbops:\n  backup:\n    targets:\n");
        servers.forEach((id, server) -> yml.append("      ").append(id)
                .append(": {restore: {allowed-sources: ['*']")
                .append(overwritable.contains(id) ? ", allow-overwrite: true" : "")
                .append("}}\n"));
        Path file = state.resolve("systest.yml");
        try {
            Files.createDirectories(state.resolve("logs"));
            Files.writeString(file, yml.toString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return file;
    }

    void stopBroker() {
        Stacks.run(kafkaEnv, Duration.ofSeconds(90), "bash", "infra/local/kafka.sh", "stop");
    }

    void startBroker() {
        Stacks.run(kafkaEnv, Duration.ofMinutes(2), "bash", "infra/local/kafka.sh", "start");
    }

    /** GET on a service's REST API with the bearer token; fails unless 200. */
    JsonNode get(ServiceProcess p, String path) {
        JsonNode body = find(p, path);
        if (body == null) {
            throw new AssertionError("GET " + path + " on " + p.name() + ": 404");
        }
        return body;
    }

    /** GET with the bearer token: the body, or null for 404. */
    JsonNode find(ServiceProcess p, String path) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(p.url(path)))
                    .header("Authorization", "Bearer " + TOKEN).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 404) {
                return null;
            }
            if (response.statusCode() != 200) {
                throw new AssertionError("GET " + path + " on " + p.name() + ": " + response.statusCode() + " "
                        + response.body());
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * One system-test run per machine: a run's start kills the leftovers of earlier runs and drops their
     * databases, which would break a run still going (its fixed ports would clash anyway). A second run
     * fails at once, naming the reason, instead of taking the first one down with it. The lock is the
     * kernel's: it goes with the JVM, however that ends.
     */
    private void holdTheMachine() {
        try {
            FileChannel channel = FileChannel.open(RUN_LOCK, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            runLock = channel.tryLock();
            if (runLock == null) {
                channel.close();
                throw new IllegalStateException("another system-test run is going on this machine (it holds "
                        + RUN_LOCK + "); starting would kill its processes and drop its databases");
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot lock " + RUN_LOCK, e);
        }
    }

    @Override
    public synchronized void close() {
        if (closed || runLock == null) {
            // never started, or refused because another run holds the machine: nothing here is ours to stop
            return;
        }
        closed = true;
        quietly(() -> log.close());
        quietly(() -> producer.close());
        instances.values().parallelStream().forEach(p -> quietly(p::stop));
        quietly(() -> Stacks.run(kafkaEnv, Duration.ofSeconds(90), "bash", "infra/local/kafka.sh", "stop"));
        quietly(own::destroy);
        quietly(() -> shared.dropDatabasesLike(prefix));
        quietly(() -> Stacks.run(Map.of(), Duration.ofSeconds(30), "rm", "-rf", state.resolve("backups").toString()));
        quietly(() -> slack.close());
        quietly(() -> pagerDuty.close());
        quietly(() -> {
            try {
                runLock.channel().close();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static void quietly(Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            System.out.println("[systest] cleanup: " + e.getMessage());
        }
    }
}
