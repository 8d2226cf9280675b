package dev.dbops.alert.flow;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.jspecify.annotations.Nullable;

/**
 * The real Alertmanager and amtool of the Debian package {@code prometheus-alertmanager}: an Alertmanager
 * process on a free port with the given configuration, and amtool runs with a bearer token for dbops.
 */
final class AlertmanagerProcess implements AutoCloseable {

    static final Path ALERTMANAGER = Path.of("/usr/bin/prometheus-alertmanager");
    static final Path AMTOOL = Path.of("/usr/bin/amtool");

    /** One amtool run: its exit code, what it printed, and its warnings and errors. */
    record Run(int exitCode, String output, String errors) {
    }

    private final Process process;
    private final Path directory;
    final String url;

    private AlertmanagerProcess(Process process, Path directory, String url) {
        this.process = process;
        this.directory = directory;
        this.url = url;
    }

    static boolean installed() {
        return Files.isExecutable(ALERTMANAGER) && Files.isExecutable(AMTOOL);
    }

    /** Starts Alertmanager with {@code config} (YAML) and waits until it is ready. */
    static AlertmanagerProcess start(String config) throws IOException {
        Path directory = Files.createTempDirectory("dbops-alertmanager");
        Path configFile = Files.writeString(directory.resolve("alertmanager.yml"), config);
        int port = freePort();
        Process process = new ProcessBuilder(ALERTMANAGER.toString(), "--config.file=" + configFile,
                "--storage.path=" + directory.resolve("data"), "--web.listen-address=127.0.0.1:" + port,
                "--cluster.listen-address=").redirectErrorStream(true)
                .redirectOutput(directory.resolve("alertmanager.log").toFile()).start();
        AlertmanagerProcess alertmanager = new AlertmanagerProcess(process, directory, "http://127.0.0.1:" + port);
        HttpClient client = HttpClient.newHttpClient();
        Awaitility.await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> client.send(
                HttpRequest.newBuilder(URI.create(alertmanager.url + "/-/ready")).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
        return alertmanager;
    }

    /** Runs amtool against {@code alertmanagerUrl}, authenticated with {@code token} when it is not null. */
    static Run amtool(String alertmanagerUrl, @Nullable String token, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(AMTOOL.toString(), "--alertmanager.url=" + alertmanagerUrl));
        Path httpConfig = null;
        if (token != null) {
            httpConfig = Files.createTempFile("amtool-http", ".yml");
            Files.writeString(httpConfig, "authorization:\n  type: Bearer\n  credentials: " + token + "\n");
            command.add("--http.config.file=" + httpConfig);
        }
        command.addAll(List.of(arguments));
        Path errors = Files.createTempFile("amtool-errors", ".txt");
        try {
            Process process = new ProcessBuilder(command).redirectError(errors.toFile()).start();
            String output = new String(process.getInputStream().readAllBytes(), UTF_8).strip();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("amtool did not finish in 30 s: " + command);
            }
            return new Run(process.exitValue(), output, Files.readString(errors).strip());
        } finally {
            Files.deleteIfExists(errors);
            if (httpConfig != null) {
                Files.deleteIfExists(httpConfig);
            }
        }
    }

    String log() throws IOException {
        return Files.readString(directory.resolve("alertmanager.log"));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        try (var files = Files.walk(directory)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }
}
