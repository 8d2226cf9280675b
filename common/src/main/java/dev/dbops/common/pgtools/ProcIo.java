package dev.dbops.common.pgtools;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/** A process's read bytes from Linux's /proc/&lt;pid&gt;/io ({@code rchar}: every read(2), files and sockets). */
final class ProcIo {

    private ProcIo() {
    }

    static OptionalLong bytesRead(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "io"))) {
                if (line.startsWith("rchar:")) {
                    return OptionalLong.of(Long.parseLong(line.substring("rchar:".length()).strip()));
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or the process has just exited
        }
        return OptionalLong.empty();
    }
}
