package dev.dbops.backup.verify;

import dev.dbops.backup.config.BackupSettings;
import dev.dbops.common.target.Target;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Where drills restore: the configured drill server ({@code dbops.backup.verify.server.*}), by default the
 * platform database's own server, so a drill's I/O, disk and checkpoints stay off production; each target's
 * own server only when {@code verify.on-target-server} says so.
 */
@Component
class DrillServer {

    private final boolean onTargetServer;
    private final Target server;

    DrillServer(BackupSettings settings, Environment environment) {
        BackupSettings.Verify verify = settings.verify();
        this.onTargetServer = verify.onTargetServer();
        BackupSettings.Server configured = verify.server();
        if (configured.url() != null) {
            if (configured.username() == null) {
                throw new IllegalStateException("dbops.backup.verify.server.username is required with "
                        + "dbops.backup.verify.server.url");
            }
            this.server = Target.server("drill server", configured.url(), configured.username(),
                    configured.password());
        } else {
            this.server = Target.server("drill server", environment.getRequiredProperty("spring.datasource.url"),
                    environment.getProperty("spring.datasource.username", ""),
                    environment.getProperty("spring.datasource.password"));
        }
    }

    /** The server the drills of {@code target} restore on. */
    Target of(Target target) {
        return onTargetServer ? target : server;
    }
}
