package dev.dbops.backup.repository;

import dev.dbops.backup.config.BackupSettings;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The repository backups are kept in: the file-system one at {@code dbops.backup.repository.path}. */
@Configuration(proxyBeanMethods = false)
class BackupRepositoryConfiguration {

    @Bean
    BackupRepository backupRepository(BackupSettings settings) {
        return new FileSystemBackupRepository(settings.repository().path());
    }
}
