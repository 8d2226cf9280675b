package dev.dbops.backup.take;

import dev.dbops.common.cloudevents.EventCodec;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What a backup holds, written as {@code manifest.json} beside the dump: enough to check it
 * (sizes, checksums), prove it (row counts in the dump's own snapshot) and restore parts of it
 * (each table's indexes and owned sequences).
 *
 * @param dump the directory, relative to the backup, that pg_restore reads
 * @param files every file of the dump, relative to the backup; sizes and checksums of what is on disk (the ciphertext
 *     of an encrypted file), so that checksums are verified without the key
 * @param encryption how the dump's files are encrypted, null when they are not (manifest version 1)
 */
public record Manifest(int manifestVersion, String backupId, String target, String database, String serverVersion,
        String pgDumpVersion, String format, String compression, String dump, Instant startedAt, Instant finishedAt,
        List<Table> tables, List<File> files, long sizeBytes, @Nullable Encryption encryption) {

    public static final String FILE_NAME = "manifest.json";
    public static final String DUMP_DIRECTORY = "dump";

    /** A table as of the dump's snapshot. */
    public record Table(String schema, String name, long rows, List<String> indexes, List<String> sequences) {

        public String qualifiedName() {
            return schema + "." + name;
        }
    }

    public record File(String path, long sizeBytes, String sha256) {
    }

    /**
     * @param algorithm the file format, {@code DumpEncryption.ALGORITHM}
     * @param keyId the key of the ring the files are encrypted with (never the key)
     * @param files the encrypted files, relative to the backup; the manifest itself stays readable
     */
    public record Encryption(String algorithm, String keyId, List<String> files) {
    }

    public Map<String, Long> rowCounts() {
        Map<String, Long> counts = new LinkedHashMap<>();
        tables.forEach(t -> counts.put(t.qualifiedName(), t.rows()));
        return counts;
    }

    public byte[] toJson() {
        return EventCodec.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(this);
    }

    public static Manifest read(InputStream in) throws IOException {
        return EventCodec.mapper().readValue(in, Manifest.class);
    }
}
