package dev.dbops.backup.restore;

import dev.dbops.backup.config.BackupSettings;
import dev.dbops.backup.pg.Identifiers;
import dev.dbops.backup.store.Backup;
import dev.dbops.backup.store.BackupStatus;
import dev.dbops.backup.store.Verification;
import dev.dbops.backup.take.Manifest;
import dev.dbops.backup.verify.VerificationFailure;
import dev.dbops.backup.verify.Verifier;
import dev.dbops.common.target.Target;
import dev.dbops.common.target.TargetRegistry;
import java.net.URI;
import java.sql.SQLException;
import java.util.Optional;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * What a restore must pass before anything is written: a backup of this target that completed and was
 * verified (unless the request explicitly takes an unverified one), whose files still match their
 * checksums now; and a database that is not protected, not a template, not the platform database and not
 * another registered target's database on the same server, servers compared by resolved address and port.
 */
@Component
class RestoreGuard {

    private final BackupSettings settings;
    private final TargetRegistry targets;
    private final Verifier verifier;
    private final String platformUrl;

    RestoreGuard(BackupSettings settings, TargetRegistry targets, Verifier verifier, Environment environment) {
        this.settings = settings;
        this.targets = targets;
        this.verifier = verifier;
        this.platformUrl = environment.getProperty("spring.datasource.url", "");
    }

    /** The backup's manifest, read after every file's checksum was checked again. */
    Manifest checkBackup(RestoreJob job, Backup backup) throws RestoreRefused {
        if (!backup.target().equals(job.target())) {
            throw new RestoreRefused("backup " + backup.backupId() + " is a backup of target " + backup.target()
                    + ", not of " + job.target());
        }
        if (backup.status() != BackupStatus.COMPLETED) {
            throw new RestoreRefused("backup " + backup.backupId() + " is " + backup.status() + ", not completed");
        }
        if (backup.verification() != Verification.VERIFIED && !job.allowUnverified()) {
            throw new RestoreRefused("backup " + backup.backupId() + " is not verified (verification "
                    + backup.verification() + "); restore it only with allowUnverified=true");
        }
        try {
            return verifier.checksums(backup, backup.location());
        } catch (VerificationFailure e) {
            throw new RestoreRefused("backup " + backup.backupId() + " fails its checksums now: " + e.getMessage());
        }
    }

    /** Whether {@code database} on the target's server may be written by a restore at all. */
    void checkDatabase(String database, Target target) throws RestoreRefused, SQLException {
        try {
            Identifiers.requireValid("database", database);
        } catch (IllegalArgumentException e) {
            throw new RestoreRefused(e.getMessage());
        }
        if (settings.protectedDatabases().contains(database)) {
            throw new RestoreRefused("database " + database + " is protected (dbops.backup.protected-databases)");
        }
        ServerAddress server = ServerAddress.of(target.url());
        if (platformUrl.startsWith("jdbc:postgresql:") && database.equals(databaseOf(platformUrl))
                && server.sameServerAs(ServerAddress.of(platformUrl))) {
            throw new RestoreRefused("database " + database + " is the dbops platform database");
        }
        for (Target other : targets.all()) {
            if (!other.id().equals(target.id()) && database.equals(other.database())
                    && server.sameServerAs(ServerAddress.of(other.url()))) {
                throw new RestoreRefused("database " + database + " is the database of target " + other.id());
            }
        }
        Optional<Boolean> template = OwnedDatabases.isTemplate(target, database);
        if (template.orElse(false)) {
            throw new RestoreRefused("database " + database + " is a template");
        }
    }

    private static String databaseOf(String jdbcUrl) {
        String path = URI.create(jdbcUrl.substring("jdbc:".length())).getPath();
        return path == null ? "" : path.replaceFirst("^/", "");
    }
}
