package dev.dbops.common.pgtools;

import java.util.Arrays;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/** A started tool process; {@link #await()} waits for its outcome, {@link #destroy()} stops it and its workers. */
public final class RunningTool {

    private final String tool;
    private final Process process;
    private final CompletableFuture<String> stdout;
    private final CompletableFuture<String> stderr;
    private final long deadline;
    private final PgToolSettings settings;
    private final UnaryOperator<String> redact;
    private long mostRead;
    private boolean readKnown;

    RunningTool(String tool, Process process, CompletableFuture<String> stdout, CompletableFuture<String> stderr,
            long deadline, PgToolSettings settings, UnaryOperator<String> redact) {
        this.tool = tool;
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
        this.deadline = deadline;
        this.settings = settings;
        this.redact = redact;
    }

    /** The tool's stdout once it exited 0; a {@link ToolFailedException} on another exit or past the timeout. */
    public String await() throws InterruptedException {
        try {
            if (!process.waitFor(deadline - System.nanoTime(), TimeUnit.NANOSECONDS)) {
                destroy();
                throw new ToolFailedException(tool, "still running after " + settings.timeout() + " ("
                        + settings.timeoutKey() + "); stopped");
            }
        } catch (InterruptedException e) {
            destroy();
            throw e;
        }
        int exit = process.exitValue();
        String out = stdout.join();
        String err = stderr.join();
        if (exit != 0) {
            throw new ToolFailedException(tool, exit, redact.apply(lastLines(err)));
        }
        return out;
    }

    /**
     * What the tool and its parallel workers have read so far (files and the server's socket alike), from Linux's
     * /proc/&lt;pid&gt;/io; never less than an earlier answer (a process that exited takes its count along). Empty
     * where the operating system does not say.
     */
    public synchronized OptionalLong bytesRead() {
        long sum = 0;
        boolean known = false;
        for (ProcessHandle handle : Stream.concat(Stream.of(process.toHandle()), process.descendants()).toList()) {
            OptionalLong read = ProcIo.bytesRead(handle.pid());
            if (read.isPresent()) {
                known = true;
                sum += read.getAsLong();
            }
        }
        if (known) {
            readKnown = true;
            mostRead = Math.max(mostRead, sum);
        }
        // once the tool has exited its count is gone from /proc: the last one stands
        return readKnown ? OptionalLong.of(mostRead) : OptionalLong.empty();
    }

    public void destroy() {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String lastLines(String text) {
        String[] lines = text.strip().split("\n");
        int from = Math.max(0, lines.length - 5);
        return String.join(" | ", Arrays.copyOfRange(lines, from, lines.length)).strip();
    }
}
