import org.flywaydb.core.Flyway;

/** The baseline: plain Flyway, as a deploy pipeline runs it (no lock_timeout, no retries, no lint). */
public class FlywayRun {
    public static void main(String[] args) {
        // flyway.conf beside the scripts, as the Flyway CLI reads it (baselineOnMigrate for the existing table)
        var conf = new java.util.Properties();
        try (var in = java.nio.file.Files.newInputStream(java.nio.file.Path.of(args[1], "flyway.conf"))) {
            conf.load(in);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        var result = Flyway.configure().configuration(conf).dataSource(args[0], "postgres", "")
                .locations("filesystem:" + args[1]).load().migrate();
        System.out.println("plain Flyway applied " + result.migrationsExecuted + " migrations");
    }
}
