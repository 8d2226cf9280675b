package dev.dbops.monitor.rules;

import static dev.dbops.common.event.Severity.CRITICAL;
import static dev.dbops.common.event.Severity.WARNING;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dbops.common.event.Severity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class HysteresisTest {

    private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");

    /** connections.usage: warning > 80, critical > 95. */
    private static RuleSettings connections(int breachAfter, int clearAfter) {
        return new RuleSettings(Rule.CONNECTIONS_USAGE, true, Rule.CONNECTIONS_USAGE.defaultLevels(), breachAfter,
                clearAfter);
    }

    /** Runs values through the rule, one evaluation a second; returns every transition. */
    private static Run run(RuleSettings settings, RuleState start, double... values) {
        RuleState state = start;
        List<Transition> transitions = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            Hysteresis.Step step = Hysteresis.evaluate(state, settings,
                    Reading.of(settings.rule(), values[i], Map.of("i", i)), T0.plusSeconds(i));
            state = step.state();
            if (step.transition() != null) {
                transitions.add(step.transition());
            }
        }
        return new Run(state, transitions);
    }

    private record Run(RuleState state, List<Transition> transitions) {
    }

    @Nested
    class Levels_ {

        @Test
        void comparisonsAreStrictInTheRulesDirection() {
            Levels levels = Rule.CONNECTIONS_USAGE.defaultLevels();
            assertThat(levels.classify(80, Rule.Direction.ABOVE)).isNull();
            assertThat(levels.classify(80.01, Rule.Direction.ABOVE)).isEqualTo(WARNING);
            assertThat(levels.classify(95, Rule.Direction.ABOVE)).isEqualTo(WARNING);
            assertThat(levels.classify(95.5, Rule.Direction.ABOVE)).isEqualTo(CRITICAL);
            Levels cache = Rule.CACHE_HIT_RATIO.defaultLevels();
            assertThat(cache.classify(90, Rule.Direction.BELOW)).isNull();
            assertThat(cache.classify(89.9, Rule.Direction.BELOW)).isEqualTo(WARNING);
            assertThat(cache.classify(85, Rule.Direction.BELOW)).isEqualTo(WARNING);
            assertThat(cache.classify(84.9, Rule.Direction.BELOW)).isEqualTo(CRITICAL);
        }

        @Test
        void reachabilityHasOnlyACriticalLevel() {
            Levels levels = Rule.TARGET_REACHABLE.defaultLevels();
            assertThat(levels.classify(1, Rule.Direction.BELOW)).isNull();
            assertThat(levels.classify(0, Rule.Direction.BELOW)).isEqualTo(CRITICAL);
        }
    }

    @Test
    void opensAfterNConsecutiveBadEvaluationsSinceTheFirstOfThem() {
        Run run = run(connections(2, 2), RuleState.IDLE, 50, 85, 90);
        assertThat(run.transitions()).singleElement().isInstanceOfSatisfying(Transition.Breached.class, b -> {
            assertThat(b.severity()).isEqualTo(WARNING);
            assertThat(b.previous()).isNull();
            assertThat(b.value()).isEqualTo(90);
            assertThat(b.threshold()).isEqualTo(80);
            assertThat(b.since()).isEqualTo(T0.plusSeconds(1));
            assertThat(b.details()).containsEntry("i", 2);
        });
        assertThat(run.state().open()).isEqualTo(new OpenBreach(WARNING, T0.plusSeconds(1)));
    }

    @Test
    void oneBadEvaluationIsNotABreach() {
        Run run = run(connections(2, 2), RuleState.IDLE, 85, 50, 85, 50);
        assertThat(run.transitions()).isEmpty();
        assertThat(run.state()).isEqualTo(RuleState.IDLE);
    }

    @Test
    void opensAtTheSeverityOfTheLastEvaluationOfTheStreak() {
        Run run = run(connections(3, 2), RuleState.IDLE, 99, 85, 99);
        assertThat(((Transition.Breached) run.transitions().get(0)).severity()).isEqualTo(CRITICAL);
        assertThat(((Transition.Breached) run.transitions().get(0)).threshold()).isEqualTo(95);
        Run down = run(connections(2, 2), RuleState.IDLE, 99, 85);
        assertThat(((Transition.Breached) down.transitions().get(0)).severity()).isEqualTo(WARNING);
    }

    @Test
    void escalatesAfterNEvaluationsAtTheNewLevelKeepingTheBreachsStart() {
        Run run = run(connections(2, 2), RuleState.IDLE, 85, 85, 99, 85, 99, 99);
        assertThat(run.transitions()).hasSize(2);
        Transition.Breached change = (Transition.Breached) run.transitions().get(1);
        assertThat(change.severity()).isEqualTo(CRITICAL);
        assertThat(change.previous()).isEqualTo(WARNING);
        assertThat(change.since()).isEqualTo(T0);
        assertThat(run.state().open()).isEqualTo(new OpenBreach(CRITICAL, T0));
    }

    @Test
    void deEscalatesAfterNEvaluationsAtWarning() {
        Run run = run(connections(2, 2), RuleState.IDLE, 99, 99, 85, 85);
        assertThat(run.transitions()).hasSize(2);
        assertThat(((Transition.Breached) run.transitions().get(1)).severity()).isEqualTo(WARNING);
        assertThat(((Transition.Breached) run.transitions().get(1)).previous()).isEqualTo(CRITICAL);
    }

    @Test
    void resolvesAfterMCleanEvaluationsOnly() {
        Run run = run(connections(2, 3), RuleState.IDLE, 85, 85, 50, 50, 85, 50, 50);
        assertThat(run.transitions()).hasSize(1);
        assertThat(run.state().open()).isNotNull();
        assertThat(run.state().cleanCount()).isEqualTo(2);
        Run resolved = run(connections(2, 3), RuleState.IDLE, 85, 85, 50, 50, 50);
        assertThat(resolved.transitions().get(1)).isInstanceOfSatisfying(Transition.Resolved.class, r -> {
            assertThat(r.breachedAt()).isEqualTo(T0);
            assertThat(r.resolvedAt()).isEqualTo(T0.plusSeconds(4));
            assertThat(r.value()).isEqualTo(50);
            assertThat(r.severity()).isEqualTo(WARNING);
        });
        assertThat(resolved.state()).isEqualTo(RuleState.IDLE);
    }

    @Test
    void aRestoredOpenBreachIsNotReEmittedAndResolvesNormally() {
        RuleState restored = RuleState.open(new OpenBreach(CRITICAL, T0.minusSeconds(3600)));
        Run stillBad = run(connections(2, 2), restored, 99, 99, 99);
        assertThat(stillBad.transitions()).isEmpty();
        Run cleared = run(connections(2, 2), restored, 10, 10);
        assertThat(((Transition.Resolved) cleared.transitions().get(0)).breachedAt()).isEqualTo(T0.minusSeconds(3600));
    }

    @Test
    void nAndMOfOneReactAtOnce() {
        Run run = run(connections(1, 1), RuleState.IDLE, 85, 99, 50);
        assertThat(run.transitions()).hasSize(3);
        assertThat(run.transitions().get(2)).isInstanceOf(Transition.Resolved.class);
    }

    @Test
    void aDisabledRuleResolvesItsOpenBreachAndStaysQuiet() {
        RuleSettings disabled = new RuleSettings(Rule.CONNECTIONS_USAGE, false, Rule.CONNECTIONS_USAGE.defaultLevels(),
                1, 1);
        Run run = run(disabled, RuleState.open(new OpenBreach(WARNING, T0)), 99, 99);
        assertThat(run.transitions()).singleElement().isInstanceOf(Transition.Resolved.class);
        assertThat(run.state()).isEqualTo(RuleState.IDLE);
    }

    @Test
    void cacheHitRatioBreachesDownwards() {
        RuleSettings cache = new RuleSettings(Rule.CACHE_HIT_RATIO, true, Rule.CACHE_HIT_RATIO.defaultLevels(), 2, 2);
        Run run = run(cache, RuleState.IDLE, 99, 88, 80);
        assertThat(((Transition.Breached) run.transitions().get(0)).severity()).isEqualTo(CRITICAL);
        assertThat(((Transition.Breached) run.transitions().get(0)).threshold()).isEqualTo(85);
    }

    /**
     * Every sequence of up to 7 evaluations over {clean, warning, critical}, for N and M from 1 to 3: the events
     * form well-formed breaches, each justified by the evaluations before it, and the state always ends where
     * the last evaluations say it must.
     */
    @Test
    void everySequenceOfLevelsKeepsTheInvariants() {
        double[] levelValues = {50, 85, 99};
        int checked = 0;
        for (int length = 1; length <= 7; length++) {
            int combinations = (int) Math.pow(3, length);
            for (int code = 0; code < combinations; code++) {
                int[] levels = new int[length];
                double[] values = new double[length];
                for (int i = 0, c = code; i < length; i++, c /= 3) {
                    levels[i] = c % 3;
                    values[i] = levelValues[levels[i]];
                }
                for (int n = 1; n <= 3; n++) {
                    for (int m = 1; m <= 3; m++) {
                        checkInvariants(levels, n, m);
                        checked++;
                    }
                }
            }
        }
        assertThat(checked).isEqualTo(9 * (3 + 9 + 27 + 81 + 243 + 729 + 2187));
    }

    private static void checkInvariants(int[] levels, int n, int m) {
        double[] levelValues = {50, 85, 99};
        RuleSettings settings = connections(n, m);
        RuleState state = RuleState.IDLE;
        Severity open = null;
        for (int i = 0; i < levels.length; i++) {
            Hysteresis.Step step = Hysteresis.evaluate(state, settings, Reading.of(Rule.CONNECTIONS_USAGE,
                    levelValues[levels[i]]), T0.plusSeconds(i));
            Transition t = step.transition();
            String where = "levels " + java.util.Arrays.toString(levels) + " N=" + n + " M=" + m + " at " + i;
            if (t instanceof Transition.Breached b) {
                Severity expected = levels[i] == 2 ? CRITICAL : WARNING;
                assertThat(b.severity()).as(where).isEqualTo(expected);
                assertThat(b.severity()).as(where + ": no repeated severity").isNotEqualTo(open);
                assertThat(b.previous()).as(where).isEqualTo(open);
                if (open == null) {
                    assertThat(lastAll(levels, i, n, l -> l > 0)).as(where + ": opens after N bad").isTrue();
                } else {
                    int level = levels[i];
                    assertThat(lastAll(levels, i, n, l -> l == level)).as(where + ": changes after N at level").isTrue();
                }
                open = b.severity();
            } else if (t instanceof Transition.Resolved r) {
                assertThat(open).as(where + ": resolves only an open breach").isNotNull();
                assertThat(r.severity()).isEqualTo(open);
                assertThat(lastAll(levels, i, m, l -> l == 0)).as(where + ": resolves after M clean").isTrue();
                open = null;
            }
            state = step.state();
            assertThat(state.open() == null ? null : state.open().severity()).as(where).isEqualTo(open);
            // Liveness: N evaluations at one bad level leave a breach open at that level; M clean ones, none.
            int current = levels[i];
            if (lastAll(levels, i, n, l -> l == current) && current > 0) {
                assertThat(open).as(where + ": N at a level means open at it").isEqualTo(levels[i] == 2 ? CRITICAL : WARNING);
            }
            if (lastAll(levels, i, m, l -> l == 0) && levels[i] == 0) {
                assertThat(open).as(where + ": M clean means closed").isNull();
            }
        }
    }

    private static boolean lastAll(int[] levels, int i, int count, java.util.function.IntPredicate test) {
        if (i + 1 < count) {
            return false;
        }
        for (int j = i - count + 1; j <= i; j++) {
            if (!test.test(levels[j])) {
                return false;
            }
        }
        return true;
    }
}
