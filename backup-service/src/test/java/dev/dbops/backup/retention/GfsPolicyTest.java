package dev.dbops.backup.retention;

import static dev.dbops.backup.retention.Candidate.State.IN_PROGRESS;
import static dev.dbops.backup.retention.Candidate.State.PENDING_VERIFICATION;
import static dev.dbops.backup.retention.Candidate.State.VERIFICATION_FAILED;
import static dev.dbops.backup.retention.Candidate.State.VERIFIED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class GfsPolicyTest {

    static final ZoneId UTC = ZoneOffset.UTC;

    static RetentionPolicy policy(int hourly, int daily, int weekly, int monthly) {
        return new RetentionPolicy(hourly, daily, weekly, monthly, UTC, Duration.ofDays(7));
    }

    /** Decided at a fixed time, so that the pre-migration window is exact. */
    static final Instant NOW = Instant.parse("2026-03-20T12:00:00Z");

    static RetentionDecision decide(List<Candidate> candidates, RetentionPolicy policy) {
        return GfsPolicy.decide(candidates, policy, NOW);
    }

    static Candidate verified(String id, String at) {
        return new Candidate(id, Instant.parse(at), VERIFIED, false, false);
    }

    static Candidate of(String id, String at, Candidate.State state) {
        return new Candidate(id, at == null ? null : Instant.parse(at), state, false, false);
    }

    static List<String> keptIds(RetentionDecision d) {
        return List.copyOf(d.kept().keySet());
    }

    @Nested
    class Hours {

        @Test
        void keepsTheNewestOfEachHourAndExpiresTheRest() {
            var d = decide(List.of(
                    verified("a", "2026-03-10T10:00:00Z"),
                    verified("b", "2026-03-10T10:59:59.999Z"),
                    verified("c", "2026-03-10T11:00:00Z"),
                    verified("d", "2026-03-10T11:30:00Z")), policy(24, 0, 0, 0));
            assertThat(d.kept()).containsOnlyKeys("b", "d");
            assertThat(d.kept().get("b")).containsExactly(KeepReason.HOURLY);
            assertThat(d.expired()).containsExactly("a", "c");
        }

        @Test
        void countsOnlyHoursThatHoldBackupsSoAGapReachesFurtherBack() {
            var d = decide(List.of(
                    verified("h01", "2026-03-10T01:10:00Z"),
                    verified("h02", "2026-03-10T02:10:00Z"),
                    // 03:00 to 08:59 nothing: a gap
                    verified("h09", "2026-03-10T09:10:00Z"),
                    verified("h10", "2026-03-10T10:10:00Z")), policy(3, 0, 0, 0));
            assertThat(d.kept()).containsOnlyKeys("h10", "h09", "h02");
            assertThat(d.expired()).containsExactly("h01");
        }

        @Test
        void aHalfHourZoneBucketsByItsOwnLocalHours() {
            // Asia/Kolkata is UTC+05:30: 10:20Z and 10:40Z are 15:50 and 16:10 local, two local hours
            var kolkata = new RetentionPolicy(24, 0, 0, 0, ZoneId.of("Asia/Kolkata"), Duration.ofDays(7));
            var candidates = List.of(verified("a", "2026-03-10T10:20:00Z"), verified("b", "2026-03-10T10:40:00Z"));
            assertThat(decide(candidates, kolkata).kept()).containsOnlyKeys("a", "b");
            assertThat(decide(candidates, policy(24, 0, 0, 0)).kept()).containsOnlyKeys("b");
        }

        @Test
        void theRepeatedHourWhenClocksFallBackIsTwoHours() {
            // Europe/Berlin 2026-10-25: 02:00-02:59 local happens twice, at 00:xxZ (+02) and 01:xxZ (+01)
            var berlin = new RetentionPolicy(24, 0, 0, 0, ZoneId.of("Europe/Berlin"), Duration.ofDays(7));
            var d = decide(List.of(
                    verified("first-0230", "2026-10-25T00:30:00Z"),
                    verified("second-0230", "2026-10-25T01:30:00Z")), berlin);
            assertThat(d.kept()).containsOnlyKeys("first-0230", "second-0230");
        }

        @Test
        void theMissingHourWhenClocksSpringForwardIsNoBucket() {
            // Europe/Berlin 2026-03-29: 01:59:59 (+01) is followed by 03:00 (+02)
            var berlin = new RetentionPolicy(2, 0, 0, 0, ZoneId.of("Europe/Berlin"), Duration.ofDays(7));
            var d = decide(List.of(
                    verified("0130", "2026-03-29T00:30:00Z"),
                    verified("0300", "2026-03-29T01:00:00Z"),
                    verified("0330", "2026-03-29T01:30:00Z")), berlin);
            assertThat(d.kept()).containsOnlyKeys("0330", "0130");
            assertThat(d.expired()).containsExactly("0300");
        }
    }

    @Nested
    class Days {

        @Test
        void midnightStartsANewDay() {
            var d = decide(List.of(
                    verified("late", "2026-03-10T23:59:59.999Z"),
                    verified("early", "2026-03-11T00:00:00Z")), policy(0, 30, 0, 0));
            assertThat(d.kept()).containsOnlyKeys("late", "early");
        }

        @Test
        void theZoneDecidesWhichDayAnInstantBelongsTo() {
            // 03:00Z and 05:00Z are both 2026-03-10 in UTC, but 23:00 on the 9th and 01:00 on the 10th in New York
            var candidates = List.of(verified("a", "2026-03-10T03:00:00Z"), verified("b", "2026-03-10T05:00:00Z"));
            assertThat(decide(candidates, policy(0, 30, 0, 0)).kept()).containsOnlyKeys("b");
            var newYork = new RetentionPolicy(0, 30, 0, 0, ZoneId.of("America/New_York"), Duration.ofDays(7));
            assertThat(decide(candidates, newYork).kept()).containsOnlyKeys("a", "b");
        }

        @Test
        void keepsExactlyTheConfiguredNumberOfDays() {
            List<Candidate> daily = new ArrayList<>();
            Instant start = Instant.parse("2026-01-01T12:00:00Z");
            for (int i = 0; i < 40; i++) {
                daily.add(new Candidate("d" + i, start.plus(Duration.ofDays(i)), VERIFIED, false, false));
            }
            var d = decide(daily, policy(0, 30, 0, 0));
            assertThat(d.kept()).hasSize(30).containsKeys("d39", "d10").doesNotContainKey("d9");
            assertThat(d.expired()).hasSize(10).startsWith("d0").endsWith("d9");
        }

        @Test
        void daysWithoutBackupsUseNoSlot() {
            var d = decide(List.of(
                    verified("jan01", "2026-01-01T12:00:00Z"),
                    verified("jan05", "2026-01-05T12:00:00Z"),
                    verified("feb20", "2026-02-20T12:00:00Z")), policy(0, 2, 0, 0));
            assertThat(d.kept()).containsOnlyKeys("feb20", "jan05");
            assertThat(d.expired()).containsExactly("jan01");
        }
    }

    @Nested
    class Weeks {

        @Test
        void anIsoWeekRunsMondayToSunday() {
            // 2026-03-08 is a Sunday, 2026-03-09 a Monday
            var d = decide(List.of(
                    verified("mon", "2026-03-02T08:00:00Z"),
                    verified("sun", "2026-03-08T23:59:59Z"),
                    verified("next-mon", "2026-03-09T00:00:00Z")), policy(0, 0, 12, 0));
            assertThat(d.kept()).containsOnlyKeys("sun", "next-mon");
            assertThat(d.expired()).containsExactly("mon");
        }

        @Test
        void theWeekAcrossNewYearIsOneWeek() {
            // 2024-12-30 (Mon) .. 2025-01-05 (Sun) is ISO week 2025-W01
            var d = decide(List.of(
                    verified("dec30", "2024-12-30T10:00:00Z"),
                    verified("jan02", "2025-01-02T10:00:00Z"),
                    verified("dec29", "2024-12-29T10:00:00Z")), policy(0, 0, 12, 0));
            assertThat(d.kept()).containsOnlyKeys("jan02", "dec29");
            assertThat(d.expired()).containsExactly("dec30");
        }

        @Test
        void week53IsItsOwnBucket() {
            // 2026 has 53 ISO weeks: 2026-12-31 is 2026-W53, 2027-01-04 is 2027-W01
            var d = decide(List.of(
                    verified("w52", "2026-12-21T10:00:00Z"),
                    verified("w53", "2026-12-31T10:00:00Z"),
                    verified("w01", "2027-01-04T10:00:00Z")), policy(0, 0, 2, 0));
            assertThat(d.kept()).containsOnlyKeys("w01", "w53");
        }
    }

    @Nested
    class Months {

        @Test
        void theLastMomentOfAMonthAndTheFirstOfTheNextAreTwoMonths() {
            var d = decide(List.of(
                    verified("feb1", "2026-02-01T00:00:00Z"),
                    verified("feb28", "2026-02-28T23:59:59.999Z"),
                    verified("mar1", "2026-03-01T00:00:00Z")), policy(0, 0, 0, 12));
            assertThat(d.kept()).containsOnlyKeys("feb28", "mar1");
            assertThat(d.expired()).containsExactly("feb1");
        }

        @Test
        void monthsAreLocalToTheZone() {
            // 2026-03-31T23:30Z is already April 1st in Berlin
            var berlin = new RetentionPolicy(0, 0, 0, 12, ZoneId.of("Europe/Berlin"), Duration.ofDays(7));
            var candidates = List.of(verified("mar", "2026-03-31T20:00:00Z"), verified("apr", "2026-03-31T23:30:00Z"));
            assertThat(decide(candidates, berlin).kept()).containsOnlyKeys("mar", "apr");
            assertThat(decide(candidates, policy(0, 0, 0, 12)).kept()).containsOnlyKeys("apr");
        }

        @Test
        void monthsWithoutBackupsUseNoSlot() {
            var d = decide(List.of(
                    verified("2025-01", "2025-01-15T00:00:00Z"),
                    verified("2025-06", "2025-06-15T00:00:00Z"),
                    verified("2026-02", "2026-02-15T00:00:00Z")), policy(0, 0, 0, 2));
            assertThat(d.kept()).containsOnlyKeys("2026-02", "2025-06");
        }
    }

    @Nested
    class Classes {

        @Test
        void oneBackupCanFillSeveralClassesAndCarriesThemAll() {
            var d = decide(List.of(
                    verified("old", "2026-01-31T10:00:00Z"),
                    verified("new", "2026-03-10T10:00:00Z")), policy(24, 30, 12, 12));
            assertThat(d.kept().get("new")).containsExactly(KeepReason.HOURLY, KeepReason.DAILY, KeepReason.WEEKLY,
                    KeepReason.MONTHLY, KeepReason.NEWEST_VERIFIED);
            assertThat(d.kept().get("old")).containsExactly(KeepReason.HOURLY, KeepReason.DAILY, KeepReason.WEEKLY,
                    KeepReason.MONTHLY);
            assertThat(GfsPolicy.retentionClass(d.kept().get("old"))).isEqualTo("hourly,daily,weekly,monthly");
        }

        @Test
        void aTypicalFortyDayHourlyHistoryWithDefaults() {
            List<Candidate> history = new ArrayList<>();
            Instant start = Instant.parse("2026-01-01T00:30:00Z");
            for (int h = 0; h < 40 * 24; h++) {
                history.add(new Candidate("b" + h, start.plus(Duration.ofHours(h)), VERIFIED, false, false));
            }
            var d = decide(history, policy(24, 30, 12, 12));
            // 24 hourly (the last day), 30 daily, 7 weekly (2026-W01..W07) and 2 monthly, many of them coinciding
            assertThat(d.kept().entrySet().stream().filter(e -> e.getValue().contains(KeepReason.HOURLY))).hasSize(24);
            assertThat(d.kept().entrySet().stream().filter(e -> e.getValue().contains(KeepReason.DAILY))).hasSize(30);
            assertThat(d.kept().entrySet().stream().filter(e -> e.getValue().contains(KeepReason.WEEKLY))).hasSize(7);
            assertThat(d.kept().entrySet().stream().filter(e -> e.getValue().contains(KeepReason.MONTHLY))).hasSize(2);
            assertThat(d.kept().size() + d.expired().size()).isEqualTo(history.size());
            assertThat(d.kept().get("b743")).contains(KeepReason.MONTHLY); // 2026-01-31T23:30Z, January's last
            assertThat(d.kept().get("b95")).containsExactly(KeepReason.WEEKLY); // 2026-01-04T23:30Z, W01's last
            assertThat(d.expired()).contains("b0");
            assertThat(d.kept().get("b959")).contains(KeepReason.NEWEST_VERIFIED);
        }

        @Test
        void zeroEverywhereStillKeepsTheNewestVerified() {
            var d = decide(List.of(
                    verified("a", "2026-03-10T10:00:00Z"),
                    verified("b", "2026-03-11T10:00:00Z")), policy(0, 0, 0, 0));
            assertThat(d.kept()).containsOnlyKeys("b");
            assertThat(d.kept().get("b")).containsExactly(KeepReason.NEWEST_VERIFIED);
            assertThat(d.expired()).containsExactly("a");
        }

        @Test
        void negativeCountsAreRejected() {
            assertThatThrownBy(() -> policy(-1, 0, 0, 0)).isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void nothingToDecideIsNoRefusal() {
            var d = decide(List.of(), policy(24, 30, 12, 12));
            assertThat(d.kept()).isEmpty();
            assertThat(d.expired()).isEmpty();
            assertThat(d.isRefused()).isFalse();
        }
    }

    @Nested
    class NeverDelete {

        @Test
        void theNewestVerifiedEvenWhenNewerBackupsFailedOrArePending() {
            var d = decide(List.of(
                    verified("good", "2026-03-01T10:00:00Z"),
                    verified("older", "2026-02-01T10:00:00Z"),
                    of("broken", "2026-03-05T10:00:00Z", VERIFICATION_FAILED),
                    of("fresh", "2026-03-06T10:00:00Z", PENDING_VERIFICATION)), policy(0, 0, 0, 0));
            assertThat(d.kept()).containsOnlyKeys("good", "fresh");
            assertThat(d.expired()).containsExactly("older", "broken");
        }

        @Test
        void aBackupInProgress() {
            var d = decide(List.of(
                    verified("a", "2026-03-10T10:00:00Z"),
                    of("running", null, IN_PROGRESS)), policy(0, 0, 0, 0));
            assertThat(d.kept().get("running")).containsExactly(KeepReason.IN_PROGRESS);
            assertThat(d.expired()).isEmpty();
        }

        @Test
        void aBackupAwaitingItsVerification() {
            var d = decide(List.of(
                    verified("a", "2026-03-10T10:00:00Z"),
                    of("p", "2026-01-10T10:00:00Z", PENDING_VERIFICATION)), policy(0, 0, 0, 0));
            assertThat(d.kept().get("p")).containsExactly(KeepReason.PENDING_VERIFICATION);
        }

        @Test
        void aBackupARestoreUses() {
            var d = decide(List.of(
                    verified("new", "2026-03-10T10:00:00Z"),
                    new Candidate("restoring", Instant.parse("2025-01-01T00:00:00Z"), VERIFIED, true, false),
                    new Candidate("failed-but-restoring", Instant.parse("2025-02-01T00:00:00Z"),
                            VERIFICATION_FAILED, true, false)), policy(1, 1, 1, 1));
            assertThat(d.kept().get("restoring")).containsExactly(KeepReason.IN_USE);
            assertThat(d.kept().get("failed-but-restoring")).containsExactly(KeepReason.IN_USE);
            assertThat(d.expired()).isEmpty();
        }

        @Test
        void aVerifiedPreMigrationBackupForPreMigrationEvenWhenANewerOneOfTheSameHourExists() {
            var d = decide(List.of(
                    new Candidate("before-migration", Instant.parse("2026-03-20T10:00:00Z"), VERIFIED, false, true),
                    verified("after-migration", "2026-03-20T10:00:08Z")), policy(24, 30, 12, 12));
            assertThat(d.kept().get("before-migration")).containsExactly(KeepReason.PRE_MIGRATION);
            assertThat(d.expired()).isEmpty();
        }

        @Test
        void aPreMigrationBackupOnlyForPreMigrationThenGfsDecides() {
            var d = decide(List.of(
                    new Candidate("week-old", NOW.minus(Duration.ofDays(7)), VERIFIED, false, true),
                    new Candidate("days-old", NOW.minus(Duration.ofDays(6)), VERIFIED, false, true),
                    verified("newest", NOW.minusSeconds(60).toString())), policy(0, 0, 0, 0));
            assertThat(d.kept()).containsOnlyKeys("days-old", "newest");
            assertThat(d.expired()).containsExactly("week-old");
        }

        @Test
        void verificationFailedBackupsFillNoSlot() {
            var d = decide(List.of(
                    verified("monday", "2026-03-09T10:00:00Z"),
                    of("tuesday-broken", "2026-03-10T10:00:00Z", VERIFICATION_FAILED)), policy(24, 30, 12, 12));
            assertThat(d.kept()).containsOnlyKeys("monday");
            assertThat(d.expired()).containsExactly("tuesday-broken");
        }

        @Test
        void refusesWhenExpiryWouldLeaveNoVerifiedBackup() {
            var d = decide(List.of(
                    of("broken1", "2026-03-09T10:00:00Z", VERIFICATION_FAILED),
                    of("broken2", "2026-03-10T10:00:00Z", VERIFICATION_FAILED),
                    of("pending", "2026-03-11T10:00:00Z", PENDING_VERIFICATION)), policy(24, 30, 12, 12));
            assertThat(d.isRefused()).isTrue();
            assertThat(d.refusal()).contains("without a verified backup");
            assertThat(d.expired()).isEmpty();
            assertThat(d.refused()).containsExactly("broken1", "broken2");
        }

        @Test
        void noVerifiedBackupButNothingToExpireIsNoRefusal() {
            var d = decide(List.of(
                    of("pending", "2026-03-11T10:00:00Z", PENDING_VERIFICATION),
                    of("running", null, IN_PROGRESS)), policy(0, 0, 0, 0));
            assertThat(d.isRefused()).isFalse();
            assertThat(d.kept()).containsOnlyKeys("pending", "running");
        }

        @Test
        void aBackupCannotBePendingWithoutACompletionTime() {
            assertThatThrownBy(() -> of("x", null, VERIFIED)).isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void everyCandidateIsEitherKeptOrExpiredNeverBoth() {
            List<Candidate> all = new ArrayList<>();
            Instant start = Instant.parse("2025-06-01T00:00:00Z");
            Candidate.State[] states = Candidate.State.values();
            for (int i = 0; i < 500; i++) {
                Candidate.State state = states[i % states.length];
                Instant at = state == IN_PROGRESS ? null : start.plus(Duration.ofMinutes(97L * i));
                all.add(new Candidate("c" + i, at, state, i % 37 == 0, false));
            }
            var d = decide(all, policy(5, 7, 4, 3));
            Set<String> expired = Set.copyOf(d.expired());
            assertThat(d.kept().keySet()).doesNotContainAnyElementsOf(expired);
            assertThat(d.kept().size() + expired.size()).isEqualTo(all.size());
            all.stream().filter(c -> c.inUse() || c.state() == IN_PROGRESS || c.state() == PENDING_VERIFICATION)
                    .forEach(c -> assertThat(expired).doesNotContain(c.backupId()));
        }
    }
}
