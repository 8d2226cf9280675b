package dev.dbops.alert.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MatcherTest {

    static final Labels LABELS = Labels.of("target", "orders", "rule", "replication.lag", "severity", "critical");

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "target=\"orders\"          | true",
            "target=orders              | true",
            "target=\"billing\"         | false",
            "target!=\"billing\"        | true",
            "target!=\"orders\"         | false",
            "rule=~\"replication\\..*\" | true",
            "rule=~\"replication\"      | false",
            "rule!~\"lock.*\"           | true",
            "rule!~\"repl.*\"           | false",
            "missing=\"\"               | true",
            "missing!=\"\"              | false",
            "missing=~\".*\"            | true",
            " target = \"orders\"       | true"})
    void matchesAsAlertmanagerDoes(String text, boolean expected) {
        assertThat(Matcher.parse(text).matches(LABELS)).as(text).isEqualTo(expected);
    }

    @Test
    void alternationsMatchAnyOfTheirBranches() {
        assertThat(Matcher.parse("severity=~\"critical|warning\"").matches(LABELS)).isTrue();
        assertThat(Matcher.parse("severity=~\"info|warning\"").matches(LABELS)).isFalse();
    }

    @Test
    void regularExpressionsAreAnchored() {
        assertThat(Matcher.parse("target=~\"order\"").matches(LABELS)).isFalse();
        assertThat(Matcher.parse("target=~\"ord.*\"").matches(LABELS)).isTrue();
    }

    @Test
    void quotedValuesKeepEscapedQuotes() {
        Matcher matcher = Matcher.parse("summary=\"a \\\"quoted\\\" word\"");
        assertThat(matcher.value()).isEqualTo("a \"quoted\" word");
        assertThat(Matcher.parse(matcher.toString())).isEqualTo(matcher);
    }

    @Test
    void printsInAlertmanagerSyntax() {
        assertThat(Matcher.parse("rule=~\"lock.*\"")).hasToString("rule=~\"lock.*\"");
        assertThat(Matcher.parse("severity!=warning")).hasToString("severity!=\"warning\"");
    }

    @Test
    void rejectsWhatIsNoMatcher() {
        assertThatThrownBy(() -> Matcher.parse("just words")).hasMessageContaining("not a matcher");
        assertThatThrownBy(() -> Matcher.parse("rule=~\"(unclosed\"")).hasMessageContaining("invalid regular expression");
    }

    @Test
    void allOfNoMatchersMatchesEverything() {
        assertThat(Matcher.all(java.util.List.of(), LABELS)).isTrue();
    }
}
