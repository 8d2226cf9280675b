package dev.dbops.common.target;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

@AutoConfiguration
@EnableConfigurationProperties(TargetProperties.class)
public class TargetRegistryAutoConfiguration {

    @Bean
    TargetRegistry targetRegistry(TargetProperties properties) {
        return new TargetRegistry(properties);
    }
}
