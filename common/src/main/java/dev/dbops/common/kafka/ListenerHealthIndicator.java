package dev.dbops.common.kafka;

import java.util.Map;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * DOWN while a listener retries a record that failed for a transient reason: the service is alive and
 * will carry the record out once the cause is gone, but it is not doing its work meanwhile.
 */
public class ListenerHealthIndicator extends AbstractHealthIndicator {

    private final StalledPartitions stalled;

    public ListenerHealthIndicator(StalledPartitions stalled) {
        super("Listener health check failed");
        this.stalled = stalled;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        Map<String, StalledPartitions.Stall> current = stalled.current();
        if (current.isEmpty()) {
            builder.up();
        } else {
            builder.down().withDetail("retrying", current);
        }
    }
}
