package dev.dbops.common.kit;

import dev.dbops.common.event.BackupReason;
import dev.dbops.common.event.BackupRequested;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** Run in its own JVM: commits a state change with its event, then dies at once, as kill -9 would. */
public final class CrashingProducer {

    private CrashingProducer() {
    }

    public static void main(String[] args) {
        String requestId = System.getProperty("requestId");
        ConfigurableApplicationContext app = new SpringApplicationBuilder(KitTestApplication.class).run(args);
        app.getBean(KitTestApplication.StateChange.class)
                .record(requestId, new BackupRequested(requestId, "orders", BackupReason.MANUAL, null), false);
        System.out.println("COMMITTED " + requestId);
        System.out.flush();
        Runtime.getRuntime().halt(137);
    }
}
