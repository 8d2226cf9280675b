package dev.dbops.infra.system;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One service instance as its own JVM, started the way {@code infra/dbops up} starts it: the extracted
 * jar, the local stack's JVM options, the configuration as an additional location; output to its log.
 */
final class ServiceProcess {

    // the JVM options of infra/dbops up: small heap, a JIT tuned for start-up
    private static final List<String> JAVA_OPTS = List.of("-Xms64m", "-Xmx512m", "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    final String service;
    final String instance;
    final int port;
    final Path log;
    private final Path appJar;
    private final List<String> config;
    private final Map<String, String> env;
    private final ProcessLedger ledger;
    private Process process;
    private int starts;

    ServiceProcess(String service, String instance, int port, Path appJar, List<String> config,
            Map<String, String> env, Path logs, ProcessLedger ledger) {
        this.service = service;
        this.instance = instance;
        this.port = port;
        this.appJar = appJar;
        this.config = config;
        this.env = env;
        this.log = logs.resolve(name() + ".log");
        this.ledger = ledger;
    }

    String name() {
        return service + "-" + instance;
    }

    synchronized void start() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException(name() + " is already running");
        }
        List<String> command = new ArrayList<>(List.of("java"));
        command.addAll(JAVA_OPTS);
        command.addAll(List.of("-Ddbops.systest.instance=" + name(), "-jar", appJar.toString(),
                "--server.port=" + port,
                "--spring.config.additional-location=" + String.join(",", config)));
        ProcessBuilder builder = new ProcessBuilder(command).directory(Stacks.root().toFile())
                .redirectErrorStream(true)
                .redirectOutput(starts++ == 0 ? ProcessBuilder.Redirect.to(log.toFile())
                        : ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(env);
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + name(), e);
        }
        ledger.record(name(), process.pid(), "dbops.systest.instance=" + name());
    }

    /** Waits until /actuator/health says UP; fails with the end of the log when the JVM exits or time runs out. */
    void awaitHealthy(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!healthy()) {
            if (!process.isAlive()) {
                throw new AssertionError(name() + " exited (" + process.exitValue() + ") during start-up:\n" + tail(60));
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(name() + " not UP after " + timeout + ":\n" + tail(60));
            }
            Stacks.sleep(300);
        }
    }

    boolean healthy() {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url("/actuator/health")))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 && response.body().contains("\"status\":\"UP\"");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    /** kill -9: no shutdown hook, no flush, no goodbye to the broker. */
    void kill9() {
        Process p = process;
        p.destroyForcibly();
        await(p, 10);
        ledger.forget(name());
    }

    void stop() {
        Process p = process;
        if (p == null || !p.isAlive()) {
            return;
        }
        p.destroy();
        if (!await(p, 30)) {
            p.destroyForcibly();
            await(p, 10);
        }
        ledger.forget(name());
    }

    /** SIGTERM, as an orchestrator stops it; fails unless it ends by itself within the timeout. */
    void terminate(Duration timeout) {
        Process p = process;
        p.destroy();
        if (!await(p, (int) timeout.toSeconds())) {
            p.destroyForcibly();
            await(p, 10);
            ledger.forget(name());
            throw new AssertionError(name() + " did not stop within " + timeout + " of SIGTERM:\n" + tail(40));
        }
        ledger.forget(name());
    }

    boolean alive() {
        return process != null && process.isAlive();
    }

    private static boolean await(Process p, int seconds) {
        try {
            return p.waitFor(seconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Lines of its log that contain {@code text}. */
    long logLines(String text) {
        try (var lines = Files.lines(log, java.nio.charset.StandardCharsets.ISO_8859_1)) {
            return lines.filter(l -> l.contains(text)).count();
        } catch (IOException e) {
            return 0;
        }
    }

    String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, java.nio.charset.StandardCharsets.ISO_8859_1);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }
}
