package dev.dbops.migration.project;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.flywaydb.core.api.MigrationVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProjectArchiveTest {

    @TempDir
    Path tmp;

    @Test
    void aJarIsUnpackedWithoutItsManifestAndItsUndoScriptsAreFound() throws IOException {
        Path jar = zip(Map.of("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\n",
                "db/V1__items.sql", "CREATE TABLE items (id int);",
                "db/U1__items.sql", "DROP TABLE items;",
                "flyway.conf", "flyway.table=history\nflyway.url=jdbc:postgresql://elsewhere/db\n"));
        Path dir = ProjectArchive.unpack(jar, "test-project-");
        assertThat(dir.resolve("META-INF")).doesNotExist();
        assertThat(dir.resolve("db/V1__items.sql")).hasContent("CREATE TABLE items (id int);");
        MigrationProject project = new MigrationProject("t", dir, jar.toString());
        assertThat(project.undoOf(MigrationVersion.fromVersion("1"))).hasValueSatisfying(undo -> {
            assertThat(undo.script()).isEqualTo("U1__items.sql");
            assertThat(undo.sql()).isEqualTo("DROP TABLE items;");
        });
        assertThat(project.undoOf(MigrationVersion.fromVersion("2"))).isEmpty();
        assertThat(project.configuration().getTable()).isEqualTo("history");
        assertThat(project.configuration().getUrl()).isNull();
    }

    @Test
    void anEntryEscapingTheProjectIsRefused() throws IOException {
        Path zip = zip(Map.of("../../evil.sql", "DROP DATABASE prod;"));
        assertThatThrownBy(() -> ProjectArchive.unpack(zip, "test-project-")).hasMessageContaining("escapes the project");
    }

    private Path zip(Map<String, String> entries) throws IOException {
        Path zip = tmp.resolve("project-" + entries.size() + ".jar");
        try (OutputStream file = Files.newOutputStream(zip); ZipOutputStream out = new ZipOutputStream(file)) {
            for (var e : entries.entrySet()) {
                out.putNextEntry(new ZipEntry(e.getKey()));
                out.write(e.getValue().getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
        return zip;
    }
}
