package dev.dbops.backup.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbops.backup.restore.RestoreStatus;
import dev.dbops.backup.retention.GfsPolicy;
import dev.dbops.backup.retention.KeepReason;
import dev.dbops.backup.store.BackupStatus;
import dev.dbops.backup.store.Verification;
import dev.dbops.backup.store.VerificationCheck;
import dev.dbops.common.event.BackupReason;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * The backup-service's states are enums inside and the same strings outside: in REST's JSON, in the events and in
 * the catalog's columns (BackupFlowIT reads them back from a running service and its database).
 */
class EnumWireValuesTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void restShowsStatusesByNameAndReasonsAndChecksAsTheirWords() {
        assertThat(json(BackupStatus.values())).isEqualTo("[\"QUEUED\",\"RUNNING\",\"COMPLETED\",\"FAILED\"]");
        assertThat(json(RestoreStatus.values())).isEqualTo("[\"QUEUED\",\"RUNNING\",\"COMPLETED\",\"FAILED\"]");
        assertThat(json(Verification.values()))
                .isEqualTo("[\"NONE\",\"PENDING\",\"RUNNING\",\"VERIFIED\",\"FAILED\"]");
        assertThat(json(BackupReason.values())).isEqualTo("[\"manual\",\"scheduled\",\"pre-migration\"]");
        assertThat(json(VerificationCheck.values()))
                .isEqualTo("[\"checksum\",\"list\",\"drill\",\"row-count\",\"smoke-query\"]");
    }

    @Test
    void theCatalogStoresAFailedCheckAsItsWordAndReadsItBack() {
        var column = new VerificationCheck.Column();
        assertThat(Arrays.stream(VerificationCheck.values()).map(column::convertToDatabaseColumn))
                .containsExactly("checksum", "list", "drill", "row-count", "smoke-query");
        for (VerificationCheck check : VerificationCheck.values()) {
            assertThat(column.convertToEntityAttribute(column.convertToDatabaseColumn(check))).isEqualTo(check);
        }
        assertThat(column.convertToDatabaseColumn(null)).isNull();
    }

    @Test
    void theRetentionClassListsTheReasonsAsBefore() {
        assertThat(GfsPolicy.retentionClass(new LinkedHashSet<>(List.of(KeepReason.values()))))
                .isEqualTo("hourly,daily,weekly,monthly,newest-verified,in-progress,pending-verification,in-use,"
                        + "pre-migration");
    }

    private static String json(Object value) {
        return JSON.writeValueAsString(value);
    }
}
