package dev.dbops.migration.execute;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class InvalidIndexesTest {

    @Test
    void namesTheIndexesAScriptBuildsConcurrently() {
        assertThat(InvalidIndexes.builtBy("""
                CREATE INDEX CONCURRENTLY IF NOT EXISTS items_owner ON items (owner_id);
                CREATE UNIQUE INDEX CONCURRENTLY "Items_Code" ON items (code);
                CREATE INDEX plain_one ON items (qty);"""))
                .containsExactly("items_owner", "Items_Code");
    }
}
