package dev.dbops.common.inbox;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/** Forgets processed event ids past their retention, so the inbox does not grow without bound. */
public class InboxJanitor implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(InboxJanitor.class);

    private final IdempotentConsumer inbox;
    private final InboxProperties properties;
    private ScheduledExecutorService scheduler;

    public InboxJanitor(IdempotentConsumer inbox, InboxProperties properties) {
        this.inbox = inbox;
        this.properties = properties;
    }

    @Override
    public void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "dbops-inbox-janitor");
            thread.setDaemon(true);
            return thread;
        });
        long every = properties.purgeInterval().toMillis();
        scheduler.scheduleWithFixedDelay(this::purge, every, every, TimeUnit.MILLISECONDS);
    }

    void purge() {
        try {
            int purged = inbox.purgeOlderThan(properties.retention());
            if (purged > 0) {
                log.debug("Forgot {} processed event ids older than {}", purged, properties.retention());
            }
        } catch (RuntimeException e) {
            log.warn("Could not purge the inbox; will try again: {}", e.getMessage());
        }
    }

    @Override
    public void stop() {
        scheduler.shutdownNow();
    }

    @Override
    public boolean isRunning() {
        return scheduler != null && !scheduler.isShutdown();
    }
}
