package dev.dbops.backup;

import dev.dbops.backup.repository.BackupRepository;
import dev.dbops.backup.repository.FileSystemBackupRepository;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.EnableScheduling;

@SpringBootApplication(proxyBeanMethods = false)
@ConfigurationPropertiesScan
@EnableScheduling
public class BackupServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(BackupServiceApplication.class, args);
    }

    @Bean
    BackupRepository backupRepository(BackupSettings settings) {
        return new FileSystemBackupRepository(settings.repository().path());
    }
}
