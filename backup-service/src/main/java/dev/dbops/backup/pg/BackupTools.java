package dev.dbops.backup.pg;

import dev.dbops.backup.config.BackupSettings;
import dev.dbops.common.pgtools.PgToolSettings;
import dev.dbops.common.pgtools.PgTools;
import dev.dbops.common.target.TargetRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The service's pg_dump, pg_restore and psql: common's runner with {@code dbops.backup.dump.bin-dir} and
 * {@code .tool-timeout}, sessions named {@value #APPLICATION_NAME} so a backup's can be found in pg_stat_activity.
 */
@Configuration(proxyBeanMethods = false)
public class BackupTools {

    public static final String APPLICATION_NAME = "dbops-backup";

    @Bean
    PgTools pgTools(TargetRegistry registry, BackupSettings settings) {
        return of(registry, settings);
    }

    public static PgTools of(TargetRegistry registry, BackupSettings settings) {
        return new PgTools(registry, new PgToolSettings(settings.dump().binDir(), settings.dump().toolTimeout(),
                "dbops.backup.dump.tool-timeout", APPLICATION_NAME));
    }

    /** The application name of the pg_dump sessions of one backup. */
    public static String applicationNameOf(String backupId) {
        return APPLICATION_NAME + " " + backupId;
    }
}
