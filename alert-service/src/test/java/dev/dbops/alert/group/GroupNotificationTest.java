package dev.dbops.alert.group;

import static dev.dbops.alert.Fixtures.T0;
import static dev.dbops.alert.Fixtures.firing;
import static dev.dbops.alert.Fixtures.resolved;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dbops.alert.group.GroupNotification.Member;
import dev.dbops.alert.model.Alert;
import dev.dbops.common.event.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class GroupNotificationTest {

    static final Alert LAG = firing("orders", "replication.lag", Severity.CRITICAL);
    static final Alert LAG_RESOLVED = resolved("orders", "replication.lag", Severity.CRITICAL);
    static final Alert CONN = firing("orders", "connections.used", Severity.CRITICAL);
    static final Predicate<Alert> NONE = a -> false;

    static GroupState group(Instant lastNotified, String... lastFiring) {
        return new GroupState(1, "slack", "0", "k", T0, lastNotified, Set.of(lastFiring), Duration.ofSeconds(30),
                Duration.ofMinutes(5), Duration.ofHours(4));
    }

    static Member member(Alert alert) {
        return new Member(alert, alert.firing());
    }

    @Test
    void aNewGroupNotifiesOnceSomethingFires() {
        GroupNotification n = GroupNotification.decide(group(null), List.of(member(LAG)), NONE, true, T0);
        assertThat(n.send()).isTrue();
        assertThat(n.firing()).containsExactly(LAG);
        assertThat(n.resolved()).isEmpty();
    }

    @Test
    void aNewGroupWhoseAlertAlreadyResolvedSaysNothingAndForgetsIt() {
        GroupNotification n = GroupNotification.decide(group(null), List.of(member(LAG_RESOLVED)), NONE, true, T0);
        assertThat(n.send()).isFalse();
        assertThat(n.update()).isFalse();
        assertThat(n.dropped()).containsExactly(LAG.fingerprint());
    }

    @Test
    void anUnchangedGroupStaysQuietUntilTheRepeatInterval() {
        GroupState group = group(T0, LAG.fingerprint());
        assertThat(GroupNotification.decide(group, List.of(member(LAG)), NONE, true, T0.plus(Duration.ofHours(3)))
                .send()).isFalse();
        assertThat(GroupNotification.decide(group, List.of(member(LAG)), NONE, true, T0.plus(Duration.ofHours(4)))
                .send()).isTrue();
    }

    @Test
    void aNewlyFiringAlertNotifiesWithEverythingThatFires() {
        GroupNotification n = GroupNotification.decide(group(T0, LAG.fingerprint()),
                List.of(member(LAG), member(CONN)), NONE, true, T0.plusSeconds(300));
        assertThat(n.send()).isTrue();
        assertThat(n.firing()).containsExactly(LAG, CONN);
    }

    @Test
    void aResolvedAlertIsToldToReceiversThatWantIt() {
        GroupNotification n = GroupNotification.decide(group(T0, LAG.fingerprint(), CONN.fingerprint()),
                List.of(member(LAG_RESOLVED), member(CONN)), NONE, true, T0.plusSeconds(300));
        assertThat(n.send()).isTrue();
        assertThat(n.firing()).containsExactly(CONN);
        assertThat(n.resolved()).containsExactly(LAG_RESOLVED);
        assertThat(n.dropped()).containsExactly(LAG.fingerprint());
    }

    @Test
    void aPartialResolveWaitsForTheRepeatWhereResolvedNotificationsAreOff() {
        GroupNotification n = GroupNotification.decide(group(T0, LAG.fingerprint(), CONN.fingerprint()),
                List.of(member(LAG_RESOLVED), member(CONN)), NONE, false, T0.plusSeconds(300));
        assertThat(n.send()).isFalse();
        assertThat(n.dropped()).containsExactly(LAG.fingerprint());
    }

    @Test
    void whenEverythingResolvedTheGroupIsClearedEvenWithoutResolvedNotifications() {
        GroupNotification quiet = GroupNotification.decide(group(T0, LAG.fingerprint()), List.of(member(LAG_RESOLVED)),
                NONE, false, T0.plusSeconds(300));
        assertThat(quiet.update()).isTrue();
        assertThat(quiet.send()).isFalse();
        assertThat(quiet.firingFingerprints()).isEmpty();

        GroupNotification told = GroupNotification.decide(group(T0, LAG.fingerprint()), List.of(member(LAG_RESOLVED)),
                NONE, true, T0.plusSeconds(300));
        assertThat(told.send()).isTrue();
        assertThat(told.resolved()).containsExactly(LAG_RESOLVED);
    }

    @Test
    void anAlertThatFiredAndResolvedBetweenNotificationsIsNeverTold() {
        GroupNotification n = GroupNotification.decide(group(T0, LAG.fingerprint()),
                List.of(member(LAG), member(resolved("orders", "connections.used", Severity.CRITICAL))), NONE, true,
                T0.plusSeconds(300));
        assertThat(n.send()).isFalse();
        assertThat(n.dropped()).containsExactly(CONN.fingerprint());
    }

    @Test
    void anInfoNoticeThatStartedAndFinishedBeforeTheFirstFlushIsToldOnceAsResolved() {
        Alert window = resolved("orders", "migration.running", Severity.INFO);
        GroupNotification n = GroupNotification.decide(group(null), List.of(member(window)), NONE, true, T0);
        assertThat(n.send()).isTrue();
        assertThat(n.firing()).isEmpty();
        assertThat(n.resolved()).containsExactly(window);
        assertThat(n.dropped()).containsExactly(window.fingerprint());
    }

    @Test
    void anUnseenInfoNoticeIsToldBesideAnUnchangedGroupButNotWhereResolvedIsOffOrItIsMuted() {
        Alert window = resolved("orders", "migration.running", Severity.INFO);
        List<Member> members = List.of(member(LAG), member(window));
        GroupNotification told = GroupNotification.decide(group(T0, LAG.fingerprint()), members, NONE, true,
                T0.plusSeconds(300));
        assertThat(told.send()).isTrue();
        assertThat(told.firing()).containsExactly(LAG);
        assertThat(told.resolved()).containsExactly(window);

        assertThat(GroupNotification.decide(group(T0, LAG.fingerprint()), members, NONE, false, T0.plusSeconds(300))
                .send()).isFalse();
        assertThat(GroupNotification.decide(group(null), List.of(member(window)), a -> a == window, true, T0)
                .send()).isFalse();
    }

    @Test
    void mutedAlertsAreLeftOut() {
        GroupNotification n = GroupNotification.decide(group(null), List.of(member(LAG), member(CONN)),
                a -> a.equals(CONN), true, T0);
        assertThat(n.firing()).containsExactly(LAG);
        GroupNotification allMuted = GroupNotification.decide(group(null), List.of(member(LAG)), a -> true, true, T0);
        assertThat(allMuted.send()).isFalse();
    }

    @Test
    void aNotifiedAlertThatGetsSilencedClearsTheGroupWithoutAResolve() {
        GroupNotification n = GroupNotification.decide(group(T0, LAG.fingerprint()), List.of(member(LAG)), a -> true,
                true, T0.plusSeconds(300));
        assertThat(n.update()).isTrue();
        assertThat(n.send()).isFalse();
        assertThat(n.resolved()).isEmpty();
    }

    @Test
    void anAlertThatMovedToAnotherGroupResolvesInThisOne() {
        Member moved = new Member(LAG, false);
        GroupNotification n = GroupNotification.decide(group(T0, LAG.fingerprint()), List.of(moved), NONE, true,
                T0.plusSeconds(300));
        assertThat(n.send()).isTrue();
        assertThat(n.resolved()).containsExactly(LAG);
    }

    @Test
    void flushIsDueAfterGroupWaitThenAfterGroupInterval() {
        assertThat(group(null).flushDue(T0)).isEqualTo(T0.plusSeconds(30));
        assertThat(group(null).flushDue(T0.plusSeconds(60))).isEqualTo(T0.plusSeconds(60));
        assertThat(group(T0, LAG.fingerprint()).flushDue(T0.plusSeconds(10))).isEqualTo(T0.plusSeconds(300));
    }
}
