package dev.dbops.monitor;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The monitor's packages depend on each other one way only (rules, checks, statements, indexes below status, poll
 * over them, api on top), and on no other service: services talk only through Kafka.
 */
class PackageStructureTest {

    // The module's own compiled classes: scanning the whole test classpath for the package takes many seconds.
    static final JavaClasses MONITOR = new ClassFileImporter().importPath(Path.of("target/classes"));

    @Test
    void packagesAreFreeOfCycles() {
        assertThat(MONITOR.stream().map(c -> c.getPackageName()).distinct().count())
                .as("the import found the monitor's packages").isGreaterThan(5);
        slices().matching("dev.dbops.monitor.(*)..").should().beFreeOfCycles().check(MONITOR);
    }

    @Test
    void noClassUsesAnotherServicesClasses() {
        noClasses().that().resideInAPackage("dev.dbops.monitor..").should().dependOnClassesThat()
                .resideInAnyPackage("dev.dbops.migration..", "dev.dbops.backup..", "dev.dbops.alert..")
                .because("services talk only through Kafka; shared code belongs in common").check(MONITOR);
    }
}
