package dev.dbops.backup.verify;

import java.util.Map;

/** What a passed verification checked: the files, the restored row counts, the smoke queries, the drill's time. */
public record VerificationReport(int filesChecked, Map<String, Long> rowCounts, int smokeQueries,
        long drillDurationMs) {
}
