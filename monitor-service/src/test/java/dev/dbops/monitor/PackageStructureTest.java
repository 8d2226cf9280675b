package dev.dbops.monitor;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The monitor's packages follow the floor plan (api and intake in, then the engine, the domain packages, store and
 * config): dependencies point inward, no package cycles, and no other service's classes: services talk only
 * through Kafka.
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
    void dependenciesPointInward() {
        noClasses().that().resideOutsideOfPackage("..monitor.api..").should().dependOnClassesThat()
                .resideInAPackage("..monitor.api..").because("REST is an entry point").check(MONITOR);
        noClasses().that().resideOutsideOfPackage("..monitor.intake..").should().dependOnClassesThat()
                .resideInAPackage("..monitor.intake..").because("Kafka listeners are an entry point").check(MONITOR);
        noClasses().that().resideOutsideOfPackages("..monitor.api..", "..monitor.intake..", "..monitor.engine..")
                .should().dependOnClassesThat().resideInAPackage("..monitor.engine..")
                .because("the domain packages know nothing of the engine that drives them").check(MONITOR);
        noClasses().that().resideInAPackage("..monitor.store..").should().dependOnClassesThat()
                .resideInAnyPackage("..monitor.api..", "..monitor.intake..", "..monitor.engine..",
                        "..monitor.checks..", "..monitor.rules..", "..monitor.statements..", "..monitor.indexes..",
                        "..monitor.backups..", "..monitor.breaches..", "..monitor.status..", "..monitor.config..")
                .because("persistence is the innermost ring").check(MONITOR);
    }

    @Test
    void noClassUsesAnotherServicesClasses() {
        noClasses().that().resideInAPackage("dev.dbops.monitor..").should().dependOnClassesThat()
                .resideInAnyPackage("dev.dbops.migration..", "dev.dbops.backup..", "dev.dbops.alert..")
                .because("services talk only through Kafka; shared code belongs in common").check(MONITOR);
    }
}
