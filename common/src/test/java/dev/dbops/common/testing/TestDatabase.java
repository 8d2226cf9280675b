package dev.dbops.common.testing;

import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A database of its own for one test class on the project's cluster, created before the class and
 * dropped after it. Use as {@code @RegisterExtension static TestDatabase db = new TestDatabase("name")}.
 */
public class TestDatabase implements BeforeAllCallback, AfterAllCallback {

    private final String name;

    public TestDatabase(String purpose) {
        this.name = ("dbops_test_" + purpose + "_" + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 30), 36))
                .toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
    }

    public String name() {
        return name;
    }

    public String url() {
        return TestPostgres.url(name);
    }

    public void execute(String sql) {
        TestPostgres.execute(name, sql);
    }

    /** Makes this database the service's platform database. */
    public void registerAsPlatform(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", this::url);
        registry.add("spring.datasource.username", () -> TestPostgres.USER);
        registry.add("spring.datasource.password", () -> "");
    }

    /** Registers this database as target {@code id}. */
    public void registerAsTarget(DynamicPropertyRegistry registry, String id) {
        registry.add("dbops.targets." + id + ".url", this::url);
        registry.add("dbops.targets." + id + ".username", () -> TestPostgres.USER);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        create();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        drop();
    }

    public void create() {
        TestPostgres.execute("postgres", "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        TestPostgres.execute("postgres", "CREATE DATABASE " + name);
    }

    public void drop() {
        TestPostgres.execute("postgres", "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }
}
