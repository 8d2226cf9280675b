package dev.dbops.common.kit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbops.common.inbox.IdempotentConsumer;
import dev.dbops.common.testing.TestDatabase;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/** Processed ids are remembered for the retention and forgotten after it. */
class InboxRetentionIT {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase("inbox_retention");

    @Test
    void forgetsOnlyIdsPastTheRetention() {
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(KitTestApplication.class)
                .properties(KafkaKitIT.toArgs(KitTestSupport.properties(db, "InboxRetentionIT"))).run()) {
            IdempotentConsumer inbox = app.getBean(IdempotentConsumer.class);
            JdbcTemplate jdbc = app.getBean(JdbcTemplate.class);
            assertThat(inbox.claim("c", "old")).isTrue();
            assertThat(inbox.claim("c", "new")).isTrue();
            assertThat(inbox.claim("c", "new")).isFalse();
            jdbc.update("UPDATE dbops_inbox SET processed_at = now() - interval '8 days' WHERE event_id = 'old'");

            assertThat(inbox.purgeOlderThan(Duration.ofDays(7))).isEqualTo(1);
            assertThat(jdbc.queryForList("SELECT event_id FROM dbops_inbox", String.class)).containsExactly("new");
        }
    }
}
