package dev.dbops.backup.store;

import com.fasterxml.jackson.annotation.JsonValue;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * The verification check a backup failed. {@link #value()} is the word in BackupVerificationFailed, the REST
 * view and the catalog's {@code verification_check} column, unchanged since the checks were strings.
 */
public enum VerificationCheck {
    /** a file or the manifest differs from its SHA-256, or a file is missing or extra */
    CHECKSUM("checksum"),
    /** pg_restore --list cannot read the archive or shows no data for a table of the manifest */
    LIST("list"),
    /** the restore into the scratch database failed, or verification could not run */
    DRILL("drill"),
    /** a restored table's row count differs from the manifest's */
    ROW_COUNT("row-count"),
    /** a smoke query failed or returned false */
    SMOKE_QUERY("smoke-query");

    private final String value;

    VerificationCheck(String value) {
        this.value = value;
    }

    @JsonValue
    public String value() {
        return value;
    }

    public static VerificationCheck of(String value) {
        return Arrays.stream(values()).filter(check -> check.value.equals(value)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown verification check '" + value + "'"));
    }

    /** Stores the check as its word, as the column has always held it. */
    @Converter
    public static final class Column implements AttributeConverter<VerificationCheck, String> {

        @Override
        public @Nullable String convertToDatabaseColumn(@Nullable VerificationCheck check) {
            return check == null ? null : check.value;
        }

        @Override
        public @Nullable VerificationCheck convertToEntityAttribute(@Nullable String value) {
            return value == null ? null : of(value);
        }
    }
}
