package dev.dbops.backup.take;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.dbops.backup.config.BackupSettings;
import dev.dbops.backup.encryption.DumpEncryption;
import dev.dbops.backup.encryption.KeyRing;
import dev.dbops.backup.pg.BackupTools;
import dev.dbops.backup.repository.FileSystemBackupRepository;
import dev.dbops.common.target.TargetProperties;
import dev.dbops.common.target.TargetRegistry;
import dev.dbops.common.testing.TestDatabase;
import dev.dbops.common.testing.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A repository that runs out of space fails the backup with the cause and keeps nothing of it. */
class BackupTakerDiskFullIT {

    @RegisterExtension
    static final TestDatabase target = new TestDatabase("backup_disk_full");

    Path mountPoint;

    @AfterEach
    void unmount() throws Exception {
        if (mountPoint != null) {
            new ProcessBuilder("umount", mountPoint.toString()).inheritIO().start().waitFor();
            Files.deleteIfExists(mountPoint);
        }
    }

    @Test
    void diskFullFailsTheBackupWithTheCauseAndLeavesNoFiles() throws Exception {
        mountPoint = Files.createTempDirectory("dbops-tiny-fs-");
        // a 64 kB file system; where mounting is not allowed (no root, a locked-down container) this is skipped
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", mountPoint.toString())
                .redirectErrorStream(true).start();
        boolean mounted = mount.waitFor() == 0;
        if (!mounted) {
            Files.deleteIfExists(mountPoint);
            mountPoint = null;
        }
        assumeTrue(mounted, "cannot mount a small tmpfs here");

        // about 1 MB of incompressible text: far more than 64 kB even after gzip
        target.execute("CREATE TABLE noise AS SELECT g AS id, md5(g::text) || md5((g * 7)::text) AS junk "
                + "FROM generate_series(1, 15000) g");
        var registry = new TargetRegistry(new TargetProperties(Map.of("cramped",
                new TargetProperties.TargetSettings(TestPostgres.url(target.name()), TestPostgres.USER, null, null,
                        null)), new TargetProperties.Security(List.of("*"))));
        var settings = new BackupSettings(new BackupSettings.Repository(mountPoint),
                new BackupSettings.Dump(2, 1, Duration.ofSeconds(10), null, Duration.ofHours(6)), 1, Duration.ofMillis(500),
                new BackupSettings.Verify(Duration.ZERO, Duration.ofHours(1), true, List.of(),
                        new BackupSettings.Server(null, null, null), false),
                new BackupSettings.Retention(24, 30, 12, 12, java.time.ZoneOffset.UTC, Duration.ofHours(1), Duration.ofDays(30),
                        Duration.ofDays(7)),
                List.of(), Map.of(), 1000,
                new BackupSettings.Progress(Duration.ofSeconds(5)),
                new BackupSettings.Encryption(false, null, Map.of()));
        var repository = new FileSystemBackupRepository(mountPoint);
        var taker = new BackupTaker(BackupTools.of(registry, settings), settings, repository,
                new DumpEncryption(repository, KeyRing.load(settings, name -> null)), Clock.systemUTC());

        assertThatThrownBy(() -> taker.take(registry.require("cramped"), "b-disk-full"))
                .hasMessageContaining("No space left on device");
        assertThat(repository.staged()).isEmpty();
        try (var files = Files.walk(mountPoint)) {
            assertThat(files.filter(Files::isRegularFile)).isEmpty();
        }
    }
}
