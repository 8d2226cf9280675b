package dev.dbops.backup.encryption;

import dev.dbops.backup.config.BackupSettings;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The key ring, read from files and the process environment when the service starts. */
@Configuration(proxyBeanMethods = false)
class EncryptionConfiguration {

    @Bean
    KeyRing keyRing(BackupSettings settings) {
        return KeyRing.load(settings, System::getenv);
    }
}
