package dev.dbops.common.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.zaxxer.hikari.HikariDataSource;
import dev.dbops.common.engine.TargetLock.Key;
import dev.dbops.common.testing.TestDatabase;
import dev.dbops.common.testing.TestPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The advisory lock on the real cluster: one holder at a time, released on close and when its session dies. */
class TargetLockIT {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase("engine_target_lock");

    /** A pool of one, as a service's platform database: closing a lock does not end its session there. */
    static HikariDataSource pool;

    final TargetLock.ConnectionSource direct = () -> TestPostgres.connect(db.name());

    @BeforeAll
    static void pool() {
        pool = new HikariDataSource();
        pool.setJdbcUrl(db.url());
        pool.setUsername(TestPostgres.USER);
        pool.setMaximumPoolSize(1);
    }

    @AfterAll
    static void closePool() {
        pool.close();
    }

    @Test
    void oneSessionHoldsTheLockUntilItCloses() throws Exception {
        Key key = Key.numbered(0x64626f70, 1);
        try (TargetLock held = TargetLock.tryAcquire(direct, key).orElseThrow()) {
            assertThat(TargetLock.tryAcquire(direct, key)).isEmpty();
            try (TargetLock other = TargetLock.tryAcquire(direct, Key.numbered(0x64626f70, 2)).orElseThrow()) {
                assertThat(other).isNotNull();
            }
        }
        try (TargetLock again = TargetLock.tryAcquire(direct, key).orElseThrow()) {
            assertThat(again).isNotNull();
        }
    }

    @Test
    void aPooledSessionIsUnlockedOnCloseThoughItLivesOn() throws Exception {
        Key key = Key.named("dbops.test", "shop");
        int pid;
        try (TargetLock held = TargetLock.tryAcquire(pool::getConnection, key).orElseThrow()) {
            assertThat(TargetLock.tryAcquire(direct, key)).isEmpty();
            pid = holderOf(key);
        }
        try (Connection same = pool.getConnection(); Statement s = same.createStatement();
                ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            assertThat(rs.getInt(1)).as("the pool's one session lives on").isEqualTo(pid);
        }
        try (TargetLock again = TargetLock.tryAcquire(direct, key).orElseThrow()) {
            assertThat(again).isNotNull();
        }
    }

    @Test
    void theLockGoesWithItsSessionWhenTheHolderDies() throws Exception {
        Key key = Key.named("dbops.test", "dies");
        try (TargetLock held = TargetLock.tryAcquire(direct, key).orElseThrow()) {
            TestPostgres.execute(db.name(), "SELECT pg_terminate_backend(" + holderOf(key) + ")");
            try (TargetLock taken = TargetLock.tryAcquire(direct, key).orElseThrow()) {
                assertThat(taken).isNotNull();
            }
        }
    }

    @Test
    void waitingEndsAfterTheWaitNamingTheKeyAndLeavesThePooledSessionAsItWas() throws Exception {
        Key key = Key.named("dbops.test", "scratch");
        try (TargetLock held = TargetLock.tryAcquire(direct, key).orElseThrow()) {
            assertTimeoutPreemptively(Duration.ofSeconds(30), () ->
                    assertThatThrownBy(() -> TargetLock.acquire(pool::getConnection, key, Duration.ofMillis(300)))
                            .isInstanceOf(SQLException.class)
                            .hasMessageContaining("dbops.test/scratch")
                            .satisfies(e -> assertThat(((SQLException) e).getSQLState())
                                    .isEqualTo(TargetLock.LOCK_NOT_AVAILABLE)));
        }
        try (TargetLock free = assertTimeoutPreemptively(Duration.ofSeconds(30),
                () -> TargetLock.acquire(pool::getConnection, key, Duration.ofMillis(300)))) {
            assertThat(TargetLock.tryAcquire(direct, key)).isEmpty();
        }
        try (Connection same = pool.getConnection(); Statement s = same.createStatement();
                ResultSet rs = s.executeQuery("SHOW lock_timeout")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("0");
        }
    }

    /** The backend holding the advisory lock {@code key} in this test's database. */
    private static int holderOf(Key key) throws SQLException {
        try (Connection c = TestPostgres.connect(db.name()); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted "
                        + "AND database = (SELECT oid FROM pg_database WHERE datname = current_database())")) {
            assertThat(rs.next()).as("a holder of " + key).isTrue();
            int pid = rs.getInt(1);
            assertThat(rs.next()).as("one advisory lock held").isFalse();
            return pid;
        }
    }
}
