package dev.dbops.migration.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The migration-service's request states are enums inside and the same strings outside: in the
 * {@code migration_request} columns of rows written before they were enums, in the REST view and in the metrics.
 */
class EnumWireValuesTest {

    @Test
    void theStatusColumnHoldsTheNamesAndTheOpenOnesAreTheQueue() {
        assertThat(Arrays.stream(RequestStatus.values()).map(Enum::name)).containsExactly("RECEIVED",
                "AWAITING_BACKUP", "READY", "RUNNING", "PLANNED", "COMPLETED", "FAILED", "ROLLED_BACK");
        assertThat(RequestStatus.OPEN).containsExactly(RequestStatus.RECEIVED, RequestStatus.AWAITING_BACKUP,
                RequestStatus.READY, RequestStatus.RUNNING);
        assertThat(Arrays.stream(RequestStatus.values()).filter(RequestStatus::isFinal)).containsExactly(
                RequestStatus.PLANNED, RequestStatus.COMPLETED, RequestStatus.FAILED, RequestStatus.ROLLED_BACK);
    }

    @Test
    void theKindColumnHoldsTheKindsAsTheirWords() {
        var column = new RequestKind.Column();
        assertThat(Arrays.stream(RequestKind.values()).map(column::convertToDatabaseColumn))
                .containsExactly("migrate", "rollback");
        for (RequestKind kind : RequestKind.values()) {
            assertThat(column.convertToEntityAttribute(column.convertToDatabaseColumn(kind))).isEqualTo(kind);
        }
        assertThat(column.convertToDatabaseColumn(null)).isNull();
        assertThatIllegalArgumentException().isThrownBy(() -> column.convertToEntityAttribute("MIGRATE"));
    }

    @Test
    void theBackupOutcomeColumnHoldsTheOutcomesAsTheirWords() {
        var column = new BackupOutcome.Column();
        assertThat(Arrays.stream(BackupOutcome.values()).map(column::convertToDatabaseColumn))
                .containsExactly("completed", "failed");
        for (BackupOutcome outcome : BackupOutcome.values()) {
            assertThat(column.convertToEntityAttribute(column.convertToDatabaseColumn(outcome))).isEqualTo(outcome);
        }
        assertThat(column.convertToEntityAttribute(null)).isNull();
    }
}
