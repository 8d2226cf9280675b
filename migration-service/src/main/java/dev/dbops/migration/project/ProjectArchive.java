package dev.dbops.migration.project;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/** A migration project shipped as a .zip or .jar (e.g. a build artifact), unpacked into a directory. */
final class ProjectArchive {

    private ProjectArchive() {
    }

    /** Unpacks {@code archive} into a new directory, without META-INF and refusing entries that escape it. */
    static Path unpack(Path archive, String prefix) throws IOException {
        Path dir = Files.createTempDirectory(prefix);
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(archive))) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                Path out = dir.resolve(entry.getName()).normalize();
                if (!out.startsWith(dir)) {
                    throw new IOException("entry " + entry.getName() + " of " + archive + " escapes the project");
                }
                if (entry.isDirectory() || entry.getName().startsWith("META-INF/")) {
                    continue;
                }
                Files.createDirectories(out.getParent());
                Files.copy(zip, out, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return dir;
    }
}
