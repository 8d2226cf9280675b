package dev.dbops.migration.store;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * How the pre-migration backup a request waits for ended, as the backup-service answered it. {@link #value()} is
 * the word in the {@code backup_outcome} column, unchanged since outcomes were strings.
 */
public enum BackupOutcome {
    /** BackupCompleted: the request may run */
    COMPLETED("completed"),
    /** BackupFailed: the request fails with the target untouched */
    FAILED("failed");

    private final String value;

    BackupOutcome(String value) {
        this.value = value;
    }

    public String value() {
        return value;
    }

    public static BackupOutcome of(String value) {
        return Arrays.stream(values()).filter(outcome -> outcome.value.equals(value)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown backup outcome '" + value + "'"));
    }

    /** Stores the outcome as its word, as the column has always held it. */
    @Converter
    public static final class Column implements AttributeConverter<BackupOutcome, String> {

        @Override
        public @Nullable String convertToDatabaseColumn(@Nullable BackupOutcome outcome) {
            return outcome == null ? null : outcome.value;
        }

        @Override
        public @Nullable BackupOutcome convertToEntityAttribute(@Nullable String value) {
            return value == null ? null : of(value);
        }
    }
}
