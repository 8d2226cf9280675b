package dev.dbops.backup.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbops.common.cloudevents.EventCodec;
import dev.dbops.common.event.BackupVerified;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RowCountSummaryTest {

    @Test
    void theRowCountsOfFiftyThousandTablesFitInOneKafkaRecord() {
        Map<String, Long> counts = new HashMap<>();
        for (int i = 0; i < 50_000; i++) {
            counts.put("tenant_schema_" + (i / 100) + ".table_with_a_long_descriptive_name_" + i, 1_000_000L + i);
        }
        RowCountSummary summary = RowCountSummary.of(counts, 1000);
        BackupVerified event = new BackupVerified("b", "t", 50_001, summary.shown(), summary.tables(), summary.rows(),
                1, 1000, Instant.now());
        byte[] json = EventCodec.mapper().writeValueAsBytes(event);
        assertThat(json.length).isLessThan(1_048_576 / 4); // Kafka's default max.request.size, with room to spare
        assertThat(summary.shown()).hasSize(1000).containsKey("tenant_schema_0.table_with_a_long_descriptive_name_0");
        assertThat(summary.tables()).isEqualTo(50_000);
        assertThat(summary.rows()).isEqualTo(50_000L * 1_000_000L + 49_999L * 50_000L / 2);
    }

    @Test
    void aSmallDatabaseIsShownWhole() {
        RowCountSummary summary = RowCountSummary.of(Map.of("b.y", 2L, "a.x", 1L), 1000);
        assertThat(summary.shown()).containsExactly(Map.entry("a.x", 1L), Map.entry("b.y", 2L));
        assertThat(summary.tables()).isEqualTo(2);
        assertThat(summary.rows()).isEqualTo(3);
    }
}
