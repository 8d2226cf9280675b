package dev.dbops.backup.retention;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What retention decided for one target.
 *
 * @param kept every kept backup with why: the GFS classes it fills (hourly, daily, weekly, monthly) and the
 *             never-delete rules that protect it (newest-verified, in-progress, pending-verification, in-use)
 * @param expired backups to delete, oldest first; empty when refused
 * @param refused the backups expiry would have deleted, when it refused to delete anything
 * @param refusal why it refused
 */
public record RetentionDecision(Map<String, Set<KeepReason>> kept, List<String> expired, List<String> refused,
        @Nullable String refusal) {

    public boolean isRefused() {
        return refusal != null;
    }
}
