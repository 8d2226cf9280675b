package dev.dbops.backup.progress;

import dev.dbops.backup.config.BackupSettings;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/** Runs a report every {@code dbops.backup.progress.interval} while some work runs; none before the first. */
@Component
public class ProgressReports implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ProgressReports.class);

    private final Duration interval;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "progress-reports");
        thread.setDaemon(true);
        return thread;
    });

    ProgressReports(BackupSettings settings) {
        this.interval = settings.progress().interval();
    }

    /** Starts reporting; closing the result stops it, and waits for a report under way, so none follows. */
    public Reporting every(Runnable report) {
        Reporting reporting = new Reporting(report);
        reporting.future = scheduler.scheduleWithFixedDelay(reporting::run, interval.toMillis(), interval.toMillis(),
                TimeUnit.MILLISECONDS);
        return reporting;
    }

    @Override
    public void destroy() {
        scheduler.shutdownNow();
    }

    /** One work's reports; the outcome event is published only after {@link #close()} returned. */
    public static final class Reporting implements AutoCloseable {

        private final Runnable report;
        private volatile ScheduledFuture<?> future;
        private boolean closed;

        private Reporting(Runnable report) {
            this.report = report;
        }

        private synchronized void run() {
            if (closed) {
                return;
            }
            try {
                report.run();
            } catch (RuntimeException e) {
                // a missed report is no reason to stop the work or the next report
                log.warn("Progress report failed: {}", e.toString());
            }
        }

        @Override
        public synchronized void close() {
            closed = true;
            future.cancel(false);
        }
    }
}
