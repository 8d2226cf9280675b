package dev.dbops.common.kafka;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param topicPrefix prepended to every topic name, so several stacks or test runs can share a cluster
 * @param partitions partitions of each dbops topic and its dead-letter topic (they must match)
 * @param maxPayloadBytes larger records are dead-lettered unread
 * @param factSources the ce_source of each facts topic's owner; facts from other sources are dead-lettered
 * @param retry back-off of the blocking retries of a record that failed for a transient reason: it is
 *     retried for as long as it takes, never dead-lettered
 */
@ConfigurationProperties("dbops.kafka")
public record KafkaKitProperties(@DefaultValue("") String topicPrefix, @DefaultValue("6") int partitions,
        @DefaultValue("1") short replicationFactor, @DefaultValue("1048576") int maxPayloadBytes,
        @DefaultValue FactSources factSources, @DefaultValue Retry retry) {

    public record Retry(@DefaultValue("500ms") Duration initialInterval,
            @DefaultValue("2.0") double multiplier, @DefaultValue("10s") Duration maxInterval) {
    }
}
