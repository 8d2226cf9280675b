package dev.dbops.backup.repository;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Set;

/**
 * A store of backups. A backup is assembled in a local staging directory, then published whole:
 * a reader never sees half a backup, and a crash leaves only staging remains that {@link #discard}
 * removes. Locations are URIs ({@code file:///...}, later {@code s3://...}).
 */
public interface BackupRepository {

    /** A new, empty local directory in which pg_dump writes and the manifest is assembled. */
    Path stage(String target, String backupId) throws IOException;

    /** Makes the staged backup visible atomically and durably; returns its location. */
    String publish(String target, String backupId) throws IOException;

    /** The files of a published backup as a local directory, for pg_restore (a remote store downloads them). */
    Path localCopy(String location) throws IOException;

    /** Reads one file of a published backup, as stored. */
    InputStream read(String location, String file) throws IOException;

    /** Every file of a published backup, relative to its location. */
    Set<String> files(String location) throws IOException;

    /** Removes a backup, staged or published; removing one that is not there is not an error. */
    void discard(String target, String backupId) throws IOException;

    /** Ids of backups with staging remains, e.g. after a crash. */
    Set<String> staged() throws IOException;
}
