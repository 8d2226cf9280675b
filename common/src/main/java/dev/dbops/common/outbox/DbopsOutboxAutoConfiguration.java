package dev.dbops.common.outbox;

import dev.dbops.common.inbox.IdempotentConsumer;
import dev.dbops.common.inbox.InboxJanitor;
import dev.dbops.common.inbox.InboxProperties;
import dev.dbops.common.kafka.DbopsKafkaAutoConfiguration;
import dev.dbops.common.kafka.TopicNames;
import java.time.Clock;
import java.util.Arrays;
import java.util.stream.Stream;
import org.flywaydb.core.api.Location;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Outbox and inbox in the service's own schema; their tables come with the service's Flyway run. */
@AutoConfiguration(after = {DbopsKafkaAutoConfiguration.class, JdbcTemplateAutoConfiguration.class,
        DataSourceTransactionManagerAutoConfiguration.class},
        afterName = "org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration")
@EnableConfigurationProperties({OutboxProperties.class, InboxProperties.class})
public class DbopsOutboxAutoConfiguration {

    static final String KIT_MIGRATIONS = "classpath:db/dbops-kit";

    @Bean
    FlywayConfigurationCustomizer dbopsKitMigrations() {
        return configuration -> configuration.locations(Stream.concat(
                        Arrays.stream(configuration.getLocations()).map(Location::getDescriptor),
                        Stream.of(KIT_MIGRATIONS))
                .distinct().toArray(String[]::new));
    }

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    OutboxRelay outboxRelay(JdbcTemplate jdbc, PlatformTransactionManager transactions,
            KafkaTemplate<String, Object> kafka, OutboxProperties outbox) {
        return new OutboxRelay(jdbc, new TransactionTemplate(transactions), kafka, outbox.pollInterval(),
                outbox.batchSize(), outbox.sendTimeout());
    }

    @Bean
    OutboxBacklogMetrics outboxBacklogMetrics(JdbcTemplate jdbc) {
        return new OutboxBacklogMetrics(jdbc);
    }

    @Bean
    EventPublisher eventPublisher(JdbcTemplate jdbc, TopicNames topics, OutboxRelay relay, OutboxProperties outbox,
            Environment environment, Clock clock) {
        String source = outbox.source() != null ? outbox.source()
                : "/dbops/" + environment.getProperty("spring.application.name", "service");
        return new EventPublisher(jdbc, topics, source, relay, clock);
    }

    @Bean
    IdempotentConsumer idempotentConsumer(JdbcTemplate jdbc, PlatformTransactionManager transactions) {
        return new IdempotentConsumer(jdbc, new TransactionTemplate(transactions));
    }

    @Bean
    InboxJanitor inboxJanitor(IdempotentConsumer inbox, InboxProperties properties) {
        return new InboxJanitor(inbox, properties);
    }
}
