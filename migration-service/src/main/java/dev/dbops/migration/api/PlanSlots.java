package dev.dbops.migration.api;

import dev.dbops.common.web.ServiceBusyException;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.stereotype.Component;

/**
 * Bounds how many plans the REST endpoint makes at once: each plan dumps the target's schema, loads a
 * scratch copy and runs the steps there, so unbounded callers would load the target's server (and this
 * instance) without limit. A caller beyond the bound gets 429 at once instead of queueing.
 */
@Component
class PlanSlots {

    /** @param maxConcurrentPlans plans the REST endpoint makes at once in this instance */
    @ConfigurationProperties("dbops.migration.api")
    record Settings(@DefaultValue("2") int maxConcurrentPlans) {
    }

    private final Semaphore slots;
    private final int size;

    PlanSlots(Settings settings) {
        if (settings.maxConcurrentPlans() < 1) {
            throw new IllegalStateException("dbops.migration.api.max-concurrent-plans must be at least 1, was "
                    + settings.maxConcurrentPlans());
        }
        this.size = settings.maxConcurrentPlans();
        this.slots = new Semaphore(size);
    }

    /** Runs {@code plan} in a free slot, or throws {@link Busy} when every slot is taken. */
    <T> T run(PlanCall<T> plan) throws Exception {
        if (!slots.tryAcquire()) {
            throw new Busy(size);
        }
        try {
            return plan.call();
        } finally {
            slots.release();
        }
    }

    interface PlanCall<T> {
        T call() throws Exception;
    }

    static final class Busy extends ServiceBusyException {
        Busy(int size) {
            super(size + " plans are being made already (dbops.migration.api.max-concurrent-plans); try again in a "
                    + "few seconds, or send a MigrationRequested with dryRun, which queues", Duration.ofSeconds(5));
        }
    }
}
