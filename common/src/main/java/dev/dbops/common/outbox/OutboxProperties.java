package dev.dbops.common.outbox;

import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param source the ce_source of every event this service publishes; {@code /dbops/<application name>} by default
 * @param pollInterval how often the relay looks for rows it was not woken for (commits wake it at once)
 */
@ConfigurationProperties("dbops.outbox")
public record OutboxProperties(@Nullable String source, @DefaultValue("100ms") Duration pollInterval,
        @DefaultValue("500") int batchSize, @DefaultValue("30s") Duration sendTimeout) {
}
