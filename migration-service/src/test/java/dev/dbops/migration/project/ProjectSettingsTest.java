package dev.dbops.migration.project;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.flywaydb.core.api.Location;
import org.flywaydb.core.api.configuration.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProjectSettingsTest {

    @TempDir
    Path root;

    @Test
    void withoutLocationsTheProjectRootHoldsTheScripts() {
        assertThat(ProjectSettings.load(root).getLocations()).extracting(Location::getDescriptor)
                .containsExactly("filesystem:" + root);
    }

    @Test
    void flywayConfLocationsAreFoldersOfTheProjectAndTheConnectionStaysDbops() throws IOException {
        Files.writeString(root.resolve("flyway.conf"), "flyway.locations=filesystem:sql,classpath:db/callbacks\n"
                + "flyway.url=jdbc:postgresql://elsewhere/db\nflyway.cleanDisabled=false\nflyway.mixed=true\n");
        Configuration conf = ProjectSettings.load(root);
        assertThat(conf.getLocations()).extracting(Location::getDescriptor)
                .containsExactlyInAnyOrder("filesystem:" + root.resolve("sql"), "filesystem:" + root.resolve("db/callbacks"));
        assertThat(conf.getUrl()).isNull();
        assertThat(conf.isCleanDisabled()).isTrue();
        assertThat(conf.isMixed()).isTrue();
    }

    @Test
    void flywayTomlIsReadWithFlywaysOwnLoader() throws IOException {
        Files.writeString(root.resolve("flyway.toml"), """
                [flyway]
                locations = ["filesystem:db"]
                defaultSchema = "app"
                outOfOrder = true
                [flyway.placeholders]
                owner = "shop"
                """);
        Configuration conf = ProjectSettings.load(root);
        assertThat(conf.getDefaultSchema()).isEqualTo("app");
        assertThat(conf.isOutOfOrder()).isTrue();
        assertThat(conf.getPlaceholders()).containsEntry("owner", "shop");
        assertThat(conf.getLocations()).extracting(Location::getDescriptor)
                .containsExactly("filesystem:" + root.resolve("db"));
    }

    @Test
    void aLocationOutsideTheProjectIsRefused() throws IOException {
        Files.writeString(root.resolve("flyway.conf"), "flyway.locations=filesystem:../../etc\n");
        assertThatThrownBy(() -> ProjectSettings.load(root)).hasMessageContaining("outside the project");
    }
}
