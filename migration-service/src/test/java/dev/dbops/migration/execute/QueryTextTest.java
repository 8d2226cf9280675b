package dev.dbops.migration.execute;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class QueryTextTest {

    @Test
    void literalsBecomePlaceholdersAndIdentifiersStay() {
        assertThat(QueryText.normalised("SELECT * FROM users WHERE email = 'ann@example.com' AND id = 42"))
                .isEqualTo("SELECT * FROM users WHERE email = $1 AND id = $2");
        assertThat(QueryText.normalised("ALTER ROLE app PASSWORD 'it''s s3cret'"))
                .isEqualTo("ALTER ROLE app PASSWORD $1");
        assertThat(QueryText.normalised("UPDATE t2 SET note = E'a\\'b', \"col 9\" = 1.5e3 WHERE x = $1"))
                .isEqualTo("UPDATE t2 SET note = $1, \"col 9\" = $2 WHERE x = $1");
        assertThat(QueryText.normalised("DO $body$ BEGIN PERFORM 'card 4111'; END $body$ -- ssn 123\n"))
                .isEqualTo("DO $1");
        assertThat(QueryText.normalised("SELECT /* token abc */ x'1F', 7")).isEqualTo("SELECT $1, $2");
    }

    @Test
    void longQueriesAreCut() {
        String text = QueryText.normalised("SELECT " + "a, ".repeat(200) + "b FROM t");
        assertThat(text).hasSize(QueryText.MAX_LENGTH).endsWith("…");
        assertThat(QueryText.normalised(null)).isEmpty();
    }
}
