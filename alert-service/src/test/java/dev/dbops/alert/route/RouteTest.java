package dev.dbops.alert.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dbops.alert.config.AlertSettings.RouteConfig;
import dev.dbops.alert.model.Labels;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RouteTest {

    /** The operators' default policy, as application.yml configures it. */
    static Route policy() {
        RouteConfig root = new RouteConfig("slack", List.of(), false,
                new RouteConfig("pagerduty", List.of("severity=\"critical\""), true),
                new RouteConfig("slack", List.of("severity=\"critical\""), false),
                new RouteConfig("email", List.of("severity=\"warning\""), true),
                new RouteConfig("slack", List.of("severity=\"warning\""), false),
                new RouteConfig("slack", List.of("severity=\"info\""), false));
        return RouteTree.of(root);
    }

    static List<String> receivers(Route tree, String... labels) {
        return tree.match(Labels.of(labels)).stream().map(Route::receiver).toList();
    }

    @Test
    void criticalGoesToPagerDutyAndSlack() {
        assertThat(receivers(policy(), "severity", "critical", "target", "orders")).containsExactly("pagerduty", "slack");
    }

    @Test
    void warningGoesToEmailAndSlack() {
        assertThat(receivers(policy(), "severity", "warning")).containsExactly("email", "slack");
    }

    @Test
    void infoGoesToSlack() {
        assertThat(receivers(policy(), "severity", "info")).containsExactly("slack");
    }

    @Test
    void anAlertNoChildMatchesStaysAtTheRoot() {
        List<Route> matched = policy().match(Labels.of("severity", "debug"));
        assertThat(matched).singleElement().satisfies(r -> {
            assertThat(r.id()).isEqualTo("0");
            assertThat(r.receiver()).isEqualTo("slack");
        });
    }

    @Test
    void withoutContinueTheFirstMatchingChildWins() {
        RouteConfig root = new RouteConfig("default", List.of(), false,
                new RouteConfig("first", List.of("target=~\"o.*\""), false),
                new RouteConfig("second", List.of("target=\"orders\""), false));
        assertThat(receivers(RouteTree.of(root), "target", "orders")).containsExactly("first");
    }

    @Test
    void continueGoesOnToLaterSiblingsUntilOneWithoutIt() {
        RouteConfig root = new RouteConfig("default", List.of(), false,
                new RouteConfig("a", List.of(), true),
                new RouteConfig("b", List.of("target=\"billing\""), true),
                new RouteConfig("c", List.of(), false),
                new RouteConfig("d", List.of(), false));
        assertThat(receivers(RouteTree.of(root), "target", "orders")).containsExactly("a", "c");
    }

    @Test
    void nestedRoutesMatchTheDeepestNodeAndInheritSettings() {
        RouteConfig team = new RouteConfig("team", List.of("service=\"backup-service\""), false,
                new RouteConfig("team-pager", List.of("severity=\"critical\""), false));
        team.setGroupWait(Duration.ofSeconds(5));
        team.setGroupBy(List.of("target"));
        RouteConfig root = new RouteConfig("default", List.of(), false, team);
        root.setRepeatInterval(Duration.ofHours(1));
        Route tree = RouteTree.of(root);

        List<Route> critical = tree.match(Labels.of("service", "backup-service", "severity", "critical"));
        assertThat(critical).singleElement().satisfies(r -> {
            assertThat(r.receiver()).isEqualTo("team-pager");
            assertThat(r.id()).isEqualTo("0.0.0");
            assertThat(r.groupWait()).isEqualTo(Duration.ofSeconds(5));
            assertThat(r.groupBy()).containsExactly("target");
            assertThat(r.repeatInterval()).isEqualTo(Duration.ofHours(1));
            assertThat(r.groupInterval()).isEqualTo(Duration.ofMinutes(5));
        });
        List<Route> warning = tree.match(Labels.of("service", "backup-service", "severity", "warning"));
        assertThat(warning).singleElement().extracting(Route::receiver).isEqualTo("team");
    }

    @Test
    void alertmanagerDefaultsApplyAtTheRoot() {
        Route root = RouteTree.of(null);
        assertThat(root.receiver()).isEqualTo("slack");
        assertThat(root.groupWait()).isEqualTo(Duration.ofSeconds(30));
        assertThat(root.groupInterval()).isEqualTo(Duration.ofMinutes(5));
        assertThat(root.repeatInterval()).isEqualTo(Duration.ofHours(4));
        assertThat(root.groupBy()).containsExactly("target", "rule");
    }

    @Test
    void aBadMatcherNamesItsPlaceInTheTree() {
        RouteConfig root = new RouteConfig("default", List.of(), false,
                new RouteConfig("x", List.of("oops"), false));
        assertThatThrownBy(() -> RouteTree.of(root))
                .hasMessageContaining("dbops.alert.route.routes[0].matchers");
    }

    @Test
    void listsEveryReceiverItNames() {
        assertThat(policy().receivers()).containsExactly("slack", "pagerduty", "slack", "email", "slack", "slack");
    }
}
