package dev.dbops.migration.corpus;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * One migration of the lint corpus ({@code src/test/resources/lint-corpus/NNN-name.sql}): its SQL and the
 * header that states what it is. {@code -- label: unsafe|safe}; {@code -- breaks: <boolean query>} a query
 * the running application makes, true before the migration; {@code -- non-transactional} runs it as Flyway
 * runs a CONCURRENTLY or VACUUM script, outside a transaction.
 */
record CorpusCase(String name, boolean unsafe, @Nullable String breaks, boolean transactional, String sql) {

    static final Path DIR = Path.of("src/test/resources/lint-corpus");

    static List<CorpusCase> all() {
        try (Stream<Path> files = Files.list(DIR)) {
            return files.filter(f -> f.getFileName().toString().matches("\\d{3}-.*\\.sql")).sorted()
                    .map(CorpusCase::read).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String setup() throws IOException {
        return Files.readString(DIR.resolve("_setup.sql"));
    }

    private static CorpusCase read(Path file) {
        try {
            String sql = Files.readString(file);
            String label = header(sql, "label");
            if (!"unsafe".equals(label) && !"safe".equals(label)) {
                throw new IllegalStateException(file + ": the first line must be -- label: unsafe|safe");
            }
            return new CorpusCase(file.getFileName().toString().replace(".sql", ""), label.equals("unsafe"),
                    header(sql, "breaks"), !sql.contains("\n-- non-transactional\n"), sql);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static @Nullable String header(String sql, String key) {
        for (String line : sql.lines().toList()) {
            if (line.startsWith("-- " + key + ": ")) {
                return line.substring(key.length() + 5).strip();
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return name;
    }
}
