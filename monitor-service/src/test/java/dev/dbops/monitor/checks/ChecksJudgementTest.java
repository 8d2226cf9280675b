package dev.dbops.monitor.checks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbops.monitor.rules.Reading;
import dev.dbops.monitor.rules.Rule;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChecksJudgementTest {

    private static Reading reading(Observations obs, Rule rule) {
        return obs.readings().stream().filter(r -> r.rule() == rule).findFirst().orElseThrow();
    }

    @Test
    void sessionsGiveLongestQueryLongestIdleTransactionAndTheBlockingChain() {
        List<ActivityCheck.Session> sessions = List.of(
                new ActivityCheck.Session(10, "idle in transaction", "app", "alice", 400, 75, 400, List.of(), 0, null),
                new ActivityCheck.Session(11, "active", "app", "bob", 12, 12, 12, List.of(10), 40, 77L),
                new ActivityCheck.Session(12, "active", "app", "carol", 30, 30, 30, List.of(11), 8, 77L),
                new ActivityCheck.Session(13, "idle", "app", "dave", 0, 900, 0, List.of(), 0, null));
        Observations obs = new Observations();
        ActivityCheck.judge(sessions, obs);
        assertThat(reading(obs, Rule.QUERY_LONG_RUNNING).value()).isEqualTo(30);
        assertThat(reading(obs, Rule.QUERY_LONG_RUNNING).details()).containsEntry("pid", 12).containsEntry("queryId", "77");
        assertThat(reading(obs, Rule.TRANSACTION_IDLE).value()).isEqualTo(75);
        assertThat(reading(obs, Rule.TRANSACTION_IDLE).details()).containsEntry("pid", 10);
        Reading blocked = reading(obs, Rule.SESSIONS_BLOCKED);
        assertThat(blocked.value()).isEqualTo(40);
        assertThat(blocked.details()).containsEntry("blockedSessions", 2);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> blockers = (List<Map<String, Object>>) blocked.details().get("blockers");
        assertThat(blockers).singleElement().satisfies(b -> assertThat(b).containsEntry("pid", 10));
        assertThat(obs.values()).containsEntry("sessions.blocked", 2.0).containsEntry("sessions.total", 4.0);
    }

    @Test
    void quietSessionsAreCleanReadings() {
        Observations obs = new Observations();
        ActivityCheck.judge(List.of(), obs);
        assertThat(obs.readings()).extracting(Reading::value).containsOnly(0.0);
        assertThat(obs.readings()).extracting(Reading::rule)
                .containsExactly(Rule.QUERY_LONG_RUNNING, Rule.TRANSACTION_IDLE, Rule.SESSIONS_BLOCKED);
    }

    @Test
    void cacheHitRatioIsJudgedOverTheWindowOnlyWithEnoughAccesses() {
        DatabaseCheck check = new DatabaseCheck();
        Observations first = new Observations();
        check.cacheHit(1_000_000, 1_000, first);
        assertThat(first.readings()).as("no window yet").isEmpty();
        Observations quiet = new Observations();
        check.cacheHit(1_000_500, 1_000, quiet);
        assertThat(quiet.readings()).as("500 accesses are no evidence").isEmpty();
        Observations busy = new Observations();
        check.cacheHit(1_001_300, 1_200, busy);
        assertThat(reading(busy, Rule.CACHE_HIT_RATIO).value()).isEqualTo(80.0);
    }

    @Test
    void deadTuplesAreJudgedOnTheWorstTable() {
        Observations obs = new Observations();
        TableCheck.judge(List.of(
                new TableCheck.TableDeadTuples("public", "a", 90_000, 10_000, 18_050, "never"),
                new TableCheck.TableDeadTuples("public", "b", 20_000, 20_000, 4_050, "2026-11-01")), obs);
        assertThat(reading(obs, Rule.TABLE_DEAD_TUPLES).value()).isEqualTo(50.0);
        assertThat(reading(obs, Rule.TABLE_AUTOVACUUM_LAG).value()).isCloseTo(4.94, org.assertj.core.api.Assertions.within(0.01));
        Observations none = new Observations();
        TableCheck.judge(List.of(), none);
        assertThat(none.readings()).extracting(Reading::value).containsOnly(0.0);
    }
}
