package dev.dbops.common.inbox;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param retention how long processed ids are remembered; redeliveries arrive within minutes, so a
 *     week is ample while keeping the table small
 */
@ConfigurationProperties("dbops.inbox")
public record InboxProperties(@DefaultValue("7d") Duration retention, @DefaultValue("1h") Duration purgeInterval) {
}
