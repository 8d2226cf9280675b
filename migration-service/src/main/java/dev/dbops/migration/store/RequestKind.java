package dev.dbops.migration.store;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * What a request asks for. {@link #value()} is the word in the {@code kind} column and the REST view, unchanged
 * since kinds were strings.
 */
public enum RequestKind {
    /** MigrationRequested: bring the target up to a version */
    MIGRATE("migrate"),
    /** RollbackRequested: run undo scripts down to a version */
    ROLLBACK("rollback");

    private final String value;

    RequestKind(String value) {
        this.value = value;
    }

    public String value() {
        return value;
    }

    public static RequestKind of(String value) {
        return Arrays.stream(values()).filter(kind -> kind.value.equals(value)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown request kind '" + value + "'"));
    }

    /** Stores the kind as its word, as the column has always held it. */
    @Converter
    public static final class Column implements AttributeConverter<RequestKind, String> {

        @Override
        public @Nullable String convertToDatabaseColumn(@Nullable RequestKind kind) {
            return kind == null ? null : kind.value;
        }

        @Override
        public @Nullable RequestKind convertToEntityAttribute(@Nullable String value) {
            return value == null ? null : of(value);
        }
    }
}
