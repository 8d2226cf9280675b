package dev.dbops.backup.retention;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.IsoFields;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Grandfather-father-son retention as a pure function.
 *
 * <p>Only verified backups fill GFS slots. For each class with count N, the newest verified backup of
 * each of the N most recent buckets (local hours, days, ISO weeks, months in the policy's zone) that hold
 * a verified backup is kept; a gap without backups uses no slot, so older buckets are reached instead.
 * Never expired, whatever the counts: the newest verified backup, a backup in progress or awaiting its
 * verification, one a restore uses, and a verified pre-migration backup younger than the policy's
 * {@code preMigration} (a newer backup of the same hour must not take the migration's restore point away).
 * Verification-failed backups fill no slot. When a target has no
 * verified backup at all, expiry refuses and deletes nothing: it would leave the target without one.
 */
public final class GfsPolicy {


    private GfsPolicy() {
    }

    public static RetentionDecision decide(List<Candidate> candidates, RetentionPolicy policy, Instant now) {
        Map<String, Set<KeepReason>> kept = new LinkedHashMap<>();
        List<Candidate> verified = candidates.stream()
                .filter(c -> c.state() == Candidate.State.VERIFIED)
                .sorted(Comparator.comparing(Candidate::completedAt).thenComparing(Candidate::backupId).reversed())
                .toList();

        fill(verified, policy.hourly(), t -> ZonedDateTime.ofInstant(t, policy.zone()).truncatedTo(ChronoUnit.HOURS)
                .toInstant(), KeepReason.HOURLY, kept);
        fill(verified, policy.daily(), t -> LocalDate.ofInstant(t, policy.zone()), KeepReason.DAILY, kept);
        fill(verified, policy.weekly(), t -> isoWeek(t, policy), KeepReason.WEEKLY, kept);
        fill(verified, policy.monthly(), t -> YearMonth.from(ZonedDateTime.ofInstant(t, policy.zone())),
                KeepReason.MONTHLY, kept);
        if (!verified.isEmpty()) {
            keep(kept, verified.get(0).backupId(), KeepReason.NEWEST_VERIFIED);
        }
        for (Candidate c : candidates) {
            if (c.state() == Candidate.State.IN_PROGRESS) {
                keep(kept, c.backupId(), KeepReason.IN_PROGRESS);
            }
            if (c.state() == Candidate.State.PENDING_VERIFICATION) {
                keep(kept, c.backupId(), KeepReason.PENDING_VERIFICATION);
            }
            if (c.inUse()) {
                keep(kept, c.backupId(), KeepReason.IN_USE);
            }
            if (c.preMigration() && c.state() == Candidate.State.VERIFIED
                    && c.completedAt().plus(policy.preMigration()).isAfter(now)) {
                keep(kept, c.backupId(), KeepReason.PRE_MIGRATION);
            }
        }

        List<String> expired = candidates.stream()
                .filter(c -> !kept.containsKey(c.backupId()))
                .sorted(Comparator.comparing(Candidate::completedAt).thenComparing(Candidate::backupId))
                .map(Candidate::backupId)
                .toList();
        if (verified.isEmpty() && !expired.isEmpty()) {
            return new RetentionDecision(kept, List.of(), expired,
                    "expiry would leave the target without a verified backup");
        }
        return new RetentionDecision(kept, expired, List.of(), null);
    }

    /** Keeps the newest backup of each of the {@code count} most recent buckets, in newest-first order. */
    private static void fill(List<Candidate> newestFirst, int count, Function<Instant, Object> bucket, KeepReason label,
            Map<String, Set<KeepReason>> kept) {
        Set<Object> seen = new HashSet<>();
        for (Candidate c : newestFirst) {
            if (seen.size() >= count) {
                return;
            }
            if (seen.add(bucket.apply(c.completedAt()))) {
                keep(kept, c.backupId(), label);
            }
        }
    }

    private static String isoWeek(Instant t, RetentionPolicy policy) {
        ZonedDateTime local = ZonedDateTime.ofInstant(t, policy.zone());
        return local.get(IsoFields.WEEK_BASED_YEAR) + "-W" + local.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR);
    }

    private static void keep(Map<String, Set<KeepReason>> kept, String backupId, KeepReason reason) {
        kept.computeIfAbsent(backupId, id -> new LinkedHashSet<>()).add(reason);
    }

    /** The reasons as the catalog's retention class, e.g. {@code daily,weekly}. */
    public static String retentionClass(Set<KeepReason> reasons) {
        return String.join(",", reasons.stream().map(KeepReason::value).toList());
    }
}
